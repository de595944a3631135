package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.catalog.Catalog;
import dev.kassa.customers.Customers;
import dev.kassa.events.EventLog;
import dev.kassa.identity.Approvals;
import dev.kassa.inventory.InsufficientStock;
import dev.kassa.inventory.Stock;
import dev.kassa.inventory.StockLine;
import dev.kassa.numbering.DocumentNumbers;
import dev.kassa.numbering.DocumentType;
import dev.kassa.numbering.NumberBlocks;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.RawJson;
import dev.kassa.platform.Role;
import dev.kassa.platform.SqlPart;
import dev.kassa.platform.Page;
import dev.kassa.tills.TillSessions;

/**
 * Sales: priced by the server, paid, taken from stock and numbered in one transaction, exactly once per
 * {@code Idempotency-Key}. The number is taken last, so that the series row is locked for the shortest
 * time; a sale that fails leaves no number used, no stock moved and no event.
 */
@Service
public class Sales {

	private final SaleStore store;

	private final Catalog catalog;

	private final Locations locations;

	private final Quotes quotes;

	private final DocumentNumbers numbers;

	private final Stock stock;

	private final EventLog events;

	private final Idempotency idempotency;

	private final Customers customers;

	private final TransactionTemplate transactions;

	private final SaleReturnStore returns;

	private final SaleWriter writer;

	private final TillSessions tills;

	private final NumberBlocks blocks;

	private final Approvals approvals;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	private final OfflineSettings offline;

	private final OfflineExceptionStore exceptions;

	Sales(SaleStore store, Catalog catalog, Locations locations, Quotes quotes, DocumentNumbers numbers, Stock stock,
			EventLog events, Idempotency idempotency, Customers customers, TransactionTemplate transactions,
			SaleReturnStore returns, SaleWriter writer, TillSessions tills, NumberBlocks blocks, OfflineSettings offline,
			OfflineExceptionStore exceptions, Approvals approvals) {
		this.offline = offline;
		this.exceptions = exceptions;
		this.approvals = approvals;
		this.blocks = blocks;
		this.writer = writer;
		this.tills = tills;
		this.store = store;
		this.catalog = catalog;
		this.locations = locations;
		this.quotes = quotes;
		this.numbers = numbers;
		this.stock = stock;
		this.events = events;
		this.idempotency = idempotency;
		this.customers = customers;
		this.transactions = transactions;
		this.returns = returns;
	}

	/**
	 * A sale as a till posts it. {@code subtotal} and {@code total}, when sent, must equal the server's
	 * figures to the minor unit.
	 *
	 * @param placeOfSupply the GST state code of the buyer; the location's state when absent
	 * @param discount the sale discount: a percentage when {@code isPercentageDiscount}, else an amount
	 * @param number a number of the terminal's open number block, printed offline; taken from the series when absent
	 * @param madeAt when the sale was made offline; its local day is the sale's date. Required with a number
	 * @param sessionId the till session an offline sale was made in; by default the terminal's session opened
	 *        last before {@code madeAt}
	 */
	public record NewSale(@NotNull UUID locationId, @Nullable UUID terminalId,
			@Nullable UUID customerId,
			@Pattern(regexp = "[0-9]{2}", message = "must be a two-digit state code") @Nullable String placeOfSupply,
			@NotEmpty @Size(max = 500) List<@Valid @NotNull NewLine> lines,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal discount,
			@Nullable Boolean isPercentageDiscount,
			@NotEmpty @Size(max = 20) List<@Valid @NotNull NewPayment> payments,
			@Size(max = 2000) @Nullable String notes,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal subtotal,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal total,
			@Size(min = 1, max = 16) @Nullable String number,
			@Nullable OffsetDateTime madeAt, @Nullable UUID sessionId) {
	}

	/**
	 * @param unitPrice overrides the catalog price (MANAGER, ADMIN; a CASHIER within a configured reduction)
	 * @param discount an amount off the line
	 */
	public record NewLine(@NotNull UUID productId,
			@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 3) BigDecimal quantity,
			@DecimalMin("0") @Digits(integer = 10, fraction = 4) @Nullable BigDecimal unitPrice,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal discount) {
	}

	/** @param tendered cash handed over, at least {@code amount}; the rest is change */
	public record NewPayment(@NotNull PaymentMethod method,
			@NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal amount,
			@DecimalMin("0") @Digits(integer = 14, fraction = 4) @Nullable BigDecimal tendered,
			@Size(max = 100) @Nullable String reference) {
	}

	/** How often a sale is tried again when its statement failed and nothing explains why. */
	private static final int ATTEMPTS = 3;

	/**
	 * Posts a sale once per key: a repeat with the same body answers the first response. The key of a sale made
	 * offline (one with a block {@code number}) belongs to its terminal rather than to the user, so that an
	 * outbox replayed by whoever signs in at the till next still records each sale once.
	 */
	public Idempotency.Response create(NewSale request, @Nullable String idempotencyKey, CurrentUser cashier) {
		var scope = request.number() != null && request.terminalId() != null ? "sale-offline:" + request.terminalId()
				: "sale:" + cashier.id();
		for (int attempt = 1;; attempt++) {
			try {
				return idempotency.run(scope, idempotencyKey, request, HttpStatus.CREATED,
						(Idempotency.Answer answer) -> request.number() == null ? record(request, cashier, answer)
								: recordOffline(request, cashier, answer));
			}
			catch (NotRecorded ex) {
				// asked after the rollback: the statement that failed ended the transaction
				var shortages = stock.shortages(ex.locationId, ex.stockLines);
				if (!shortages.isEmpty()) {
					throw new InsufficientStock(shortages);
				}
				if (ex.blockNumber != null) {
					var refused = blocks.whyNotTaken(java.util.Objects.requireNonNull(request.terminalId()), ex.blockNumber);
					if (refused.isPresent()) {
						throw refused.get();
					}
				}
				var why = ex.blockNumber != null ? Optional.<ApiException>empty()
						: numbers.whyNoNumber(DocumentType.SALE, ex.locationId, ex.businessDate);
				if (why.isPresent()) {
					throw why.get();
				}
				if (ex.sessionId != null) {
					var closed = tills.whyNotClaimed(ex.sessionId);
					if (closed.isPresent()) {
						throw closed.get();
					}
				}
				if (attempt == ATTEMPTS) {
					throw ApiException.conflict("sale_not_recorded",
							"Stock or the number series changed while the sale was recorded; post it again");
				}
			}
		}
	}

	/** The sale's statement took no number or not all of its stock; its transaction is rolled back. */
	private static final class NotRecorded extends RuntimeException {

		final UUID locationId;

		final LocalDate businessDate;

		final List<StockLine> stockLines;

		final @Nullable UUID sessionId;

		final @Nullable String blockNumber;

		NotRecorded(UUID locationId, LocalDate businessDate, List<StockLine> stockLines, @Nullable UUID sessionId,
				@Nullable String blockNumber) {
			super(null, null, false, false);
			this.blockNumber = blockNumber;
			this.sessionId = sessionId;
			this.locationId = locationId;
			this.businessDate = businessDate;
			this.stockLines = stockLines;
		}
	}

	/**
	 * Records the sale and answers it serialized once. The number's row lock is held from taking the
	 * number to the commit, so everything that carries the number or waits for it is written in one
	 * statement sent with the COMMIT: the number, the stock taken and its movements, the sale, its event
	 * and the stored answer. The lock is held for one statement and the commit, with no wait for this
	 * JVM in between; stock rows are locked after the number, so only by the sale holding it, and no sale
	 * waits for the number while holding stock others need. The lines, payments and the customer's figures
	 * are written before. The JSON is written first with a placeholder no client can guess, which the
	 * statement replaces by the number. When the number or some stock cannot be taken, the statement fails
	 * before the COMMIT, and {@link #create} says why after the rollback.
	 */
	private RawJson record(NewSale request, CurrentUser cashier, Idempotency.Answer answer) {
		var id = Ids.next();
		var quote = quotes.quote(new Quotes.Request(request.locationId(), request.placeOfSupply(), request.lines(),
				request.discount(), request.isPercentageDiscount(), request.subtotal(), request.total()), cashier,
				Quotes.For.sale(id));
		var priced = quote.priced();
		var payments = payments(request.payments(), priced.total());
		var now = clock.instant();
		var location = quote.location();
		var madeAt = request.madeAt() == null ? now : checkMadeAt(request.madeAt(), now);
		var businessDate = LocalDate.ofInstant(madeAt, ZoneId.of(location.timeZone()));
		var draft = new Sale(id, "", location.id(), request.terminalId(), null, request.customerId(),
				cashier.id(),
				SaleStatus.COMPLETED, quote.supply().name(), quote.placeOfSupply(), quote.currency(), businessDate,
				priced.subtotal(), quote.discountValue(), quote.percentage(), priced.saleDiscount(),
				priced.discountTotal(), priced.taxable(), priced.cgst(), priced.sgst(), priced.igst(), priced.cess(),
				priced.tax(), priced.total(), priced.total(), change(payments, quote.scale()),
				blankToNull(request.notes()), now, madeAt, null, null, null, quote.lines(), List.copyOf(payments));
		var claim = request.terminalId() == null ? TillSessions.Claim.NONE
				: tills.claim(request.terminalId(), location.id(), TillFigures.sale(id, priced.total(),
						priced.discountTotal(), quote.lines(), payments), "terminal_id", cashier);
		var taking = stock.takeInStatement(location.id(), quote.stockLines(), "SALE", "SALE", id, "taken");
		try {
			return new RawJson(writer.writeAndCommit(draft, null, taking.parts(), taking.allTaken(), claim, answer)
				.json());
		}
		catch (SqlPart.NoRow ex) {
			throw new NotRecorded(location.id(), businessDate, quote.stockLines(), claim.sessionId(), null);
		}
	}

	/** When a sale was made: not further in the future than a till's clock may be off, nor older than allowed. */
	private Instant checkMadeAt(OffsetDateTime given, Instant now) {
		// to the microsecond, as PostgreSQL keeps it, so that the answer and every later read agree
		var madeAt = given.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
		if (madeAt.isAfter(now.plus(offline.clockSkew()))) {
			throw ApiException.invalid("made_at", "is in the future (the server's time is " + now + ")");
		}
		if (madeAt.isBefore(now.minus(offline.maxAge()))) {
			throw ApiException.invalid("made_at", "is more than " + offline.maxAge().toDays()
					+ " days ago; a sale that old is entered by a manager, not replayed");
		}
		return madeAt;
	}

	/**
	 * Records a sale made offline with its terminal's block number (docs/offline.md): what changed since it was
	 * made does not refuse it. Stock may go below zero, a price the till had stands, a deactivated product or a
	 * missing customer is let through, a session closed meanwhile takes it as a late arrival, a number its
	 * block's hand-back cancelled is used after all; each is recorded as an offline exception in the sale's own
	 * statement, with one {@code offline_exception.raised} event. Malformed requests, a number of another
	 * terminal or already carrying a sale, and a till clock far off are still refused, with nothing written.
	 */
	private RawJson recordOffline(NewSale request, CurrentUser cashier, Idempotency.Answer answer) {
		var now = clock.instant();
		var number = java.util.Objects.requireNonNull(request.number());
		if (request.terminalId() == null) {
			throw ApiException.invalid("terminal_id", "is required with a block number");
		}
		if (request.madeAt() == null) {
			throw ApiException.invalid("made_at", "is required with a block number: when the till made the sale");
		}
		var terminalId = request.terminalId();
		var madeAt = checkMadeAt(request.madeAt(), now);
		var seen = blocks.number(terminalId, number).orElseThrow(() -> blocks.whyNotTaken(terminalId, number).orElseThrow());
		if (!seen.takeable()) {
			throw blocks.whyNotTaken(terminalId, number).orElseThrow(() -> ApiException.conflict("sale_not_recorded",
					"The number " + number + " changed while the sale was recorded; post it again"));
		}
		if (madeAt.isBefore(seen.blockCreatedAt().minus(offline.clockSkew()))) {
			throw ApiException.unprocessable("made_before_block", "The sale was made at " + madeAt + ", before its number's"
					+ " block was reserved at " + seen.blockCreatedAt(), "made_at");
		}
		var id = Ids.next();
		var quote = quotes.offline(new Quotes.Request(request.locationId(), request.placeOfSupply(), request.lines(),
				request.discount(), request.isPercentageDiscount(), request.subtotal(), request.total()), cashier,
				new Quotes.Offline(madeAt, offline.priceWindow()), Quotes.For.sale(id));
		var flags = new ArrayList<>(quote.flags());
		var customerId = request.customerId();
		if (customerId != null && !customerExists(customerId)) {
			flags.add(new Quotes.Flag("CUSTOMER_MISSING", null, null, "The customer " + customerId
					+ " the till sold to no longer exists; the sale is recorded without a customer",
					Map.of("customer_id", customerId)));
			customerId = null;
		}
		var priced = quote.priced();
		var payments = payments(request.payments(), priced.total());
		var location = quote.location();
		var businessDate = LocalDate.ofInstant(madeAt, ZoneId.of(location.timeZone()));
		var draft = new Sale(id, "", location.id(), terminalId, null, customerId, cashier.id(), SaleStatus.COMPLETED,
				quote.supply().name(), quote.placeOfSupply(), quote.currency(), businessDate, priced.subtotal(),
				quote.discountValue(), quote.percentage(), priced.saleDiscount(), priced.discountTotal(), priced.taxable(),
				priced.cgst(), priced.sgst(), priced.igst(), priced.cess(), priced.tax(), priced.total(), priced.total(),
				change(payments, quote.scale()), blankToNull(request.notes()), now, madeAt, null, null, null,
				quote.lines(), List.copyOf(payments));
		boolean cancelled = seen.state().equals("CANCELLED");
		var claim = tills.claimOffline(terminalId, location.id(), TillFigures.sale(id, priced.total(),
				priced.discountTotal(), quote.lines(), payments), request.sessionId(), madeAt, offline.clockSkew(), cancelled,
				cashier);
		if (claim.late()) {
			flags.add(new Quotes.Flag("LATE_ARRIVAL", null, null, "The sale was made in session " + claim.lateSessionId()
					+ ", which was closed before it arrived; its Z report stays as written and the sale is in the "
					+ "session's late arrivals", Map.of("session_id", java.util.Objects.requireNonNull(claim.lateSessionId()))));
		}
		if (cancelled) {
			var figures = new java.util.LinkedHashMap<String, Object>();
			figures.put("number", number);
			figures.put("block_id", seen.blockId());
			figures.put("cancelled_reason", java.util.Objects.requireNonNullElse(seen.reason(), ""));
			if (seen.releasedAt() != null) {
				figures.put("released_at", seen.releasedAt());
			}
			flags.add(new Quotes.Flag("NUMBER_CANCELLED", null, null, "The number " + number + " was cancelled when its"
					+ " block was handed back (" + seen.reason() + "); the sale made offline with it carries it now",
					figures));
		}
		var taking = stock.takeInStatementForced(location.id(), quote.stockLines(), "SALE", "SALE", id, "taken");
		var sessionId = claim.late() ? claim.lateSessionId() : claim.sessionId();
		var raised = exceptions.raise(draft, sessionId, flags, quote.stockLines(), now);
		try {
			return new RawJson(writer.writeAndCommit(draft, new SaleWriter.Offline(seen, raised), taking.parts(),
					taking.allTaken(), claim, answer).json());
		}
		catch (SqlPart.NoRow ex) {
			// no session refusal: a session closed while this sale was recorded takes it as a late arrival on the next try
			throw new NotRecorded(location.id(), businessDate, List.of(), null, number);
		}
	}

	private boolean customerExists(UUID customerId) {
		try {
			customers.get(customerId);
			return true;
		}
		catch (ApiException ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Records a sale inside the caller's transaction, which goes on and commits it with what else the caller writes
	 * (the cylinders exchanged with the refills sold): both or neither. Priced and checked as {@link #create}; the
	 * number is taken first and held until the caller commits, then the stock (409 when short, nothing kept), then
	 * the sale, as every sale locks them. Not for a terminal's offline block numbers; the caller keeps idempotency.
	 */
	public Sale recordWithin(NewSale request, CurrentUser cashier) {
		if (request.number() != null || request.madeAt() != null) {
			throw ApiException.invalid(request.number() != null ? "number" : "made_at",
					"is for a sale made offline; post it to /api/v1/sales");
		}
		var id = Ids.next();
		var quote = quotes.quote(new Quotes.Request(request.locationId(), request.placeOfSupply(), request.lines(),
				request.discount(), request.isPercentageDiscount(), request.subtotal(), request.total()), cashier,
				Quotes.For.sale(id));
		var priced = quote.priced();
		var payments = payments(request.payments(), priced.total());
		var now = clock.instant();
		var location = quote.location();
		var businessDate = LocalDate.ofInstant(now, ZoneId.of(location.timeZone()));
		var draft = new Sale(id, "", location.id(), request.terminalId(), null, request.customerId(), cashier.id(),
				SaleStatus.COMPLETED, quote.supply().name(), quote.placeOfSupply(), quote.currency(), businessDate,
				priced.subtotal(), quote.discountValue(), quote.percentage(), priced.saleDiscount(),
				priced.discountTotal(), priced.taxable(), priced.cgst(), priced.sgst(), priced.igst(), priced.cess(),
				priced.tax(), priced.total(), priced.total(), change(payments, quote.scale()),
				blankToNull(request.notes()), now, now, null, null, null, quote.lines(), List.copyOf(payments));
		var claim = request.terminalId() == null ? TillSessions.Claim.NONE
				: tills.claim(request.terminalId(), location.id(), TillFigures.sale(id, priced.total(),
						priced.discountTotal(), quote.lines(), payments), "terminal_id", cashier);
		return writer.write(draft, () -> stock.take(location.id(), quote.stockLines(), "SALE", "SALE", id), claim);
	}

	/** Cash tendered beyond the amounts, given back. */
	static BigDecimal change(List<SalePayment> payments, int scale) {
		var change = BigDecimal.ZERO.setScale(scale);
		for (var payment : payments) {
			if (payment.tendered() != null) {
				change = change.add(payment.tendered().subtract(payment.amount()));
			}
		}
		return change;
	}

	/** Payments must settle the total exactly; cash may be tendered beyond its amount and gives change. */
	static List<SalePayment> payments(List<NewPayment> given, BigDecimal total) {
		var payments = new ArrayList<SalePayment>();
		var sum = BigDecimal.ZERO;
		for (int i = 0; i < given.size(); i++) {
			var payment = given.get(i);
			if (payment.tendered() != null) {
				if (payment.method() != PaymentMethod.CASH) {
					throw ApiException.invalid("payments[" + i + "].tendered", "only cash is tendered");
				}
				if (payment.tendered().compareTo(payment.amount()) < 0) {
					throw ApiException.invalid("payments[" + i + "].tendered", "must be at least the amount");
				}
			}
			sum = sum.add(payment.amount());
			payments.add(new SalePayment(Ids.next(), payment.method(), payment.amount(), payment.tendered(),
					blankToNull(payment.reference())));
		}
		if (sum.compareTo(total) < 0) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "payments_short",
					"The payments settle " + sum.toPlainString() + " of the total " + total.toPlainString(),
					List.of(new ApiException.FieldError("payments", "settle " + sum.toPlainString() + ", the total is "
							+ total.toPlainString())),
					Map.of("expected", total, "given", sum));
		}
		if (sum.compareTo(total) > 0) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "payments_exceed_total",
					"The payments settle " + sum.toPlainString() + " but the total is " + total.toPlainString()
							+ "; cash handed over beyond the total is its tendered amount",
					List.of(new ApiException.FieldError("payments", "settle " + sum.toPlainString() + ", the total is "
							+ total.toPlainString())),
					Map.of("expected", total, "given", sum));
		}
		return payments;
	}

	static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

	// Voiding

	/**
	 * Voids a completed sale on its own business day (in the location's time zone): its stock goes back,
	 * it keeps its number and stays readable. Refused with 409 when voided already, on a later day, or when
	 * some of it was returned ({@code sale_has_returns}).
	 */
	public Sale voidSale(UUID id, String reason, CurrentUser manager) {
		if (reason.isBlank()) {
			throw ApiException.invalid("reason", "must not be blank");
		}
		return transactions.execute(tx -> {
			var sale = store.lock(id)
				.filter(found -> manager.mayUse(found.locationId()))
				.orElseThrow(() -> ApiException.notFound("Sale", id));
			requireManagerOrApproval(manager, sale.locationId(), sale.id(), "A void");
			if (sale.status() == SaleStatus.VOIDED) {
				throw ApiException.conflict("sale_already_voided",
						"Sale " + sale.number() + " was voided at " + sale.voidedAt());
			}
			// a void gives back all of the sale; after a return that would refund and restock the returned part twice
			if (returns.anyReturned(sale.id())) {
				throw ApiException.conflict("sale_has_returns", "Sale " + sale.number()
						+ " has returns; a sale with returns is not voided: return what is left instead");
			}
			var location = locations.get(sale.locationId());
			var today = LocalDate.now(clock.withZone(ZoneId.of(location.timeZone())));
			if (!sale.businessDate().equals(today)) {
				throw ApiException.conflict("void_not_same_day", "Sale " + sale.number() + " is of "
						+ sale.businessDate() + "; a sale is voided only on its own business day (today is " + today
						+ " at " + location.code() + "); take a return instead");
			}
			var products = catalog.products(sale.lines().stream().map(SaleLine::productId).toList());
			var back = new ArrayList<StockLine>();
			for (var line : sale.lines()) {
				var product = products.get(line.productId());
				if (product != null && product.trackStock()) {
					back.add(new StockLine(line.productId(), line.quantity(), product.allowNegativeStock(), true));
				}
			}
			if (!back.isEmpty()) {
				stock.put(sale.locationId(), back, "VOID", reason.strip(), "SALE", sale.id());
			}
			if (sale.customerId() != null) {
				customers.recordRefund(sale.customerId(), sale.total(), true);
			}
			store.markVoided(id, manager.id(), reason.strip(), clock.instant());
			if (sale.terminalId() != null) {
				tills.recordVoid(sale.terminalId(), sale.locationId(), TillFigures.voided(sale), sale.number(), manager);
			}
			var voided = store.find(id).orElseThrow();
			events.append("sale.voided", "sale", id, sale.locationId(),
					Map.of("number", sale.number(), "reason", reason.strip(), "total", sale.total()));
			return voided;
		});
	}

	// Returns

	/** One line to return: which sale line, how much, and whether the goods go back into stock. */
	public record ReturnLine(@NotNull UUID saleLineId,
			@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 3) BigDecimal quantity,
			@NotNull Boolean restock) {
	}

	public record Refund(@NotNull PaymentMethod method,
			@NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal amount,
			@Size(max = 100) @Nullable String reference) {
	}

	/**
	 * @param refunds must together equal the return's total
	 * @param terminalId the terminal the refund is paid at: the refund belongs to its open session; when absent,
	 *        to the user's own open session at the sale's location (see {@link TillSessions#recordRefund})
	 */
	public record NewReturn(@NotEmpty @Size(max = 500) List<@Valid @NotNull ReturnLine> lines,
			@NotEmpty @Size(max = 20) List<@Valid @NotNull Refund> refunds,
			@jakarta.validation.constraints.NotBlank @Size(max = 500) String reason, @Nullable UUID terminalId) {
	}

	/**
	 * Takes back some of a sale's lines as a credit note. Each line's amount is its share of the sold line's
	 * total, rounded half-up; the return that takes the last of a line gets exactly what remains, so the
	 * returns of a line never add up to more than it was sold for. Never more than sold minus earlier
	 * returns, also under concurrent returns (one guarded update per line).
	 */
	public Idempotency.Response createReturn(UUID saleId, NewReturn request, @Nullable String idempotencyKey,
			CurrentUser user) {
		return idempotency.run("sale-return:" + user.id(), idempotencyKey, java.util.List.of(saleId, request),
				HttpStatus.CREATED, () -> recordReturn(saleId, request, user));
	}

	private static void checkReturnable(SaleLine sold, SaleReturnStore.Remaining remaining, BigDecimal quantity,
			String field) {
		if (quantity.compareTo(remaining.quantity()) > 0) {
			throw new ApiException(HttpStatus.CONFLICT, "return_exceeds_sold",
					"Line " + sold.lineNo() + " (" + sold.sku() + ") sold " + sold.quantity().stripTrailingZeros().toPlainString()
							+ ", of which " + remaining.quantity().stripTrailingZeros().toPlainString()
							+ " may still be returned; asked for " + quantity.stripTrailingZeros().toPlainString(),
					List.of(new ApiException.FieldError(field + ".quantity", "at most "
							+ remaining.quantity().stripTrailingZeros().toPlainString() + " may be returned")),
					Map.of("sale_line_id", sold.id(), "returnable", remaining.quantity()));
		}
	}

	/** The line's share for the quantity, rounded half-up; the last of a line gets exactly what remains of it. */
	private static BigDecimal returnAmount(SaleLine sold, SaleReturnStore.Remaining remaining, BigDecimal quantity,
			int scale) {
		return quantity.compareTo(remaining.quantity()) == 0 ? remaining.amount().setScale(scale)
				: sold.total().multiply(quantity).divide(sold.quantity(), scale, java.math.RoundingMode.HALF_UP);
	}

	/** The tax this return takes back, given what of the line is not returned yet (see {@link ReturnTax}). */
	private static ReturnTax returnTax(SaleLine sold, SaleReturnStore.Remaining remaining, BigDecimal quantity,
			int scale) {
		return ReturnTax.of(sold, sold.quantity().subtract(remaining.quantity()), quantity, scale);
	}

	/** The percent a MANAGER's approval must cover for a return or a void: all of it. */
	private static final BigDecimal WHOLE = BigDecimal.valueOf(100);

	/**
	 * A return or a void by a user below MANAGER needs a MANAGER's approval typed at the till
	 * ({@code POST /api/v1/approvals} with {@code max_percent} 100), its token in the {@code Kassa-Approval}
	 * header, used up by this request (403 {@code approval_required} without one, {@code approval_refused} for one
	 * that does not hold).
	 */
	private void requireManagerOrApproval(CurrentUser user, UUID locationId, UUID saleId, String what) {
		if (user.hasAny(Role.ADMIN, Role.MANAGER)) {
			return;
		}
		var token = Quotes.approvalToken();
		if (token == null) {
			throw new ApiException(HttpStatus.FORBIDDEN, "approval_required", what + " needs a MANAGER: a manager "
					+ "approves it at this till (POST /api/v1/approvals, max_percent 100) and the request carries the token in the "
					+ Quotes.APPROVAL_HEADER + " header");
		}
		if (approvals.use(token, user.id(), locationId, WHOLE, Approvals.Kind.SALE, saleId).isEmpty()) {
			throw new ApiException(HttpStatus.FORBIDDEN, "approval_refused", "The approval is unknown, used, expired, "
					+ "for another user or location, or not for 100%; a manager approves the "
					+ what.toLowerCase(java.util.Locale.ROOT) + " again");
		}
	}

	/** A line of a return to price: which sale line, how much. */
	public record QuoteLine(@NotNull UUID saleLineId,
			@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 3) BigDecimal quantity) {
	}

	/**
	 * A line of the sale: what was sold, what may still be returned, and what the quantity asked (0 when not
	 * asked) would refund, tax included.
	 */
	public record QuotedLine(UUID saleLineId, int lineNo, UUID productId, String sku, String name, String unit,
			BigDecimal sold, BigDecimal returnable, BigDecimal quantity, BigDecimal amount, BigDecimal taxTotal) {
	}

	/**
	 * What a return of the lines asked would refund, priced as the return would be; writes nothing.
	 *
	 * @param approvalNeeded whether the caller needs a MANAGER's approval to make the return
	 */
	public record ReturnQuote(UUID saleId, String saleNumber, UUID locationId, String currency, String status,
			List<QuotedLine> lines, BigDecimal total, BigDecimal taxTotal, boolean approvalNeeded) {
	}

	/**
	 * Prices a return of some of the sale's lines exactly as {@link #createReturn} would, writing nothing, so that
	 * a till shows only the server's refund: every line of the sale, with what is returnable and the amount for
	 * the quantity asked. 409 {@code return_exceeds_sold} like the return; 409 {@code sale_voided}.
	 */
	public ReturnQuote quoteReturn(UUID saleId, List<QuoteLine> asked, CurrentUser user) {
		var sale = get(saleId, user);
		if (sale.status() == SaleStatus.VOIDED) {
			throw ApiException.conflict("sale_voided", "Sale " + sale.number() + " is voided; nothing can be returned");
		}
		int scale = sale.total().scale();
		var remaining = returns.remaining(sale.id());
		var quantities = new java.util.HashMap<UUID, BigDecimal>();
		for (int i = 0; i < asked.size(); i++) {
			var given = asked.get(i);
			var field = "lines[" + i + "]";
			var sold = sale.lines().stream().filter(l -> l.id().equals(given.saleLineId())).findFirst()
				.orElseThrow(() -> ApiException.invalid(field + ".sale_line_id", "is not a line of sale " + sale.number()));
			if (quantities.put(sold.id(), given.quantity()) != null) {
				throw ApiException.invalid(field + ".sale_line_id", "names a line already named");
			}
			checkReturnable(sold, Objects.requireNonNull(remaining.get(sold.id()), "every line of the sale has its remainder"),
					given.quantity(), field);
		}
		var lines = new ArrayList<QuotedLine>();
		var total = BigDecimal.ZERO.setScale(scale);
		var taxTotal = BigDecimal.ZERO.setScale(scale);
		for (var sold : sale.lines()) {
			var left = Objects.requireNonNull(remaining.get(sold.id()), "every line of the sale has its remainder");
			var quantity = quantities.getOrDefault(sold.id(), BigDecimal.ZERO);
			var amount = quantity.signum() == 0 ? BigDecimal.ZERO.setScale(scale) : returnAmount(sold, left, quantity, scale);
			var tax = quantity.signum() == 0 ? BigDecimal.ZERO.setScale(scale) : returnTax(sold, left, quantity, scale).total();
			lines.add(new QuotedLine(sold.id(), sold.lineNo(), sold.productId(), sold.sku(), sold.name(), sold.unit(),
					sold.quantity(), left.quantity(), quantity, amount, tax));
			total = total.add(amount);
			taxTotal = taxTotal.add(tax);
		}
		return new ReturnQuote(sale.id(), sale.number(), sale.locationId(), sale.currency(), sale.status().name(),
				List.copyOf(lines), total, taxTotal, !user.hasAny(Role.ADMIN, Role.MANAGER));
	}

	private SaleReturn recordReturn(UUID saleId, NewReturn request, CurrentUser user) {
		// locked as a void locks it, so that a return and a void of the sale cannot both go through
		var sale = store.lock(saleId)
			.filter(found -> user.mayUse(found.locationId()))
			.orElseThrow(() -> ApiException.notFound("Sale", saleId));
		requireManagerOrApproval(user, sale.locationId(), sale.id(), "A return");
		if (sale.status() == SaleStatus.VOIDED) {
			throw ApiException.conflict("sale_voided", "Sale " + sale.number() + " is voided; nothing can be returned");
		}
		int scale = sale.total().scale();
		var id = Ids.next();
		var lines = new ArrayList<SaleReturn.Line>();
		var restock = new ArrayList<StockLine>();
		var total = BigDecimal.ZERO.setScale(scale);
		var taxTotal = BigDecimal.ZERO.setScale(scale);
		var seen = new HashSet<UUID>();
		var products = catalog.products(sale.lines().stream().map(SaleLine::productId).toList());
		var ordered = new ArrayList<Integer>();
		for (int i = 0; i < request.lines().size(); i++) {
			ordered.add(i);
		}
		// lock sale lines in id order, so that concurrent returns cannot deadlock
		ordered.sort(java.util.Comparator.comparing(i -> request.lines().get(i).saleLineId()));
		for (int i : ordered) {
			var given = request.lines().get(i);
			var field = "lines[" + i + "]";
			if (!seen.add(given.saleLineId())) {
				throw ApiException.invalid(field + ".sale_line_id", "names a line already named");
			}
			var sold = sale.lines().stream().filter(l -> l.id().equals(given.saleLineId())).findFirst()
				.orElseThrow(() -> ApiException.invalid(field + ".sale_line_id", "is not a line of sale " + sale.number()));
			var remaining = returns.lockRemaining(sold.id());
			checkReturnable(sold, remaining, given.quantity(), field);
			var amount = returnAmount(sold, remaining, given.quantity(), scale);
			var tax = returnTax(sold, remaining, given.quantity(), scale);
			if (!returns.markReturned(sold.id(), given.quantity(), amount)) {
				throw new IllegalStateException("sale line " + sold.id() + " changed while locked");
			}
			lines.add(new SaleReturn.Line(Ids.next(), sold.id(), sold.productId(), given.quantity(), amount,
					tax.total(), tax.cgst(), tax.sgst(), tax.igst(), tax.cess(), given.restock()));
			total = total.add(amount);
			taxTotal = taxTotal.add(tax.total());
			var product = products.get(sold.productId());
			if (given.restock() && product != null && product.trackStock()) {
				restock.add(new StockLine(sold.productId(), given.quantity(), product.allowNegativeStock(), true));
			}
		}
		var refunded = BigDecimal.ZERO;
		var refunds = new ArrayList<SaleReturn.Refund>();
		for (var refund : request.refunds()) {
			refunded = refunded.add(refund.amount());
			refunds.add(new SaleReturn.Refund(Ids.next(), refund.method(), refund.amount(), blankToNull(refund.reference())));
		}
		if (refunded.compareTo(total) != 0) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "refunds_mismatch",
					"The refunds come to " + refunded.toPlainString() + " but the return is worth " + total.toPlainString(),
					List.of(new ApiException.FieldError("refunds",
							"expected " + total.toPlainString() + ", given " + refunded.toPlainString())),
					Map.of("expected", total, "given", refunded));
		}
		if (!restock.isEmpty()) {
			stock.put(sale.locationId(), restock, "RETURN", request.reason().strip(), "CREDIT_NOTE", id);
		}
		var location = locations.get(sale.locationId());
		var now = clock.instant();
		var businessDate = LocalDate.ofInstant(now, ZoneId.of(location.timeZone()));
		var number = numbers.take(DocumentType.CREDIT_NOTE, sale.locationId(), businessDate);
		var credit = new SaleReturn(id, number, sale.id(), sale.locationId(), businessDate, request.reason().strip(), total,
				taxTotal, user.id(), now, List.copyOf(lines), List.copyOf(refunds));
		returns.insert(credit);
		tills.recordRefund(request.terminalId(), sale.locationId(), TillFigures.refund(credit, sale), number, user);
		if (sale.customerId() != null) {
			customers.recordRefund(sale.customerId(), total, false);
		}
		events.append("sale.returned", "sale", sale.id(), sale.locationId(), credit);
		return credit;
	}

	// Reading

	/**
	 * What a list may be filtered by; null means any.
	 *
	 * @param only the locations the caller is limited to
	 * @param from the first business day, inclusive
	 * @param to the last business day, inclusive
	 */
	public record Filter(java.util.@Nullable Set<UUID> only, @Nullable UUID locationId, @Nullable SaleStatus status,
			@Nullable LocalDate from, @Nullable LocalDate to, @Nullable UUID cashierId, @Nullable UUID customerId,
			@Nullable PaymentMethod method) {
	}

	public Sale get(UUID id, CurrentUser user) {
		return store.find(id)
			.filter(sale -> user.mayUse(sale.locationId()))
			.orElseThrow(() -> ApiException.notFound("Sale", id));
	}

	/** A return (credit note) of the sale, with the same access rule as the sale; 404 when not of that sale. */
	public SaleReturn getReturn(UUID saleId, UUID returnId, CurrentUser user) {
		return returns.find(returnId)
			.filter(credit -> credit.saleId().equals(saleId) && user.mayUse(credit.locationId()))
			.orElseThrow(() -> ApiException.notFound("Return", returnId));
	}

	public Sale byNumber(String number, CurrentUser user) {
		return store.findByNumber(number)
			.filter(sale -> user.mayUse(sale.locationId()))
			.orElseThrow(() -> ApiException.notFound("Sale number", number));
	}

	/**
	 * How many sales, voided ones too, the location has on the business days from and to (inclusive); 404
	 * for the location when the user may not see it.
	 */
	public long count(UUID locationId, LocalDate from, LocalDate to, CurrentUser user) {
		if (!user.mayUse(locationId)) {
			throw ApiException.notFound("Location", locationId);
		}
		Quotes.checkPeriod(from, to);
		return store.count(locationId, from, to);
	}

	/** Newest first; a user limited to some locations sees only theirs. */
	public Page<Sale> list(Filter filter, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		Quotes.checkPeriod(filter.from(), filter.to());
		return Page.of(store.page(filter, Page.decodeId(cursor), size + 1), size, sale -> sale.id().toString());
	}
}

package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

import dev.kassa.events.EventLog;
import dev.kassa.inventory.Stock;
import dev.kassa.inventory.StockLine;
import dev.kassa.organization.Location;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.tills.TillSessions;
import dev.kassa.sales.Sales.NewLine;
import dev.kassa.sales.Sales.NewPayment;

/**
 * Orders for later fulfilment. Placing one prices it like a sale and reserves its stock; confirming changes
 * only its status; cancelling (from PENDING or CONFIRMED) releases the reservation; fulfilling (from
 * CONFIRMED) turns the reservation into a movement out and records the order as a sale, the invoice, with
 * the payments and a number from the location's SALE series, taken last in the same transaction. Every
 * change is one guarded update on the status read, so of two concurrent changes exactly one wins.
 */
@Service
public class Orders {

	private final OrderStore store;

	private final SaleWriter writer;

	private final TillSessions tills;

	private final Quotes quotes;

	private final Stock stock;

	private final EventLog events;

	private final Idempotency idempotency;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Orders(OrderStore store, SaleWriter writer, Quotes quotes, Stock stock, EventLog events, Idempotency idempotency,
			TransactionTemplate transactions, TillSessions tills) {
		this.tills = tills;
		this.store = store;
		this.writer = writer;
		this.quotes = quotes;
		this.stock = stock;
		this.events = events;
		this.idempotency = idempotency;
		this.transactions = transactions;
	}

	/**
	 * An order (or an estimate: the same fields) as a client places it; lines, discounts and the optional
	 * client figures as in {@link Sales.NewSale}.
	 */
	public record NewOrder(@NotNull UUID locationId, @Nullable UUID customerId,
			@Pattern(regexp = "[0-9]{2}", message = "must be a two-digit state code") @Nullable String placeOfSupply,
			@NotEmpty @Size(max = 500) List<@Valid @NotNull NewLine> lines,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal discount,
			@Nullable Boolean isPercentageDiscount, @Size(max = 2000) @Nullable String notes,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal subtotal,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal total) {

		Quotes.Request pricing() {
			return new Quotes.Request(locationId, placeOfSupply, lines, discount, isPercentageDiscount, subtotal, total);
		}
	}

	/**
	 * A change of status.
	 *
	 * @param payments required to fulfil, settling the total exactly (cash may be tendered beyond); refused
	 *        for any other change
	 * @param reason why an order is cancelled; optional
	 * @param terminalId the terminal an order is fulfilled at: its sale belongs to the terminal's open session
	 */
	public record StatusChange(@NotNull OrderStatus status,
			@Size(max = 20) @Nullable List<@Valid @NotNull NewPayment> payments,
			@Size(max = 500) @Nullable String reason, @Nullable UUID terminalId) {
	}

	/** Places an order once per key: priced like a sale, its stock reserved; 409 when stock is short. */
	public Idempotency.Response create(NewOrder request, @Nullable String idempotencyKey, CurrentUser user) {
		return idempotency.run("order:" + user.id(), idempotencyKey, request, HttpStatus.CREATED,
				() -> place(request, user));
	}

	private Order place(NewOrder request, CurrentUser user) {
		var id = Ids.next();
		var quote = quotes.quote(request.pricing(), user, Quotes.For.order(id));
		quotes.requireCustomer(request.customerId());
		var order = order(id, quote.location(), request.customerId(), user, null, Figures.of(quote),
				quote.lines(), Sales.blankToNull(request.notes()));
		return insert(order, quote.stockLines());
	}

	/** Places an order converted from an estimate, inside the caller's transaction, which appends the event. */
	Order placeConverted(UUID id, Location location, Estimate estimate, Figures figures, List<SaleLine> lines,
			CurrentUser user) {
		var order = order(id, location, estimate.customerId(), user, estimate.id(), figures, lines, estimate.notes());
		store.insert(order);
		var stockLines = quotes.stockLines(lines);
		if (!stockLines.isEmpty()) {
			stock.reserve(location.id(), stockLines);
			store.insertReservations(id, stockLines);
		}
		return order;
	}

	private Order insert(Order order, List<StockLine> stockLines) {
		store.insert(order);
		if (!stockLines.isEmpty()) {
			stock.reserve(order.locationId(), stockLines);
			store.insertReservations(order.id(), stockLines);
		}
		events.append("order.created", "order", order.id(), order.locationId(), order);
		return order;
	}

	private Order order(UUID id, Location location, @Nullable UUID customerId, CurrentUser user,
			@Nullable UUID estimateId, Figures f, List<SaleLine> lines, @Nullable String notes) {
		var now = clock.instant();
		return new Order(id, location.id(), customerId, user.id(), OrderStatus.PENDING, estimateId, f.supply(),
				f.placeOfSupply(), f.currency(), LocalDate.ofInstant(now, ZoneId.of(location.timeZone())), f.subtotal(),
				f.discountValue(), f.percentage(), f.saleDiscount(), f.discountTotal(), f.taxable(), f.cgst(), f.sgst(),
				f.igst(), f.cess(), f.taxTotal(), f.total(), notes, now, null, null, null, null, null, null, lines);
	}

	/** The figures of a priced document, the same for a sale, an order and an estimate. */
	record Figures(String supply, @Nullable String placeOfSupply, String currency, BigDecimal subtotal,
			BigDecimal discountValue, boolean percentage, BigDecimal saleDiscount, BigDecimal discountTotal,
			BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, BigDecimal taxTotal,
			BigDecimal total) {

		static Figures of(Quotes.Quote quote) {
			var p = quote.priced();
			return new Figures(quote.supply().name(), quote.placeOfSupply(), quote.currency(), p.subtotal(),
					quote.discountValue(), quote.percentage(), p.saleDiscount(), p.discountTotal(), p.taxable(), p.cgst(),
					p.sgst(), p.igst(), p.cess(), p.tax(), p.total());
		}

		static Figures of(Estimate e) {
			return new Figures(e.supply(), e.placeOfSupply(), e.currency(), e.subtotal(), e.discountValue(),
					e.isPercentageDiscount(), e.saleDiscount(), e.discountTotal(), e.taxable(), e.cgst(), e.sgst(),
					e.igst(), e.cess(), e.taxTotal(), e.total());
		}
	}

	/**
	 * Moves the order to the status asked for, if that is a legal step from its status: 409
	 * {@code illegal_transition} naming both otherwise, also when a concurrent change came first.
	 */
	public Order changeStatus(UUID id, StatusChange change, CurrentUser user) {
		var order = get(id, user);
		var to = change.status();
		requireLegal(order.status(), to);
		List<SalePayment> payments = List.of();
		if (to == OrderStatus.FULFILLED) {
			if (change.payments() == null || change.payments().isEmpty()) {
				throw ApiException.invalid("payments", "are required to fulfil an order, settling its total "
						+ order.total().toPlainString());
			}
			payments = Sales.payments(change.payments(), order.total());
		}
		else if (change.payments() != null && !change.payments().isEmpty()) {
			throw ApiException.invalid("payments", "are taken only when an order is fulfilled");
		}
		if (change.terminalId() != null && to != OrderStatus.FULFILLED) {
			throw ApiException.invalid("terminal_id", "is given only when an order is fulfilled");
		}
		var reason = Sales.blankToNull(change.reason());
		if (reason != null && to != OrderStatus.CANCELLED) {
			throw ApiException.invalid("reason", "is given only when an order is cancelled");
		}
		var settled = payments;
		return transactions.execute(tx -> {
			var now = clock.instant();
			var saleId = to == OrderStatus.FULFILLED ? Ids.next() : null;
			if (!store.move(id, order.status(), to, now, reason, saleId)) {
				var current = store.find(id).orElseThrow();
				throw illegal(current.status(), to);
			}
			switch (to) {
				case CONFIRMED -> events.append("order.confirmed", "order", id, order.locationId(),
						transition(order, to, null));
				case CANCELLED -> {
					var reserved = store.reservations(id);
					if (!reserved.isEmpty()) {
						stock.release(order.locationId(), reserved);
					}
					events.append("order.cancelled", "order", id, order.locationId(), transition(order, to, reason));
				}
				case FULFILLED -> {
					var sale = invoice(order, Objects.requireNonNull(saleId, "a fulfilment has its sale id"), settled, user,
							now, change.terminalId());
					store.setSaleNumber(id, sale.number());
					var payload = transition(order, to, null);
					payload.put("sale", sale);
					events.append("order.fulfilled", "order", id, order.locationId(), payload);
				}
				case PENDING -> throw new IllegalStateException("no order moves back to PENDING");
			}
			return store.find(id).orElseThrow();
		});
	}

	/**
	 * The fulfilled order as a sale, through the one sale writer: its lines and figures, the payments, a SALE
	 * number and then the stock out of the reservation (the number before the stock, in the order a sale
	 * locks them, so that the two never wait for each other).
	 */
	private Sale invoice(Order order, UUID saleId, List<SalePayment> payments, CurrentUser user, Instant now,
			@Nullable UUID terminalId) {
		var location = quotes.location(order.locationId());
		var businessDate = LocalDate.ofInstant(now, ZoneId.of(location.timeZone()));
		var lines = order.lines().stream().map(l -> new SaleLine(Ids.next(), l.lineNo(), l.productId(), l.sku(),
				l.name(), l.hsnCode(), l.unit(), l.quantity(), l.unitPrice(), l.listPrice(), l.priceIncludesTax(),
				l.taxRate(), l.cessRate(), l.gross(), l.discount(), l.saleDiscount(), l.taxable(), l.cgst(), l.sgst(),
				l.igst(), l.cess(), l.taxTotal(), l.total())).toList();
		var draft = new Sale(saleId, "", order.locationId(), terminalId, null, order.customerId(), user.id(),
				SaleStatus.COMPLETED, order.supply(), order.placeOfSupply(), order.currency(), businessDate,
				order.subtotal(), order.discountValue(), order.isPercentageDiscount(), order.saleDiscount(),
				order.discountTotal(), order.taxable(), order.cgst(), order.sgst(), order.igst(), order.cess(),
				order.taxTotal(), order.total(), order.total(), Sales.change(payments, order.total().scale()),
				order.notes(), now, now, null, null, null, lines, List.copyOf(payments));
		var claim = terminalId == null ? TillSessions.Claim.NONE
				: tills.claim(terminalId, order.locationId(), TillFigures.sale(saleId, order.total(),
						order.discountTotal(), lines, payments), "terminal_id", user);
		return writer.write(draft, () -> {
			var reserved = store.reservations(order.id());
			if (!reserved.isEmpty()) {
				stock.fulfil(order.locationId(), reserved, "SALE", saleId);
			}
		}, claim);
	}

	private static Map<String, Object> transition(Order order, OrderStatus to, @Nullable String reason) {
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", order.id());
		payload.put("from", order.status());
		payload.put("to", to);
		payload.put("total", order.total());
		if (reason != null) {
			payload.put("reason", reason);
		}
		return payload;
	}

	private static void requireLegal(OrderStatus from, OrderStatus to) {
		if (!from.mayBecome(to)) {
			throw illegal(from, to);
		}
	}

	private static ApiException illegal(OrderStatus from, OrderStatus to) {
		return ApiException.conflict("illegal_transition",
				"An order " + from + " cannot become " + to + "; allowed: PENDING to CONFIRMED or CANCELLED, "
						+ "CONFIRMED to FULFILLED or CANCELLED",
				Map.of("from", from, "to", to));
	}

	// Reading

	/**
	 * What a list may be filtered by; null means any.
	 *
	 * @param only the locations the caller is limited to
	 * @param from the first business day the order was placed, inclusive
	 * @param to the last, inclusive
	 */
	public record Filter(@Nullable Set<UUID> only, @Nullable UUID locationId, @Nullable OrderStatus status,
			@Nullable LocalDate from, @Nullable LocalDate to, @Nullable UUID customerId) {
	}

	public Order get(UUID id, CurrentUser user) {
		return store.find(id)
			.filter(order -> user.mayUse(order.locationId()))
			.orElseThrow(() -> ApiException.notFound("Order", id));
	}

	/** The fulfilled order whose invoice (sale) has this number. */
	public Order bySaleNumber(String number, CurrentUser user) {
		return store.findBySaleNumber(number)
			.filter(order -> user.mayUse(order.locationId()))
			.orElseThrow(() -> ApiException.notFound("Order with sale number", number));
	}

	/** Newest first; a user limited to some locations sees only theirs. */
	public Page<Order> list(Filter filter, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		Quotes.checkPeriod(filter.from(), filter.to());
		return Page.of(store.page(filter, Page.decodeId(cursor), size + 1), size, order -> order.id().toString());
	}
}

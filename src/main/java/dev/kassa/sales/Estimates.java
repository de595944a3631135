package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.events.EventLog;
import dev.kassa.numbering.DocumentNumbers;
import dev.kassa.numbering.DocumentType;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.sales.Sales.NewLine;

/**
 * Estimates (quotes): priced like a sale, numbered from the location's ESTIMATE series, valid until a day,
 * with no effect on stock. Converted to an order at most once (one guarded update; a concurrent conversion
 * waits for the row and then finds it converted): the order keeps the quoted prices or is priced anew from
 * the catalog, as {@code kassa.sales.estimate-prices} says, and reserves its stock like any order.
 */
@Service
public class Estimates {

	private static final Logger log = LoggerFactory.getLogger(Estimates.class);

	/** The furthest an estimate may be valid. */
	static final int MAX_VALIDITY_DAYS = 366;

	private final EstimateStore store;

	private final Quotes quotes;

	private final Orders orders;

	private final DocumentNumbers numbers;

	private final EventLog events;

	private final Idempotency idempotency;

	private final TransactionTemplate transactions;

	private final SaleSettings settings;

	private final JsonMapper json;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Estimates(EstimateStore store, Quotes quotes, Orders orders, DocumentNumbers numbers, EventLog events,
			Idempotency idempotency, TransactionTemplate transactions, SaleSettings settings, JsonMapper json) {
		this.store = store;
		this.quotes = quotes;
		this.orders = orders;
		this.numbers = numbers;
		this.events = events;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.settings = settings;
		this.json = json;
	}

	/**
	 * An estimate as a client asks for it: the fields of an order and the last day it is valid.
	 *
	 * @param validUntil today or later in the location's time zone; {@code kassa.sales.estimate-validity-days}
	 *        from today when absent
	 */
	public record NewEstimate(@NotNull UUID locationId, @Nullable UUID customerId,
			@Pattern(regexp = "[0-9]{2}", message = "must be a two-digit state code") @Nullable String placeOfSupply,
			@NotEmpty @Size(max = 500) List<@Valid @NotNull NewLine> lines,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal discount,
			@Nullable Boolean isPercentageDiscount, @Size(max = 2000) @Nullable String notes,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal subtotal,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal total, @Nullable LocalDate validUntil) {
	}

	/** Makes an estimate once per key, with the next number of the location's ESTIMATE series. */
	public Idempotency.Response create(NewEstimate request, @Nullable String idempotencyKey, CurrentUser user) {
		return idempotency.run("estimate:" + user.id(), idempotencyKey, request, HttpStatus.CREATED,
				() -> record(request, user));
	}

	private Estimate record(NewEstimate request, CurrentUser user) {
		var id = Ids.next();
		var quote = quotes.quote(new Quotes.Request(request.locationId(), request.placeOfSupply(), request.lines(),
				request.discount(), request.isPercentageDiscount(), request.subtotal(), request.total()), user,
				Quotes.For.estimate(id));
		quotes.requireCustomer(request.customerId());
		var location = quote.location();
		var now = clock.instant();
		var today = LocalDate.ofInstant(now, ZoneId.of(location.timeZone()));
		var validUntil = request.validUntil() == null ? today.plusDays(settings.estimateValidityDays())
				: request.validUntil();
		if (validUntil.isBefore(today)) {
			throw ApiException.invalid("valid_until", "must not be before today (" + today + " at " + location.code() + ")");
		}
		if (validUntil.isAfter(today.plusDays(MAX_VALIDITY_DAYS))) {
			throw ApiException.invalid("valid_until", "must be within " + MAX_VALIDITY_DAYS + " days of today");
		}
		var f = Orders.Figures.of(quote);
		var number = numbers.take(DocumentType.ESTIMATE, location.id(), today);
		var estimate = new Estimate(id, number, location.id(), request.customerId(), user.id(), EstimateStatus.PENDING,
				today, validUntil, f.supply(), f.placeOfSupply(), f.currency(), f.subtotal(), f.discountValue(),
				f.percentage(), f.saleDiscount(), f.discountTotal(), f.taxable(), f.cgst(), f.sgst(), f.igst(), f.cess(),
				f.taxTotal(), f.total(), Sales.blankToNull(request.notes()), now, null, null, null, null, quote.lines());
		store.insert(estimate, location.timeZone());
		events.append("estimate.created", "estimate", id, location.id(), estimate);
		return estimate;
	}

	/** Cancels a pending estimate; 409 when it is converted, cancelled or expired. */
	public Estimate cancel(UUID id, CurrentUser user) {
		return transactions.execute(tx -> {
			var estimate = get(id, user);
			if (!store.cancel(id, clock.instant())) {
				throw notPending(store.find(id).orElseThrow(), "cancelled");
			}
			events.append("estimate.cancelled", "estimate", id, estimate.locationId(),
					Map.of("number", estimate.number(), "total", estimate.total()));
			return store.find(id).orElseThrow();
		});
	}

	/**
	 * Converts a pending, valid estimate to an order, once: 201 with the order; 409
	 * {@code estimate_already_converted} naming the order when it was converted before (also concurrently).
	 * The key is optional here, since the conversion is exactly-once by itself; with one, a retry answers the
	 * first 201 instead of the 409.
	 */
	public Idempotency.Response convert(UUID id, @Nullable String idempotencyKey, CurrentUser user) {
		if (idempotencyKey == null) {
			var order = transactions.execute(tx -> convertOnce(id, user));
			return new Idempotency.Response(HttpStatus.CREATED.value(), json.valueToTree(order));
		}
		return idempotency.run("estimate-convert:" + user.id(), idempotencyKey, Map.of("estimate_id", id),
				HttpStatus.CREATED, () -> convertOnce(id, user));
	}

	private Order convertOnce(UUID id, CurrentUser user) {
		var estimate = get(id, user);
		var orderId = Ids.next();
		if (!store.convert(id, orderId, clock.instant())) {
			throw notPending(store.find(id).orElseThrow(), "converted");
		}
		var location = quotes.location(estimate.locationId());
		var approved = quotes.carryApproval(id, orderId);
		Orders.Figures figures;
		List<SaleLine> lines;
		if (settings.estimatePrices() == SaleSettings.EstimatePrices.REPRICE) {
			var asked = estimate.lines().stream()
				.map(l -> new NewLine(l.productId(), l.quantity(), null, l.discount()))
				.toList();
			var quote = quotes.quote(new Quotes.Request(estimate.locationId(),
					"INTER_STATE".equals(estimate.supply()) ? estimate.placeOfSupply() : null, asked,
					estimate.discountValue(), estimate.isPercentageDiscount(), null, null), user,
					new Quotes.For(dev.kassa.identity.Approvals.Kind.ORDER, orderId, approved));
			figures = Orders.Figures.of(quote);
			lines = quote.lines();
		}
		else {
			figures = Orders.Figures.of(estimate);
			lines = estimate.lines().stream().map(l -> new SaleLine(Ids.next(), l.lineNo(), l.productId(), l.sku(),
					l.name(), l.hsnCode(), l.unit(), l.quantity(), l.unitPrice(), l.listPrice(), l.priceIncludesTax(),
					l.taxRate(), l.cessRate(), l.gross(), l.discount(), l.saleDiscount(), l.taxable(), l.cgst(), l.sgst(),
					l.igst(), l.cess(), l.taxTotal(), l.total())).toList();
		}
		var order = orders.placeConverted(orderId, location, estimate, figures, lines, user);
		var payload = new LinkedHashMap<String, Object>();
		payload.put("number", estimate.number());
		payload.put("prices", settings.estimatePrices());
		payload.put("order", order);
		events.append("estimate.converted", "estimate", id, estimate.locationId(), payload);
		return order;
	}

	private static RuntimeException notPending(Estimate estimate, String wanted) {
		return switch (estimate.status()) {
			case CONVERTED -> ApiException.conflict("estimate_already_converted",
					"Estimate " + estimate.number() + " was converted to order " + estimate.orderId() + " at "
							+ estimate.convertedAt(),
					Map.of("order_id", String.valueOf(estimate.orderId()), "estimate_number", estimate.number()));
			case CANCELLED -> ApiException.conflict("estimate_cancelled",
					"Estimate " + estimate.number() + " was cancelled at " + estimate.cancelledAt() + " and cannot be "
							+ wanted);
			case EXPIRED -> ApiException.conflict("estimate_expired", "Estimate " + estimate.number()
					+ " was valid until " + estimate.validUntil() + " and cannot be " + wanted,
					Map.of("valid_until", estimate.validUntil().toString()));
			case PENDING -> new IllegalStateException("estimate " + estimate.id() + " is pending but did not change");
		};
	}

	/**
	 * Records every pending estimate past its validity as expired, each in its own transaction with an
	 * {@code estimate.expired} event; the update is guarded, so sweeps on several instances expire each once.
	 * Reads show such estimates expired before the sweep reaches them.
	 *
	 * @return how many this sweep recorded
	 */
	public int expireDue() {
		int expired = 0;
		List<UUID> due;
		do {
			due = store.dueForExpiry(200);
			for (var id : due) {
				Boolean done = transactions.execute(tx -> {
					Instant now = clock.instant();
					if (!store.expire(id, now)) {
						return false;
					}
					var estimate = store.find(id).orElseThrow();
					events.append("estimate.expired", "estimate", id, estimate.locationId(),
							Map.of("number", estimate.number(), "valid_until", estimate.validUntil().toString()));
					return true;
				});
				if (Boolean.TRUE.equals(done)) {
					expired++;
				}
			}
		}
		while (due.size() == 200);
		if (expired > 0) {
			log.info("Recorded {} estimates past their validity as expired", expired);
		}
		return expired;
	}

	// Reading

	/**
	 * What a list may be filtered by; null means any.
	 *
	 * @param only the locations the caller is limited to
	 * @param status as read: a pending estimate past its validity is EXPIRED
	 * @param from the first business day the estimate was made, inclusive
	 * @param to the last, inclusive
	 */
	public record Filter(@Nullable Set<UUID> only, @Nullable UUID locationId, @Nullable EstimateStatus status,
			@Nullable LocalDate from, @Nullable LocalDate to, @Nullable UUID customerId) {
	}

	public Estimate get(UUID id, CurrentUser user) {
		return store.find(id)
			.filter(estimate -> user.mayUse(estimate.locationId()))
			.orElseThrow(() -> ApiException.notFound("Estimate", id));
	}

	public Estimate byNumber(String number, CurrentUser user) {
		return store.findByNumber(number)
			.filter(estimate -> user.mayUse(estimate.locationId()))
			.orElseThrow(() -> ApiException.notFound("Estimate number", number));
	}

	/** Newest first; a user limited to some locations sees only theirs. */
	public Page<Estimate> list(Filter filter, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		Quotes.checkPeriod(filter.from(), filter.to());
		return Page.of(store.page(filter, Page.decodeId(cursor), size + 1), size, e -> e.id().toString());
	}
}

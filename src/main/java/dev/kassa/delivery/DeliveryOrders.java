package dev.kassa.delivery;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.catalog.Catalog;
import dev.kassa.customers.Customers;
import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.sales.Orders;
import dev.kassa.sales.Sales;

/**
 * Delivery orders: created PENDING, moved by their route (see {@link Routes}) or cancelled by a manager.
 * Every move is one guarded UPDATE naming the status it expects; a move that lost a race answers 409 with
 * the status the order has now.
 */
@Service
public class DeliveryOrders {

	private final DeliveryOrderStore store;

	private final RouteStore routes;

	private final Fleet fleet;

	private final Customers customers;

	private final Catalog catalog;

	private final Sales sales;

	private final Orders orders;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	DeliveryOrders(DeliveryOrderStore store, RouteStore routes, Fleet fleet, Customers customers, Catalog catalog,
			Sales sales, Orders orders, EventLog events, TransactionTemplate transactions, Idempotency idempotency) {
		this.store = store;
		this.routes = routes;
		this.fleet = fleet;
		this.customers = customers;
		this.catalog = catalog;
		this.sales = sales;
		this.orders = orders;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
	}

	/**
	 * A delivery order as a client writes it.
	 *
	 * @param deliveryDate the day to deliver; by default the day the window opens, else today (the location's days)
	 */
	public record NewDeliveryOrder(@NotNull UUID locationId, @Nullable UUID customerId,
			@NotBlank @Size(max = 200) String recipientName, @NotBlank @Size(max = 32) String recipientPhone,
			@NotBlank @Size(max = 1000) String address,
			@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
			@NotEmpty @Size(max = 50) List<@Valid @NotNull ItemInput> items, @Nullable LocalDate deliveryDate,
			@Nullable OffsetDateTime windowFrom, @Nullable OffsetDateTime windowTo,
			@Size(max = 2000) @Nullable String notes, @Nullable UUID saleId, @Nullable UUID orderId) {
	}

	/** @param emptiesToCollect empty cylinders of this product to bring back; 0 when absent */
	public record ItemInput(@NotNull UUID productId, @NotNull @Min(1) @Max(1000) Integer quantity,
			@Nullable @Min(0) @Max(1000) Integer emptiesToCollect) {
	}

	public record Cancellation(@NotBlank @Size(max = 500) String reason) {
	}

	/** Another attempt at a FAILED order: the day, and the time window (none when absent). */
	public record Reschedule(@NotNull LocalDate deliveryDate, @Nullable OffsetDateTime windowFrom,
			@Nullable OffsetDateTime windowTo) {
	}

	public DeliveryOrder get(UUID id, CurrentUser user) {
		return store.find(id)
			.filter(o -> user.mayUse(o.locationId()))
			.orElseThrow(() -> ApiException.notFound("Delivery order", id));
	}

	/** In id order (oldest first); a user limited to some locations sees only theirs. */
	public Page<DeliveryOrder> list(@Nullable UUID locationId, @Nullable DeliveryStatus status,
			@Nullable LocalDate date, @Nullable UUID driverId, CurrentUser user, @Nullable String cursor,
			@Nullable Integer limit) {
		int size = Page.limit(limit);
		var filter = new DeliveryOrderStore.Filter(user.locations(), locationId, status, date, driverId);
		return Page.of(store.page(filter, Page.decodeId(cursor), size + 1), size, o -> o.id().toString());
	}

	public Idempotency.Response create(NewDeliveryOrder input, @Nullable String key, CurrentUser user) {
		var order = checked(input, user);
		return idempotency.run("delivery_order:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			store.insert(order);
			events.append("delivery_order.created", "delivery_order", order.id(), order.locationId(), order);
			return order;
		});
	}

	private DeliveryOrder checked(NewDeliveryOrder input, CurrentUser user) {
		var location = fleet.activeLocation(input.locationId(), "location_id", user);
		var errors = new ArrayList<ApiException.FieldError>();
		String phone = null;
		try {
			phone = customers.normalizePhone("recipient_phone", input.recipientPhone());
		}
		catch (ApiException ex) {
			errors.addAll(ex.errors());
		}
		if (input.windowFrom() != null && input.windowTo() != null && !input.windowFrom().isBefore(input.windowTo())) {
			errors.add(new ApiException.FieldError("window_to", "must be after window_from"));
		}
		var customerId = input.customerId();
		if (customerId != null && !exists(() -> customers.get(customerId))) {
			errors.add(new ApiException.FieldError("customer_id", "names no customer"));
		}
		var saleId = input.saleId();
		if (saleId != null && !exists(() -> sales.get(saleId, user))) {
			errors.add(new ApiException.FieldError("sale_id", "names no sale"));
		}
		var orderId = input.orderId();
		if (orderId != null && !exists(() -> orders.get(orderId, user))) {
			errors.add(new ApiException.FieldError("order_id", "names no order"));
		}
		var ids = new HashSet<UUID>();
		input.items().forEach(i -> ids.add(i.productId()));
		var products = catalog.products(ids);
		var items = new ArrayList<DeliveryOrder.Item>();
		var seen = new HashSet<UUID>();
		for (int i = 0; i < input.items().size(); i++) {
			var item = input.items().get(i);
			var product = products.get(item.productId());
			if (product == null) {
				errors.add(new ApiException.FieldError("items[" + i + "].product_id", "names no product"));
			}
			else if (!product.active()) {
				errors.add(new ApiException.FieldError("items[" + i + "].product_id", "names a deactivated product"));
			}
			else if (!seen.add(product.id())) {
				errors.add(new ApiException.FieldError("items[" + i + "].product_id", "is on another item already"));
			}
			else {
				items.add(new DeliveryOrder.Item(product.id(), product.sku(), product.name(), item.quantity(),
						item.emptiesToCollect() == null ? 0 : item.emptiesToCollect()));
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		var zone = ZoneId.of(location.timeZone());
		var now = clock.instant();
		var date = input.deliveryDate() != null ? input.deliveryDate()
				: input.windowFrom() != null ? input.windowFrom().atZoneSameInstant(zone).toLocalDate()
						: LocalDate.ofInstant(now, zone);
		int cylinders = items.stream().mapToInt(DeliveryOrder.Item::quantity).sum();
		int empties = items.stream().mapToInt(DeliveryOrder.Item::emptiesToCollect).sum();
		var notes = input.notes() == null || input.notes().isBlank() ? null : input.notes().strip();
		return new DeliveryOrder(Ids.next(), location.id(), input.customerId(), input.recipientName().strip(),
				Objects.requireNonNull(phone, "a phone that does not normalize is refused above"),
				input.address().strip(), input.latitude(), input.longitude(), List.copyOf(items), cylinders, empties, date,
				input.windowFrom(), input.windowTo(), notes, input.saleId(), input.orderId(), DeliveryStatus.PENDING,
				null, null, null, null, null, null, user.id(), now, now);
	}

	private static boolean exists(Runnable lookUp) {
		try {
			lookUp.run();
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
	 * Cancels a PENDING or ASSIGNED order; its stop on a route, if any, is cancelled with it. 409
	 * {@code illegal_transition} naming the order's status otherwise.
	 */
	public DeliveryOrder cancel(UUID id, Cancellation cancellation, CurrentUser user) {
		var order = get(id, user);
		requireLegal(order, DeliveryStatus.CANCELLED);
		var reason = cancellation.reason().strip();
		return transactions.execute(tx -> {
			var now = clock.instant();
			if (!store.cancel(id, order.status(), reason, now)) {
				throw illegal(store.find(id).orElseThrow(), DeliveryStatus.CANCELLED);
			}
			if (order.routeId() != null) {
				routes.cancelStop(order.routeId(), id, now);
			}
			var payload = new LinkedHashMap<String, Object>();
			payload.put("id", id);
			payload.put("from", order.status());
			payload.put("to", DeliveryStatus.CANCELLED);
			payload.put("route_id", order.routeId());
			payload.put("reason", reason);
			events.append("delivery_order.cancelled", "delivery_order", id, order.locationId(), payload);
			return store.find(id).orElseThrow();
		});
	}

	/**
	 * Puts a FAILED order (nobody home, refused) back to PENDING on no route for the day given, so that the
	 * next plan takes it again; its last failure reason is kept. 409 {@code illegal_transition} otherwise.
	 */
	public DeliveryOrder reschedule(UUID id, Reschedule request, CurrentUser user) {
		var order = get(id, user);
		var zone = ZoneId.of(fleet.activeLocation(order.locationId(), "location_id", user).timeZone());
		if (request.deliveryDate().isBefore(LocalDate.now(clock.withZone(zone)))) {
			throw ApiException.invalid("delivery_date", "must not be in the past");
		}
		if (request.windowFrom() != null && request.windowTo() != null
				&& !request.windowFrom().isBefore(request.windowTo())) {
			throw ApiException.invalid("window_to", "must be after window_from");
		}
		requireLegal(order, DeliveryStatus.PENDING);
		return transactions.execute(tx -> {
			if (!store.reschedule(id, request.deliveryDate(), request.windowFrom(), request.windowTo(), clock.instant())) {
				throw illegal(store.find(id).orElseThrow(), DeliveryStatus.PENDING);
			}
			var payload = new LinkedHashMap<String, Object>();
			payload.put("id", id);
			payload.put("from", order.status());
			payload.put("to", DeliveryStatus.PENDING);
			payload.put("previous_route_id", order.routeId());
			payload.put("delivery_date", request.deliveryDate());
			payload.put("window_from", request.windowFrom());
			payload.put("window_to", request.windowTo());
			events.append("delivery_order.rescheduled", "delivery_order", id, order.locationId(), payload);
			return store.find(id).orElseThrow();
		});
	}

	static void requireLegal(DeliveryOrder order, DeliveryStatus to) {
		if (!order.status().mayBecome(to)) {
			throw illegal(order, to);
		}
	}

	static ApiException illegal(DeliveryOrder order, DeliveryStatus to) {
		return ApiException.conflict("illegal_transition",
				"Delivery order " + order.id() + " is " + order.status() + " and cannot become " + to,
				Map.of("id", order.id(), "status", order.status(), "to", to));
	}
}

package dev.kassa.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;
import dev.kassa.sales.Estimates;
import dev.kassa.sales.OrderStatus;
import dev.kassa.sales.Orders;
import dev.kassa.sales.Sales;

/** The seed's {@code /api/orders/...}: completed sales, over the sales module. */
@RestController
@Tag(name = "Seed API: orders")
class SeedOrderController {

	private final Sales sales;

	private final Orders orders;

	private final Estimates estimates;

	private final SeedOrders seed;

	private final SeedLocation location;

	SeedOrderController(Sales sales, Orders orders, Estimates estimates, SeedOrders seed, SeedLocation location) {
		this.sales = sales;
		this.orders = orders;
		this.estimates = estimates;
		this.seed = seed;
		this.location = location;
	}

	@PostMapping("/api/orders/create-sale")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's completed sale at the default location: items by product id or SKU, the "
			+ "customer found by phone or created; subtotal and total must agree with the server's (else 422). "
			+ "Send an Idempotency-Key to make retries safe")
	ResponseEntity<Map<String, Object>> createSale(@Valid @RequestBody SeedRequests.Sale body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var shop = location.of(user);
		var lines = new ArrayList<Sales.NewLine>();
		for (int i = 0; i < body.items().size(); i++) {
			var item = body.items().get(i);
			var product = seed.product(item, i);
			lines.add(new Sales.NewLine(product.id(), item.quantity(), item.price(), null));
		}
		var method = SeedOrders.method(body.paymentMode());
		var reference = method == dev.kassa.sales.PaymentMethod.OTHER ? body.paymentMode() : null;
		var notes = notes(body);
		var request = new Sales.NewSale(shop.id(), null, seed.customer(body), null, lines, body.discountAmount(),
				body.isPercentageDiscount(), List.of(new Sales.NewPayment(method, body.total(), null, reference)), notes,
				body.subtotal(), body.total(), null, null, null);
		// the seed's clients send no key: without one, each request is a sale of its own, as in the seed
		var key = idempotencyKey != null ? idempotencyKey : "compat-" + UUID.randomUUID();
		var created = sales.create(request, key, user);
		var sale = sales.get(UUID.fromString(created.body().path("id").asString()), user);
		var order = seed.view(sale);
		var data = new LinkedHashMap<String, Object>();
		data.put("order_id", order.orderId());
		data.put("sale_number", order.saleNumber());
		data.put("customer_name", order.customerName());
		data.put("total", order.total());
		data.put("created_at", order.createdAt());
		var answer = new LinkedHashMap<String, Object>();
		answer.put("success", true);
		answer.put("message", "Sale completed successfully!");
		answer.put("data", data);
		answer.put("order_id", order.orderId());
		answer.put("sale_number", order.saleNumber());
		answer.put("order", order);
		return ResponseEntity.status(created.status()).body(answer);
	}

	static @Nullable String notes(SeedRequests.Sale body) {
		var parts = new ArrayList<String>();
		if (body.saleBy() != null && !body.saleBy().isBlank()) {
			parts.add("Sale by: " + body.saleBy().strip());
		}
		if (body.notes() != null && !body.notes().isBlank()) {
			parts.add(body.notes().strip());
		}
		return parts.isEmpty() ? null : String.join("\n", parts);
	}

	@GetMapping("/api/orders/orders-only")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's completed orders, newest first, a page at a time: "
			+ "{orders: {count, total_amount, items, next_cursor}}; count and total are the page's")
	Map<String, Object> ordersOnly(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		var shop = location.of(user);
		var page = sales.list(new Sales.Filter(user.locations(), shop.id(), null, null, null, null, null, null), cursor,
				limit);
		var orders = seed.views(page.items());
		return SeedOrders.page("orders", orders, SeedOrders.sum(orders), page.nextCursor());
	}

	@GetMapping("/api/orders/all")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's estimates and completed sales together, newest first: the first page as the "
			+ "seed's JSON array, the next page's cursor in the X-Next-Cursor header")
	ResponseEntity<List<Object>> all(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		var shop = location.of(user);
		int size = Page.limit(limit);
		// ids are UUIDv7, ordered by creation across both tables: one id is the cursor of both lists
		var sold = sales.list(new Sales.Filter(user.locations(), shop.id(), null, null, null, null, null, null), cursor,
				size);
		var quoted = estimates.list(new Estimates.Filter(user.locations(), shop.id(), null, null, null, null), cursor,
				size);
		record Entry(UUID id, Object view) {
		}
		var names = seed.new Names();
		var merged = new ArrayList<Entry>();
		sold.items().forEach(sale -> merged.add(new Entry(sale.id(), seed.view(sale, names))));
		quoted.items().forEach(estimate -> merged.add(new Entry(estimate.id(), seed.view(estimate, names))));
		merged.sort(java.util.Comparator.comparing(Entry::id).reversed());
		boolean more = merged.size() > size || sold.nextCursor() != null || quoted.nextCursor() != null;
		var page = merged.subList(0, Math.min(size, merged.size()));
		var response = ResponseEntity.ok();
		if (more && !page.isEmpty()) {
			response.header(SeedEstimateController.NEXT_CURSOR, Page.encode(page.getLast().id().toString()));
		}
		return response.body(page.stream().map(Entry::view).toList());
	}

	@GetMapping("/api/orders/separate")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's estimates and completed sales as two lists, a page of each: "
			+ "{estimates: {count, total_amount, items, next_cursor}, orders: {...}, summary}; counts and totals are "
			+ "the pages'; estimates_cursor and orders_cursor page on")
	Map<String, Object> separate(@RequestParam(name = "estimates_cursor", required = false) @Nullable String estimatesCursor,
			@RequestParam(name = "orders_cursor", required = false) @Nullable String ordersCursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		var shop = location.of(user);
		var sold = sales.list(new Sales.Filter(user.locations(), shop.id(), null, null, null, null, null, null),
				ordersCursor, limit);
		var quoted = estimates.list(new Estimates.Filter(user.locations(), shop.id(), null, null, null, null),
				estimatesCursor, limit);
		var names = seed.new Names();
		var orderViews = sold.items().stream().map(sale -> seed.view(sale, names)).toList();
		var estimateViews = quoted.items().stream().map(estimate -> seed.view(estimate, names)).toList();
		var ordersTotal = SeedOrders.sum(orderViews);
		var estimatesTotal = estimateViews.stream().map(SeedEstimate::total).reduce(java.math.BigDecimal.ZERO,
				java.math.BigDecimal::add);
		var answer = new LinkedHashMap<String, Object>();
		answer.putAll(SeedOrders.page("estimates", estimateViews, estimatesTotal, quoted.nextCursor()));
		answer.putAll(SeedOrders.page("orders", orderViews, ordersTotal, sold.nextCursor()));
		var summary = new LinkedHashMap<String, Object>();
		summary.put("total_estimates", estimateViews.size());
		summary.put("total_orders", orderViews.size());
		summary.put("total_transactions", estimateViews.size() + orderViews.size());
		summary.put("total_revenue", ordersTotal);
		answer.put("summary", summary);
		return answer;
	}

	@GetMapping("/api/orders/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's order by id: a completed sale, or an order for later fulfilment (one converted "
			+ "from an estimate)")
	SeedOrder get(@PathVariable String id, CurrentUser user) {
		var uuid = uuid(id, "id");
		try {
			return seed.view(sales.get(uuid, user));
		}
		catch (ApiException notASale) {
			if (notASale.status() != org.springframework.http.HttpStatus.NOT_FOUND) {
				throw notASale;
			}
			return seed.view(orders.get(uuid, user), seed.new Names());
		}
	}

	@PutMapping("/api/orders/{id}/status")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's status change of an order for later fulfilment, legal steps only: Pending → "
			+ "Confirmed → Fulfilled (paid in full by payment_mode), or Cancelled; new_status as a query parameter "
			+ "(as the seed) or in the body. A completed sale's status does not change: DELETE voids it")
	SeedOrder status(@PathVariable String id,
			@RequestParam(name = "new_status", required = false) @Nullable String newStatus,
			@RequestParam(name = "payment_mode", required = false) @Nullable String paymentMode,
			@RequestParam(required = false) @Nullable String reason,
			@Valid @RequestBody(required = false) SeedRequests.@Nullable Status body, CurrentUser user) {
		var uuid = uuid(id, "id");
		var asked = newStatus != null ? newStatus
				: body == null ? null : body.newStatus() != null ? body.newStatus() : body.status();
		if (asked == null || asked.isBlank()) {
			throw ApiException.invalid("new_status", "is required: Confirmed, Fulfilled or Cancelled");
		}
		var to = switch (asked.strip().toUpperCase(java.util.Locale.ROOT)) {
			case "PENDING" -> OrderStatus.PENDING;
			case "CONFIRMED" -> OrderStatus.CONFIRMED;
			case "FULFILLED", "COMPLETED" -> OrderStatus.FULFILLED;
			case "CANCELLED", "CANCELED" -> OrderStatus.CANCELLED;
			default -> throw ApiException.invalid("new_status", "must be Confirmed, Fulfilled or Cancelled");
		};
		if (reason != null && reason.length() > 500) {
			throw ApiException.invalid("reason", "must be at most 500 characters");
		}
		if (paymentMode != null && paymentMode.length() > 32) {
			throw ApiException.invalid("payment_mode", "must be at most 32 characters");
		}
		if (isSale(uuid, user)) {
			throw ApiException.conflict("sale_status_fixed", "Order " + id + " is a completed sale; its status does not "
					+ "change (DELETE voids it)");
		}
		var order = orders.get(uuid, user);
		List<Sales.NewPayment> payments = null;
		if (to == OrderStatus.FULFILLED) {
			var method = SeedOrders.method(paymentMode);
			payments = List.of(new Sales.NewPayment(method, order.total(), null,
					method == dev.kassa.sales.PaymentMethod.OTHER ? paymentMode : null));
		}
		var changed = orders.changeStatus(uuid, new Orders.StatusChange(to, payments,
				to == OrderStatus.CANCELLED ? reason : null, null), user);
		return seed.view(changed, seed.new Names());
	}

	private boolean isSale(UUID id, CurrentUser user) {
		try {
			sales.get(id, user);
			return true;
		}
		catch (ApiException notASale) {
			return false;
		}
	}

	@GetMapping("/api/orders/number/{number}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's order by sale number; a number's slashes are sent URL-encoded (%2F)")
	SeedOrder byNumber(@PathVariable String number, CurrentUser user) {
		if (number.isBlank() || number.length() > 64) {
			throw ApiException.invalid("number", "must be 1 to 64 characters");
		}
		return seed.view(sales.byNumber(number, user));
	}

	@DeleteMapping("/api/orders/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The seed's delete: voids the sale (same business day, stock goes back, the number "
			+ "stays); sales are never deleted")
	Map<String, Object> delete(@PathVariable String id,
			@RequestParam(required = false) @Nullable String reason, CurrentUser user) {
		if (reason != null && reason.length() > 500) {
			throw ApiException.invalid("reason", "must be at most 500 characters");
		}
		var why = reason == null || reason.isBlank() ? "Deleted through the seed API" : reason;
		var voided = sales.voidSale(uuid(id, "id"), why, user);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("success", true);
		answer.put("message", "Order voided");
		answer.put("order", seed.view(voided));
		return answer;
	}

	static UUID uuid(String text, String field) {
		try {
			return UUID.fromString(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid(field, "is not an id this API gave out");
		}
	}

}

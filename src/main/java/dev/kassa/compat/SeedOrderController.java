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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.sales.Sales;

/** The seed's {@code /api/orders/...}: completed sales, over the sales module. */
@RestController
@Tag(name = "Seed API: orders")
class SeedOrderController {

	private final Sales sales;

	private final SeedOrders seed;

	private final SeedLocation location;

	SeedOrderController(Sales sales, SeedOrders seed, SeedLocation location) {
		this.sales = sales;
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
				body.subtotal(), body.total());
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

	@GetMapping("/api/orders/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The seed's order by id (the sale's id)")
	SeedOrder get(@PathVariable String id, CurrentUser user) {
		return seed.view(sales.get(uuid(id, "id"), user));
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

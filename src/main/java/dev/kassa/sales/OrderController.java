package dev.kassa.sales;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Orders")
class OrderController {

	private final Orders orders;

	OrderController(Orders orders) {
		this.orders = orders;
	}

	@PostMapping("/api/v1/orders")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Place an order for later fulfilment: priced like a sale, its stock reserved; "
			+ "Idempotency-Key required, a repeat answers the first response")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Orders.NewOrder request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = orders.create(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PutMapping("/api/v1/orders/{id}/status")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Move an order: PENDING to CONFIRMED or CANCELLED, CONFIRMED to FULFILLED (with payments; "
			+ "the order becomes a numbered sale) or CANCELLED (the reservation is released); 409 otherwise")
	Order changeStatus(@PathVariable UUID id, @Valid @RequestBody Orders.StatusChange change, CurrentUser user) {
		return orders.changeStatus(id, change, user);
	}

	@GetMapping("/api/v1/orders/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Get an order with its lines")
	Order get(@PathVariable UUID id, CurrentUser user) {
		return orders.get(id, user);
	}

	@GetMapping("/api/v1/orders/by-sale-number")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Get a fulfilled order by the number of its sale (numbers hold slashes, so it is a query "
			+ "parameter)")
	Order bySaleNumber(@RequestParam String number, CurrentUser user) {
		return orders.bySaleNumber(number, user);
	}

	@GetMapping("/api/v1/orders")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "List orders, newest first, filtered by location, status, the business days placed "
			+ "(from, to inclusive) and customer")
	Page<Order> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable OrderStatus status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(name = "customer_id", required = false) @Nullable UUID customerId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		if (locationId != null) {
			user.requireLocation(locationId);
		}
		return orders.list(new Orders.Filter(user.locations(), locationId, status, from, to, customerId), cursor, limit);
	}
}

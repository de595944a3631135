package dev.kassa.delivery;

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Delivery orders")
class DeliveryOrderController {

	private final DeliveryOrders orders;

	DeliveryOrderController(DeliveryOrders orders) {
		this.orders = orders;
	}

	@PostMapping("/api/v1/delivery-orders")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Create a delivery order (PENDING): recipient, coordinates, items with empties to collect, "
			+ "optional time window; Idempotency-Key required")
	ResponseEntity<JsonNode> create(@Valid @RequestBody DeliveryOrders.NewDeliveryOrder request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = orders.create(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/delivery-orders")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "List delivery orders in id order, by location, status, delivery date and driver")
	Page<DeliveryOrder> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable DeliveryStatus status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			@RequestParam(name = "driver_id", required = false) @Nullable UUID driverId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return orders.list(locationId, status, date, driverId, user, cursor, limit);
	}

	@GetMapping("/api/v1/delivery-orders/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Get a delivery order")
	DeliveryOrder get(@PathVariable UUID id, CurrentUser user) {
		return orders.get(id, user);
	}

	@PostMapping("/api/v1/delivery-orders/{id}/cancel")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Cancel a PENDING or ASSIGNED delivery order (reason required); its route stop is cancelled; 409 otherwise")
	DeliveryOrder cancel(@PathVariable UUID id, @Valid @RequestBody DeliveryOrders.Cancellation request,
			CurrentUser user) {
		return orders.cancel(id, request, user);
	}

	@PostMapping("/api/v1/delivery-orders/{id}/reschedule")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Another attempt at a FAILED delivery order: back to PENDING on no route for the day given; 409 otherwise")
	DeliveryOrder reschedule(@PathVariable UUID id, @Valid @RequestBody DeliveryOrders.Reschedule request,
			CurrentUser user) {
		return orders.reschedule(id, request, user);
	}
}

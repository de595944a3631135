package dev.kassa.delivery;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
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

@RestController
@Tag(name = "Containers and deposits")
class ContainerController {

	private final Containers containers;

	ContainerController(Containers containers) {
		this.containers = containers;
	}

	@PostMapping("/api/v1/container-types")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "A returnable container type (e.g. a 14.2 kg cylinder): its deposit and the product that counts "
			+ "its empties; Idempotency-Key required")
	ResponseEntity<JsonNode> createType(@Valid @RequestBody Containers.ContainerTypeInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = containers.createType(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/container-types")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "DRIVER" })
	@Operation(summary = "Every container type, with its deposit and refill products")
	List<Containers.ContainerType> types() {
		return containers.types();
	}

	@GetMapping("/api/v1/container-types/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "DRIVER" })
	@Operation(summary = "A container type")
	Containers.ContainerType type(@PathVariable UUID id) {
		return containers.type(id);
	}

	@PostMapping("/api/v1/container-types/{id}/refills")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Name a product a refill in this container; 409 when it is a refill already")
	Containers.ContainerType addRefill(@PathVariable UUID id, @Valid @RequestBody Containers.RefillInput request) {
		return containers.addRefill(id, request);
	}

	@PostMapping("/api/v1/container-sales")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "A refill sold at the till and its cylinders exchanged (swaps, new connections with their "
			+ "deposit apart) in one request: both or neither; Idempotency-Key required")
	ResponseEntity<JsonNode> sell(@Valid @RequestBody Containers.ContainerSaleInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = containers.sell(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/container-exchanges")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "DRIVER" })
	@Operation(summary = "Refills handed to a customer: swaps for the empties handed back, new connections (deposit "
			+ "charged, not taxed, shown apart) for the rest; Idempotency-Key required")
	ResponseEntity<JsonNode> exchange(@Valid @RequestBody Containers.ExchangeInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = containers.exchange(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/deposit-refunds")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Containers returned: their deposit refunded on a voucher of the DEPOSIT_REFUND series; 422 "
			+ "when the customer holds fewer; Idempotency-Key required")
	ResponseEntity<JsonNode> giveBack(@Valid @RequestBody Containers.ReturnInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = containers.giveBack(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/customers/{id}/containers")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "What a customer holds of each container type, and the deposits held for them")
	List<Containers.Balance> balances(@PathVariable UUID id) {
		return containers.balances(id);
	}

	@GetMapping("/api/v1/customers/{id}/container-movements")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "A customer's container exchanges and returns, oldest first (at most 1,000)")
	List<Containers.Movement> movements(@PathVariable UUID id) {
		return containers.movements(id);
	}

	@GetMapping("/api/v1/reports/containers")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Per container type at a location: filled and empty in stock, held by its customers, and "
			+ "their deposits")
	Containers.LocationReport report(@RequestParam(name = "location_id") UUID locationId, CurrentUser user) {
		return containers.report(locationId, user);
	}
}

package dev.kassa.customers;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.Page;

@RestController
@Tag(name = "Customers")
class CustomerController {

	private final Customers customers;

	CustomerController(Customers customers) {
		this.customers = customers;
	}

	@PostMapping("/api/v1/customers")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Create a customer; the phone number is stored in E.164 and must be unique")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Customers.CustomerInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var response = customers.create(request, idempotencyKey);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/customers")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "List customers, oldest first; name matches anywhere ignoring case and accents, phone is a prefix")
	Page<Customer> list(@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String phone,
			@RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return customers.search(name, phone, tag, cursor, limit);
	}

	@GetMapping("/api/v1/customers/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Get a customer")
	Customer get(@PathVariable UUID id) {
		return customers.get(id);
	}

	@GetMapping("/api/v1/customers/{id}/summary")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "How many purchases a customer made, their total and the last one's time")
	PurchaseSummary summary(@PathVariable UUID id) {
		return customers.summary(id);
	}

	@PutMapping("/api/v1/customers/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Replace a customer's details")
	Customer update(@PathVariable UUID id, @Valid @RequestBody Customers.CustomerInput request) {
		return customers.update(id, request);
	}
}

package dev.kassa.catalog;

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
@Tag(name = "Tax classes")
class TaxClassController {

	private final Catalog catalog;

	TaxClassController(Catalog catalog) {
		this.catalog = catalog;
	}

	@PostMapping("/api/v1/tax-classes")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a tax class: a GST slab with optional cess, or a plain rate")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Catalog.TaxClassInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var response = catalog.createTaxClass(request, idempotencyKey);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/tax-classes")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "List tax classes")
	Page<TaxClass> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return catalog.taxClasses(cursor, limit);
	}

	@GetMapping("/api/v1/tax-classes/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Get a tax class")
	TaxClass get(@PathVariable UUID id) {
		return catalog.taxClass(id);
	}

	@PutMapping("/api/v1/tax-classes/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Change a tax class; its products are priced with the new rates from then on")
	TaxClass update(@PathVariable UUID id, @Valid @RequestBody Catalog.TaxClassInput request) {
		return catalog.updateTaxClass(id, request);
	}
}

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Estimates")
class EstimateController {

	private final Estimates estimates;

	EstimateController(Estimates estimates) {
		this.estimates = estimates;
	}

	@PostMapping("/api/v1/estimates")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Make an estimate (a quote): priced like a sale, numbered from the ESTIMATE series, valid "
			+ "until a day; no stock moves. Idempotency-Key required")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Estimates.NewEstimate request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = estimates.create(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/estimates/{id}/convert")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Convert a pending estimate to an order, once: 201 with the order, 409 "
			+ "estimate_already_converted naming the order after that; Idempotency-Key optional")
	ResponseEntity<JsonNode> convert(@PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = estimates.convert(id, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/estimates/{id}/cancel")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Cancel a pending estimate")
	Estimate cancel(@PathVariable UUID id, CurrentUser user) {
		return estimates.cancel(id, user);
	}

	@GetMapping("/api/v1/estimates/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Get an estimate with its lines; one past its validity reads EXPIRED")
	Estimate get(@PathVariable UUID id, CurrentUser user) {
		return estimates.get(id, user);
	}

	@GetMapping("/api/v1/estimates/by-number")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Get an estimate by its number (numbers hold slashes, so it is a query parameter)")
	Estimate byNumber(@RequestParam String number, CurrentUser user) {
		return estimates.byNumber(number, user);
	}

	@GetMapping("/api/v1/estimates")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "List estimates, newest first, filtered by status (PENDING, CONVERTED, EXPIRED, "
			+ "CANCELLED), location, business days (from, to inclusive) and customer")
	Page<Estimate> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(name = "customer_id", required = false) @Nullable UUID customerId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		if (locationId != null) {
			user.requireLocation(locationId);
		}
		return estimates.list(new Estimates.Filter(user.locations(), locationId, status(status), from, to, customerId),
				cursor, limit);
	}

	/** The seed lists estimates as pending and converted: the status is taken in either case. */
	private static @Nullable EstimateStatus status(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return EstimateStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("status", "must be one of pending, converted, expired, cancelled");
		}
	}
}

package dev.kassa.compat;

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
import dev.kassa.sales.EstimateStatus;
import dev.kassa.sales.Estimates;
import dev.kassa.sales.Sales;

/** The seed's {@code /api/estimates/...}, over the sales module's estimates. */
@RestController
@Tag(name = "Seed API: estimates")
@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
class SeedEstimateController {

	/** The header that carries the cursor of a list the seed answered as a bare JSON array. */
	static final String NEXT_CURSOR = "X-Next-Cursor";

	private final Estimates estimates;

	private final SeedOrders seed;

	private final SeedLocation location;

	SeedEstimateController(Estimates estimates, SeedOrders seed, SeedLocation location) {
		this.estimates = estimates;
		this.seed = seed;
		this.location = location;
	}

	@PostMapping("/api/estimates/create")
	@Operation(summary = "The seed's estimate at the default location (the seed's curl works as written with a "
			+ "token): items by product id or SKU, the customer found by phone or created; subtotal and total must "
			+ "agree with the server's (else 422). Send an Idempotency-Key to make retries safe")
	ResponseEntity<Map<String, Object>> create(@Valid @RequestBody SeedRequests.Sale body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var shop = location.of(user);
		var lines = new java.util.ArrayList<Sales.NewLine>();
		for (int i = 0; i < body.items().size(); i++) {
			var item = body.items().get(i);
			lines.add(new Sales.NewLine(seed.product(item, i).id(), item.quantity(), item.price(), null));
		}
		var request = new Estimates.NewEstimate(shop.id(), seed.customer(body), null, lines, body.discountAmount(),
				body.isPercentageDiscount(), SeedOrderController.notes(body), body.subtotal(), body.total(), null);
		// the seed's clients send no key: without one, each request is an estimate of its own, as in the seed
		var key = idempotencyKey != null ? idempotencyKey : "compat-" + UUID.randomUUID();
		var created = estimates.create(request, key, user);
		var estimate = seed.view(estimates.get(UUID.fromString(created.body().path("id").asString()), user));
		var data = new LinkedHashMap<String, Object>();
		data.put("estimate_id", estimate.estimateId());
		data.put("estimate_number", estimate.estimateNumber());
		data.put("customer_name", estimate.customerName());
		data.put("total", estimate.total());
		data.put("created_at", estimate.createdAt());
		var answer = new LinkedHashMap<String, Object>();
		answer.put("success", true);
		answer.put("message", "Estimate created successfully!");
		answer.put("data", data);
		answer.put("estimate_id", estimate.estimateId());
		answer.put("estimate_number", estimate.estimateNumber());
		answer.put("estimate", estimate);
		return ResponseEntity.status(created.status()).body(answer);
	}

	@GetMapping("/api/estimates/all")
	@Operation(summary = "The seed's estimates, newest first: the first page as the seed's JSON array, the next "
			+ "page's cursor in the X-Next-Cursor header")
	ResponseEntity<List<SeedEstimate>> all(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return list(null, cursor, limit, user);
	}

	@GetMapping("/api/estimates/converted")
	@Operation(summary = "The seed's converted estimates: a JSON array, the next page's cursor in X-Next-Cursor")
	ResponseEntity<List<SeedEstimate>> converted(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return list(EstimateStatus.CONVERTED, cursor, limit, user);
	}

	@GetMapping("/api/estimates/pending")
	@Operation(summary = "The seed's pending (still valid, not converted) estimates: a JSON array, the next page's "
			+ "cursor in X-Next-Cursor")
	ResponseEntity<List<SeedEstimate>> pending(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return list(EstimateStatus.PENDING, cursor, limit, user);
	}

	private ResponseEntity<List<SeedEstimate>> list(@Nullable EstimateStatus status, @Nullable String cursor,
			@Nullable Integer limit, CurrentUser user) {
		var shop = location.of(user);
		var page = estimates.list(new Estimates.Filter(user.locations(), shop.id(), status, null, null, null), cursor,
				limit);
		var response = ResponseEntity.ok();
		if (page.nextCursor() != null) {
			response.header(NEXT_CURSOR, page.nextCursor());
		}
		return response.body(seed.estimateViews(page.items()));
	}

	@GetMapping("/api/estimates/number/{number}")
	@Operation(summary = "The seed's estimate by number; a number's slashes are sent URL-encoded (%2F)")
	SeedEstimate byNumber(@PathVariable String number, CurrentUser user) {
		if (number.isBlank() || number.length() > 64) {
			throw ApiException.invalid("number", "must be 1 to 64 characters");
		}
		return seed.view(estimates.byNumber(number, user));
	}

	@GetMapping("/api/estimates/{id}")
	@Operation(summary = "The seed's estimate by id")
	SeedEstimate get(@PathVariable String id, CurrentUser user) {
		return seed.view(estimates.get(SeedOrderController.uuid(id, "id"), user));
	}

	@DeleteMapping("/api/estimates/{id}")
	@Operation(summary = "The seed's delete: cancels a pending estimate (estimates are kept, numbered)")
	Map<String, Object> delete(@PathVariable String id, CurrentUser user) {
		var cancelled = estimates.cancel(SeedOrderController.uuid(id, "id"), user);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("success", true);
		answer.put("message", "Estimate cancelled");
		answer.put("estimate", seed.view(cancelled));
		return answer;
	}

	@PostMapping("/api/estimates/{id}/convert-to-order")
	@Operation(summary = "The seed's conversion: a pending estimate becomes an order, once; 409 naming the order "
			+ "when it was converted before")
	ResponseEntity<Map<String, Object>> convert(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var estimateId = SeedOrderController.uuid(id, "id");
		var converted = estimates.convert(estimateId, idempotencyKey, user);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("success", true);
		answer.put("message", "Estimate converted to order successfully!");
		answer.put("estimate_id", estimateId);
		answer.put("order_id", converted.body().path("id").asString());
		answer.put("order", converted.body());
		return ResponseEntity.status(converted.status()).body(answer);
	}
}

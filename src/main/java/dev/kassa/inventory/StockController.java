package dev.kassa.inventory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Stock")
class StockController {

	private static final String MAX_QUANTITY = "99999999999";

	private final Stock stock;

	private final StockTargets targets;

	private final Idempotency idempotency;

	StockController(Stock stock, StockTargets targets, Idempotency idempotency) {
		this.stock = stock;
		this.targets = targets;
		this.idempotency = idempotency;
	}

	record Line(@NotNull UUID productId,
			@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax(MAX_QUANTITY) @Digits(integer = 11, fraction = 3) BigDecimal quantity) {
	}

	record Receipt(@NotNull UUID locationId, @NotEmpty @Size(max = 500) List<@Valid @NotNull Line> lines,
			@Size(max = 500) @Nullable String note) {
	}

	record Adjustment(@NotNull UUID locationId, @NotNull UUID productId,
			@DecimalMin("-" + MAX_QUANTITY) @DecimalMax(MAX_QUANTITY) @Digits(integer = 11, fraction = 3) @Nullable BigDecimal quantityChange,
			@DecimalMin("0") @DecimalMax(MAX_QUANTITY) @Digits(integer = 11, fraction = 3) @Nullable BigDecimal countedQuantity,
			@NotBlank @Size(max = 500) String reason) {
	}

	record Transfer(@NotNull UUID fromLocationId, @NotNull UUID toLocationId,
			@NotEmpty @Size(max = 500) List<@Valid @NotNull Line> lines, @Size(max = 500) @Nullable String note) {
	}

	record Threshold(@DecimalMin("0") @DecimalMax(MAX_QUANTITY) @Digits(integer = 11, fraction = 3) @Nullable BigDecimal lowStockThreshold) {
	}

	record Created(UUID id) {
	}

	@GetMapping("/api/v1/stock")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Stock levels, filtered by location, product, or those at or below their low-stock threshold")
	Page<StockLevel> levels(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(name = "product_id", required = false) @Nullable UUID productId,
			@RequestParam(defaultValue = "false") boolean low, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		if (locationId != null) {
			user.requireLocation(locationId);
		}
		return stock.levels(locationId, productId, low, cursor, limit, user);
	}

	@GetMapping("/api/v1/stock/{locationId}/{productId}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Stock of one product at one location")
	StockLevel level(@PathVariable UUID locationId, @PathVariable UUID productId, CurrentUser user) {
		user.requireLocation(locationId);
		targets.check(locationId, List.of(productId));
		return stock.level(locationId, productId);
	}

	@GetMapping("/api/v1/stock/{locationId}/{productId}/movements")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "The ledger of one product at one location, newest first")
	Page<StockMovement> movements(@PathVariable UUID locationId, @PathVariable UUID productId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		user.requireLocation(locationId);
		targets.check(locationId, List.of(productId));
		return stock.movements(locationId, productId, cursor, limit);
	}

	@PostMapping("/api/v1/stock/receipts")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Receive goods into a location")
	ResponseEntity<Object> receive(@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
			@Valid @RequestBody Receipt request, CurrentUser user) {
		user.requireLocation(request.locationId());
		var lines = targets.lines(request.locationId(),
				request.lines().stream().map(line -> Map.entry(line.productId(), line.quantity())).toList(), "lines");
		var response = idempotency.run("stock-receipt:" + user.id(), key, request, HttpStatus.CREATED,
				() -> new Created(stock.receive(request.locationId(), lines, request.note())));
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/stock/adjustments")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Correct one product's stock by a change or to a counted quantity, with a reason; "
			+ "Idempotency-Key required, a repeat answers the first response")
	ResponseEntity<Object> adjust(@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
			@Valid @RequestBody Adjustment request, CurrentUser user) {
		user.requireLocation(request.locationId());
		targets.check(request.locationId(), List.of(request.productId()));
		var response = idempotency.run("stock-adjustment:" + user.id(), key, request, HttpStatus.OK,
				() -> stock.adjust(request.locationId(), request.productId(), request.quantityChange(),
						request.countedQuantity(), request.reason()));
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/stock/transfers")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Move stock from one location to another in one transaction")
	ResponseEntity<Object> transfer(@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
			@Valid @RequestBody Transfer request, CurrentUser user) {
		user.requireLocation(request.fromLocationId());
		user.requireLocation(request.toLocationId());
		targets.check(request.toLocationId(), List.of());
		var lines = targets.lines(request.fromLocationId(),
				request.lines().stream().map(line -> Map.entry(line.productId(), line.quantity())).toList(), "lines");
		var response = idempotency.run("stock-transfer:" + user.id(), key, request, HttpStatus.CREATED,
				() -> new Created(stock.transfer(request.fromLocationId(), request.toLocationId(), lines, request.note())));
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PutMapping("/api/v1/stock/{locationId}/{productId}/threshold")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Set or clear the low-stock threshold of a product at a location")
	StockLevel threshold(@PathVariable UUID locationId, @PathVariable UUID productId,
			@Valid @RequestBody Threshold request, CurrentUser user) {
		user.requireLocation(locationId);
		targets.check(locationId, List.of(productId));
		return stock.setThreshold(locationId, productId, request.lowStockThreshold());
	}
}

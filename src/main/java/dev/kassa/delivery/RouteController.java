package dev.kassa.delivery;

import java.time.LocalDate;
import java.util.List;
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
@Tag(name = "Delivery routes")
class RouteController {

	private final Routes routes;

	private final VehicleStock vehicleStock;

	RouteController(Routes routes, VehicleStock vehicleStock) {
		this.routes = routes;
		this.vehicleStock = vehicleStock;
	}

	@PostMapping("/api/v1/routes/optimize")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Best visiting order of up to kassa.delivery.max-optimize-stops stops from a depot, "
			+ "with its distance and the given order's; nothing is stored")
	Routes.OptimizedRoute optimize(@Valid @RequestBody Routes.OptimizeRequest request) {
		return routes.optimize(request);
	}

	@PostMapping("/api/v1/routes/plan")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Plan a location's day: PLANNED routes for the vehicles and drivers given, over capacity and "
			+ "time windows; 201 with the plan, or 202 with its job for large plans; 409 naming orders already on a "
			+ "route; Idempotency-Key required")
	ResponseEntity<JsonNode> plan(@Valid @RequestBody Routes.PlanRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = routes.plan(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/route-plans/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "A route plan: its status, its routes and the orders it left out with the reason")
	RoutePlan planOf(@PathVariable UUID id, CurrentUser user) {
		return routes.plan(id, user);
	}

	@GetMapping("/api/v1/routes")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List routes in id order, by location, date, status and driver")
	Page<Route> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			@RequestParam(required = false) @Nullable RouteStatus status,
			@RequestParam(name = "driver_id", required = false) @Nullable UUID driverId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return routes.list(locationId, date, status, driverId, user, cursor, limit);
	}

	@GetMapping("/api/v1/drivers/me/routes")
	@RolesAllowed({ "DRIVER" })
	@Operation(summary = "The signed-in driver's dispatched, started and completed routes of a day (today by default)")
	List<Route> mine(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			CurrentUser user) {
		return routes.mine(date, user);
	}

	@GetMapping("/api/v1/routes/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "A route with its stops in order; a driver sees only their own dispatched routes")
	Route get(@PathVariable UUID id, CurrentUser user) {
		return routes.get(id, user);
	}

	@PostMapping("/api/v1/routes/{id}/dispatch")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Hand a PLANNED route to its driver (DISPATCHED); its orders become ASSIGNED; 409 otherwise")
	Route dispatch(@PathVariable UUID id, CurrentUser user) {
		return routes.dispatch(id, user);
	}

	@PostMapping("/api/v1/routes/{id}/cancel")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Cancel a PLANNED or DISPATCHED route; its orders go back to PENDING on no route")
	Route cancel(@PathVariable UUID id, @Valid @RequestBody Routes.Cancellation request, CurrentUser user) {
		return routes.cancel(id, request, user);
	}

	@PostMapping("/api/v1/routes/{id}/start")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "Leave the depot: a DISPATCHED route becomes IN_PROGRESS, its orders OUT_FOR_DELIVERY")
	Route start(@PathVariable UUID id, CurrentUser user) {
		return routes.start(id, user);
	}

	@PostMapping("/api/v1/routes/{id}/stops/{stopId}/deliver")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "A stop delivered: who received it, full cylinders delivered, empties collected; "
			+ "the route completes with its last stop")
	Route deliver(@PathVariable UUID id, @PathVariable UUID stopId, @Valid @RequestBody Routes.Delivered request,
			CurrentUser user) {
		return routes.deliver(id, stopId, request, user);
	}

	@PostMapping("/api/v1/routes/{id}/load")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "Load a DISPATCHED route's vehicle: its refills move from the depot's stock into the vehicle's; "
			+ "409 when the depot holds fewer (nothing moved) or it was loaded already")
	VehicleStock.Load load(@PathVariable UUID id, CurrentUser user) {
		return routes.load(id, user);
	}

	@PostMapping("/api/v1/routes/{id}/unload")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "Close a loaded route at the depot: refills left and empties collected move from the vehicle "
			+ "into the depot; 409 when not loaded or unloaded already")
	VehicleStock.Load unload(@PathVariable UUID id, CurrentUser user) {
		return routes.unload(id, user);
	}

	@GetMapping("/api/v1/vehicles/{id}/stock")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "The cylinders a vehicle holds now: each container type's refills and empties")
	List<VehicleStock.Holding> vehicleStock(@PathVariable UUID id, CurrentUser user) {
		return vehicleStock.holdings(id, user);
	}

	@GetMapping("/api/v1/routes/{id}/load")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "What a route's vehicle was loaded with and carries now; 409 before it is loaded")
	VehicleStock.Load loadOf(@PathVariable UUID id, CurrentUser user) {
		return routes.loadOf(id, user);
	}

	@PostMapping("/api/v1/routes/{id}/position")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "The driver's position on a route IN_PROGRESS: goes out live on the deliveries topic with the "
			+ "pending stops' recomputed ETAs; 409 on a route not started")
	Routes.PositionUpdate position(@PathVariable UUID id, @Valid @RequestBody Routes.Position request, CurrentUser user) {
		return routes.position(id, request, user);
	}

	@PostMapping("/api/v1/routes/{id}/stops/{stopId}/fail")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "A stop failed, with the reason; the route completes with its last stop")
	Route fail(@PathVariable UUID id, @PathVariable UUID stopId, @Valid @RequestBody Routes.Failed request,
			CurrentUser user) {
		return routes.fail(id, stopId, request, user);
	}
}

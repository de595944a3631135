package dev.kassa.delivery;

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

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Delivery fleet")
class FleetController {

	private final Fleet fleet;

	FleetController(Fleet fleet) {
		this.fleet = fleet;
	}

	@PostMapping("/api/v1/drivers")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a driver; the licence number is unique, the linked user must have the DRIVER role")
	ResponseEntity<JsonNode> createDriver(@Valid @RequestBody Fleet.DriverInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = fleet.createDriver(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/drivers")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List drivers in id order, by home location and whether active")
	Page<Driver> drivers(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return fleet.drivers(locationId, active, user, cursor, limit);
	}

	@GetMapping("/api/v1/drivers/me")
	@RolesAllowed({ "DRIVER" })
	@Operation(summary = "The driver the signed-in user is")
	Driver me(CurrentUser user) {
		return fleet.me(user);
	}

	@GetMapping("/api/v1/drivers/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Get a driver")
	Driver driver(@PathVariable UUID id, CurrentUser user) {
		return fleet.driver(id, user);
	}

	@PutMapping("/api/v1/drivers/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Replace a driver's details")
	Driver updateDriver(@PathVariable UUID id, @Valid @RequestBody Fleet.DriverInput request, CurrentUser user) {
		return fleet.updateDriver(id, request, user);
	}

	@PostMapping("/api/v1/drivers/{id}/deactivate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Deactivate a driver: no new routes; 409 while a route of theirs is dispatched or started")
	Driver deactivateDriver(@PathVariable UUID id, CurrentUser user) {
		return fleet.setDriverActive(id, false, user);
	}

	@PostMapping("/api/v1/drivers/{id}/activate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Reactivate a driver")
	Driver activateDriver(@PathVariable UUID id, CurrentUser user) {
		return fleet.setDriverActive(id, true, user);
	}

	@PostMapping("/api/v1/vehicles")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a vehicle; the registration number is unique, the capacity in cylinders is planned with")
	ResponseEntity<JsonNode> createVehicle(@Valid @RequestBody Fleet.VehicleInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = fleet.createVehicle(request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/vehicles")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List vehicles in id order, by location and whether active")
	Page<Vehicle> vehicles(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return fleet.vehicles(locationId, active, user, cursor, limit);
	}

	@GetMapping("/api/v1/vehicles/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Get a vehicle")
	Vehicle vehicle(@PathVariable UUID id, CurrentUser user) {
		return fleet.vehicle(id, user);
	}

	@PutMapping("/api/v1/vehicles/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Replace a vehicle's details")
	Vehicle updateVehicle(@PathVariable UUID id, @Valid @RequestBody Fleet.VehicleInput request, CurrentUser user) {
		return fleet.updateVehicle(id, request, user);
	}

	@PostMapping("/api/v1/vehicles/{id}/deactivate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Deactivate a vehicle: no new routes; 409 while a route of it is dispatched or started")
	Vehicle deactivateVehicle(@PathVariable UUID id, CurrentUser user) {
		return fleet.setVehicleActive(id, false, user);
	}

	@PostMapping("/api/v1/vehicles/{id}/activate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Reactivate a vehicle")
	Vehicle activateVehicle(@PathVariable UUID id, CurrentUser user) {
		return fleet.setVehicleActive(id, true, user);
	}

	@GetMapping("/api/v1/delivery/depots/{locationId}")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "Where a location's delivery routes start and end")
	Depot depot(@PathVariable UUID locationId, CurrentUser user) {
		return fleet.depot(locationId, user);
	}

	@PutMapping("/api/v1/delivery/depots/{locationId}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Set a location's depot coordinates, which route planning needs")
	Depot setDepot(@PathVariable UUID locationId, @Valid @RequestBody Fleet.DepotInput request, CurrentUser user) {
		return fleet.setDepot(locationId, request, user);
	}
}

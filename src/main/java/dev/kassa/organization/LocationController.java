package dev.kassa.organization;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Locations")
class LocationController {

	private final Locations locations;

	private final Idempotency idempotency;

	LocationController(Locations locations, Idempotency idempotency) {
		this.locations = locations;
		this.idempotency = idempotency;
	}

	record CreateLocation(@NotBlank @Size(max = 8) String code, @NotBlank @Size(max = 200) String name,
			@NotNull LocationType type, @Size(max = 1000) @Nullable String address,
			@Size(max = 2) @Nullable String stateCode,
			@Schema(description = "A region id such as Asia/Kolkata: the location's business day is its local day. "
					+ "Optional once the organization profile names a default time zone (PUT /api/v1/organization), "
					+ "which is used when it is absent; required until then.")
			@Size(max = 64) @Nullable String timeZone) {
	}

	record UpdateLocation(@NotBlank @Size(max = 200) String name, @NotNull LocationType type,
			@Size(max = 1000) @Nullable String address, @Size(max = 2) @Nullable String stateCode,
			@NotBlank @Size(max = 64) String timeZone) {
	}

	@PostMapping("/api/v1/locations")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a store or warehouse with a unique code of up to 8 letters or digits")
	ResponseEntity<JsonNode> create(@Valid @RequestBody CreateLocation request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		if (user.locations() != null) {
			throw ApiException.forbidden("A user limited to some locations may not create locations");
		}
		var answer = idempotency.run("location.create:" + user.id(), key, request, HttpStatus.CREATED,
				() -> locations.create(new Locations.NewLocation(request.code(), request.name(), request.type(),
						request.address(), request.stateCode(), request.timeZone())));
		return ResponseEntity.status(answer.status()).body(answer.body());
	}

	@GetMapping("/api/v1/locations")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "List the locations you may see, oldest first; filter by active and type")
	Page<Location> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable LocationType type, CurrentUser user) {
		return locations.list(cursor, limit, user.locations(), active, type);
	}

	@GetMapping("/api/v1/locations/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Get a location you may see")
	Location get(@PathVariable UUID id, CurrentUser user) {
		if (!user.mayUse(id)) {
			throw ApiException.notFound("Location", id);
		}
		return locations.get(id);
	}

	@PutMapping("/api/v1/locations/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Change a location's name, type, address, state code and time zone (not its code)")
	Location update(@PathVariable UUID id, @Valid @RequestBody UpdateLocation request, CurrentUser user) {
		user.requireLocation(id);
		return locations.update(id, new Locations.LocationChange(request.name(), request.type(), request.address(),
				request.stateCode(), request.timeZone()));
	}

	@PostMapping("/api/v1/locations/{id}/deactivate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Deactivate a location: it takes no new documents or stock but stays in history")
	Location deactivate(@PathVariable UUID id, CurrentUser user) {
		user.requireLocation(id);
		return locations.setActive(id, false);
	}

	@PostMapping("/api/v1/locations/{id}/activate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Activate a location again")
	Location activate(@PathVariable UUID id, CurrentUser user) {
		user.requireLocation(id);
		return locations.setActive(id, true);
	}

	@DeleteMapping("/api/v1/locations/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a location nothing refers to; otherwise 409 naming what refers to it and how many")
	void delete(@PathVariable UUID id, CurrentUser user) {
		user.requireLocation(id);
		locations.delete(id);
	}
}

package dev.kassa.delivery;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.customers.Customers;
import dev.kassa.events.EventLog;
import dev.kassa.identity.IdentityService;
import dev.kassa.organization.Location;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.Role;

/**
 * Drivers, vehicles and depots: who drives, what they drive, and where routes start. Licence and
 * registration numbers are kept upper case without spaces or dashes and are unique; a driver may be linked
 * to one user with the DRIVER role, who then acts as that driver.
 */
@Service
public class Fleet {

	private final FleetStore store;

	private final Locations locations;

	private final Customers customers;

	private final IdentityService identity;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Fleet(FleetStore store, Locations locations, Customers customers, IdentityService identity, EventLog events,
			TransactionTemplate transactions, Idempotency idempotency) {
		this.store = store;
		this.locations = locations;
		this.customers = customers;
		this.identity = identity;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
	}

	/** A driver as a client writes it; an update replaces every field. */
	public record DriverInput(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 32) String phone,
			@NotBlank @Size(max = 40) String licenceNumber, @NotNull UUID homeLocationId, @Nullable UUID userId) {
	}

	/** A vehicle as a client writes it; an update replaces every field. */
	public record VehicleInput(@NotBlank @Size(max = 24) String registrationNumber,
			@NotNull @Min(1) @Max(10000) Integer capacityCylinders,
			@Nullable @DecimalMin(value = "0", inclusive = false) @Digits(integer = 8, fraction = 2) BigDecimal capacityKg,
			@NotNull UUID locationId) {
	}

	public record DepotInput(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
	}

	// Drivers

	public Driver driver(UUID id, CurrentUser user) {
		return store.driver(id)
			.filter(d -> user.mayUse(d.homeLocationId()))
			.orElseThrow(() -> ApiException.notFound("Driver", id));
	}

	/** The driver the signed-in user is; 404 when the user is linked to no driver. */
	public Driver me(CurrentUser user) {
		return store.driverOfUser(user.id())
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_a_driver",
					"User " + user.username() + " is linked to no driver"));
	}

	/** The driver of the user, if there is one. */
	Optional<Driver> driverOf(UUID userId) {
		return store.driverOfUser(userId);
	}

	Optional<Driver> findDriver(UUID id) {
		return store.driver(id);
	}

	public Page<Driver> drivers(@Nullable UUID locationId, @Nullable Boolean active, CurrentUser user,
			@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(store.drivers(locationId, active, user.locations(), Page.decodeId(cursor), size + 1), size,
				d -> d.id().toString());
	}

	public Idempotency.Response createDriver(DriverInput input, @Nullable String key, CurrentUser user) {
		var now = clock.instant();
		var driver = checked(Ids.next(), input, true, now, now, user);
		return idempotency.run("driver:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			try {
				store.insert(driver);
			}
			catch (DuplicateKeyException ex) {
				throw driverTaken(driver, ex);
			}
			events.append("driver.created", "driver", driver.id(), driver.homeLocationId(), driver);
			return driver;
		});
	}

	public Driver updateDriver(UUID id, DriverInput input, CurrentUser user) {
		driver(id, user);
		try {
			return transactions.execute(tx -> {
				var current = store.lockDriver(id).orElseThrow(() -> ApiException.notFound("Driver", id));
				var changed = checked(id, input, current.active(), current.createdAt(), clock.instant(), user);
				store.update(changed);
				events.append("driver.updated", "driver", id, changed.homeLocationId(), changed);
				return changed;
			});
		}
		catch (DuplicateKeyException ex) {
			throw driverTaken(checked(id, input, true, clock.instant(), clock.instant(), user), ex);
		}
	}

	/** Deactivates or reactivates; a driver with a dispatched or started route is not deactivated (409). */
	public Driver setDriverActive(UUID id, boolean active, CurrentUser user) {
		driver(id, user);
		return transactions.execute(tx -> {
			var current = store.lockDriver(id).orElseThrow(() -> ApiException.notFound("Driver", id));
			if (current.active() == active) {
				throw ApiException.conflict(active ? "driver_active" : "driver_inactive",
						"The driver is " + (active ? "active" : "deactivated") + " already");
			}
			if (!active && store.liveRoutesOfDriver(id) > 0) {
				throw ApiException.conflict("driver_on_route",
						"The driver has a dispatched or started route; finish or cancel it first");
			}
			var changed = new Driver(id, current.name(), current.phone(), current.licenceNumber(),
					current.homeLocationId(), current.userId(), active, current.createdAt(), clock.instant());
			store.update(changed);
			events.append(active ? "driver.activated" : "driver.deactivated", "driver", id, changed.homeLocationId(),
					changed);
			return changed;
		});
	}

	private Driver checked(UUID id, DriverInput input, boolean active, Instant created,
			Instant updated, CurrentUser user) {
		var phone = customers.normalizePhone("phone", input.phone());
		var licence = input.licenceNumber().replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		if (!licence.matches("[A-Z0-9/]{1,32}")) {
			throw ApiException.invalid("licence_number", "must be 1 to 32 letters, digits or / (spaces and - are dropped)");
		}
		activeLocation(input.homeLocationId(), "home_location_id", user);
		if (input.userId() != null) {
			var linked = identity.users(List.of(input.userId())).get(input.userId());
			if (linked == null) {
				throw ApiException.invalid("user_id", "names no user");
			}
			if (!linked.roles().contains(Role.DRIVER)) {
				throw ApiException.unprocessable("user_not_driver",
						"User " + linked.username() + " does not have the DRIVER role", "user_id");
			}
		}
		return new Driver(id, input.name().strip(), phone, licence, input.homeLocationId(), input.userId(), active,
				created, updated);
	}

	/** The refusal of a driver whose licence or user another has: the index that refused it tells which. */
	private static ApiException driverTaken(Driver driver, DuplicateKeyException ex) {
		var cause = ex.getMostSpecificCause().getMessage();
		var sameUser = cause != null && cause.contains("drivers_user");
		var field = sameUser ? "user_id" : "licence_number";
		var detail = sameUser ? "Another driver is linked to user " + driver.userId()
				: "Another driver has the licence number " + driver.licenceNumber();
		return new ApiException(HttpStatus.CONFLICT, sameUser ? "driver_user_taken" : "duplicate_licence_number",
				detail, List.of(new ApiException.FieldError(field, "is already used")), Map.of());
	}

	// Vehicles

	public Vehicle vehicle(UUID id, CurrentUser user) {
		return store.vehicle(id)
			.filter(v -> user.mayUse(v.locationId()))
			.orElseThrow(() -> ApiException.notFound("Vehicle", id));
	}

	Optional<Vehicle> findVehicle(UUID id) {
		return store.vehicle(id);
	}

	public Page<Vehicle> vehicles(@Nullable UUID locationId, @Nullable Boolean active, CurrentUser user,
			@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(store.vehicles(locationId, active, user.locations(), Page.decodeId(cursor), size + 1), size,
				v -> v.id().toString());
	}

	public Idempotency.Response createVehicle(VehicleInput input, @Nullable String key, CurrentUser user) {
		var now = clock.instant();
		var vehicle = checked(Ids.next(), input, true, now, now, user);
		return idempotency.run("vehicle:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			try {
				store.insert(vehicle);
			}
			catch (DuplicateKeyException ex) {
				throw registrationTaken(vehicle.registrationNumber());
			}
			events.append("vehicle.created", "vehicle", vehicle.id(), vehicle.locationId(), vehicle);
			return vehicle;
		});
	}

	public Vehicle updateVehicle(UUID id, VehicleInput input, CurrentUser user) {
		vehicle(id, user);
		try {
			return transactions.execute(tx -> {
				var current = store.lockVehicle(id).orElseThrow(() -> ApiException.notFound("Vehicle", id));
				var changed = checked(id, input, current.active(), current.createdAt(), clock.instant(), user);
				store.update(changed);
				events.append("vehicle.updated", "vehicle", id, changed.locationId(), changed);
				return changed;
			});
		}
		catch (DuplicateKeyException ex) {
			throw registrationTaken(normalRegistration(input.registrationNumber()));
		}
	}

	public Vehicle setVehicleActive(UUID id, boolean active, CurrentUser user) {
		vehicle(id, user);
		return transactions.execute(tx -> {
			var current = store.lockVehicle(id).orElseThrow(() -> ApiException.notFound("Vehicle", id));
			if (current.active() == active) {
				throw ApiException.conflict(active ? "vehicle_active" : "vehicle_inactive",
						"The vehicle is " + (active ? "active" : "deactivated") + " already");
			}
			if (!active && store.liveRoutesOfVehicle(id) > 0) {
				throw ApiException.conflict("vehicle_on_route",
						"The vehicle has a dispatched or started route; finish or cancel it first");
			}
			var changed = new Vehicle(id, current.registrationNumber(), current.capacityCylinders(),
					current.capacityKg(), current.locationId(), active, current.createdAt(), clock.instant());
			store.update(changed);
			events.append(active ? "vehicle.activated" : "vehicle.deactivated", "vehicle", id, changed.locationId(),
					changed);
			return changed;
		});
	}

	private Vehicle checked(UUID id, VehicleInput input, boolean active, Instant created,
			Instant updated, CurrentUser user) {
		var registration = normalRegistration(input.registrationNumber());
		if (!registration.matches("[A-Z0-9]{1,16}")) {
			throw ApiException.invalid("registration_number",
					"must be 1 to 16 letters or digits (spaces and - are dropped)");
		}
		activeLocation(input.locationId(), "location_id", user);
		return new Vehicle(id, registration, input.capacityCylinders(), input.capacityKg(), input.locationId(), active,
				created, updated);
	}

	private static String normalRegistration(String registration) {
		return registration.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
	}

	private static ApiException registrationTaken(String registration) {
		return new ApiException(HttpStatus.CONFLICT, "duplicate_registration_number",
				"Another vehicle has the registration number " + registration,
				List.of(new ApiException.FieldError("registration_number", "is already used")), Map.of());
	}

	// Depots

	/** The depot of a location; 404 when it has none. */
	public Depot depot(UUID locationId, CurrentUser user) {
		user.requireLocation(locationId);
		locations.get(locationId);
		return store.depot(locationId)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "depot_not_set",
					"The location " + locationId + " has no depot coordinates"));
	}

	Optional<Depot> findDepot(UUID locationId) {
		return store.depot(locationId);
	}

	public Depot setDepot(UUID locationId, DepotInput input, CurrentUser user) {
		user.requireLocation(locationId);
		locations.get(locationId);
		var depot = new Depot(locationId, input.latitude(), input.longitude(), clock.instant());
		return transactions.execute(tx -> {
			store.upsert(depot);
			events.append("delivery_depot.set", "delivery_depot", locationId, locationId, depot);
			return depot;
		});
	}

	/** A location a request names: 400 naming the field when there is none, 422 when it is deactivated. */
	Location activeLocation(UUID id, String field, CurrentUser user) {
		var location = locations.getOrInvalid(id, field);
		if (!user.mayUse(id)) {
			throw ApiException.forbidden("You are not allowed at location " + id);
		}
		if (!location.active()) {
			throw ApiException.unprocessable("location_inactive", "The location " + location.code() + " is deactivated",
					field);
		}
		return location;
	}
}

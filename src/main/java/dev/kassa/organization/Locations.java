package dev.kassa.organization;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.identity.IdentityService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;

/**
 * Stores and warehouses. Other modules call {@link #get} and {@link #require}; a location still referred
 * to (by the {@link LocationReferences} beans, or by users limited to it) is not deleted, only deactivated.
 */
@Service
public class Locations {

	private final LocationStore repository;

	private final OrganizationService organization;

	private final IdentityService identity;

	private final List<LocationReferences> references;

	private final EventLog events;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Locations(LocationStore repository, OrganizationService organization, IdentityService identity,
			List<LocationReferences> references, EventLog events, ApplicationEventPublisher publisher,
			TransactionTemplate transactions) {
		this.repository = repository;
		this.organization = organization;
		this.identity = identity;
		this.references = List.copyOf(references);
		this.events = events;
		this.publisher = publisher;
		this.transactions = transactions;
	}

	/** @param timeZone optional; the organization's when absent */
	public record NewLocation(@Nullable String code, @Nullable String name, @Nullable LocationType type,
			@Nullable String address, @Nullable String stateCode, @Nullable String timeZone) {
	}

	/** Everything but the code, which never changes. */
	public record LocationChange(@Nullable String name, @Nullable LocationType type, @Nullable String address,
			@Nullable String stateCode, @Nullable String timeZone) {
	}

	/** One kind of thing that still refers to a location. */
	public record Reference(String what, long count) {
	}

	/** The location, active or not; 404 when there is none. */
	public Location get(UUID id) {
		return repository.find(id).orElseThrow(() -> ApiException.notFound("Location", id));
	}

	/** The location a request names in {@code field}; a 400 naming the field when there is none. */
	public Location getOrInvalid(UUID id, String field) {
		return repository.find(id).orElseThrow(() -> ApiException.invalid(field, "names no location"));
	}

	/** The location if it is active: 404 when there is none, 409 when it is deactivated. */
	public Location require(UUID id) {
		var location = get(id);
		if (!location.active()) {
			throw ApiException.conflict("location_inactive", "The location " + location.code() + " is deactivated");
		}
		return location;
	}

	/**
	 * A page of locations in id order.
	 *
	 * @param only the locations the caller is limited to; {@code null} for all
	 */
	public Page<Location> list(@Nullable String cursor, @Nullable Integer limit, @Nullable Set<UUID> only,
			@Nullable Boolean active, @Nullable LocationType type) {
		int size = Page.limit(limit);
		return Page.of(repository.page(Page.decodeId(cursor), size + 1, only, active, type), size,
				l -> l.id().toString());
	}

	public List<Location> allActive() {
		return repository.allActive();
	}

	public Location create(NewLocation request) {
		var rawCode = Checks.required(request.code(), "code", 8).toUpperCase(Locale.ROOT);
		if (!rawCode.matches("[A-Z0-9]{1,8}")) {
			throw ApiException.invalid("code", "must be 1 to 8 letters or digits");
		}
		var name = Checks.required(request.name(), "name", 200);
		if (request.type() == null) {
			throw ApiException.invalid("type", "is required: STORE or WAREHOUSE");
		}
		var address = Checks.optionalOrNull(request.address(), "address", 1000);
		var stateCode = Checks.stateCode(request.stateCode(), "state_code");
		var zone = request.timeZone() == null ? defaultZone() : Checks.zone(request.timeZone(), "time_zone");
		var now = clock.instant();
		var location = new Location(Ids.next(), rawCode, name, request.type(), address, stateCode, zone, true, now, now);
		return transactions.execute(tx -> {
			if (!repository.insert(location)) {
				throw ApiException.conflict("location_code_taken", "A location has the code " + rawCode,
						Map.of("field", "code"));
			}
			events.append("location.created", "location", location.id(), location.id(), location);
			publisher.publishEvent(new LocationCreated(location));
			return location;
		});
	}

	private String defaultZone() {
		return organization.profile()
			.map(OrganizationProfile::timeZone)
			.orElseThrow(() -> ApiException.invalid("time_zone",
					"is required until the organization profile names a default time zone (PUT /api/v1/organization)"));
	}

	public Location update(UUID id, LocationChange change) {
		var name = Checks.required(change.name(), "name", 200);
		var type = change.type();
		if (type == null) {
			throw ApiException.invalid("type", "is required: STORE or WAREHOUSE");
		}
		var address = Checks.optionalOrNull(change.address(), "address", 1000);
		var stateCode = Checks.stateCode(change.stateCode(), "state_code");
		var zone = Checks.zone(change.timeZone(), "time_zone");
		return transactions.execute(tx -> {
			var current = repository.lock(id).orElseThrow(() -> ApiException.notFound("Location", id));
			var changed = new Location(id, current.code(), name, type, address, stateCode, zone,
					current.active(), current.createdAt(), clock.instant());
			repository.update(changed);
			events.append("location.updated", "location", id, id, changed);
			return changed;
		});
	}

	public Location setActive(UUID id, boolean active) {
		return transactions.execute(tx -> {
			var current = repository.lock(id).orElseThrow(() -> ApiException.notFound("Location", id));
			if (current.active() == active) {
				throw ApiException.conflict(active ? "location_active" : "location_inactive",
						"The location " + current.code() + " is " + (active ? "active" : "deactivated") + " already");
			}
			var changed = new Location(id, current.code(), current.name(), current.type(), current.address(),
					current.stateCode(), current.timeZone(), active, current.createdAt(), clock.instant());
			repository.update(changed);
			events.append(active ? "location.activated" : "location.deactivated", "location", id, id, changed);
			return changed;
		});
	}

	/** Deletes a location nothing refers to; otherwise 409 naming each kind of reference and its count. */
	public void delete(UUID id) {
		transactions.executeWithoutResult(tx -> {
			var location = repository.lock(id).orElseThrow(() -> ApiException.notFound("Location", id));
			references.forEach(r -> r.release(id));
			var found = new ArrayList<Reference>();
			long users = identity.usersLimitedTo(id);
			if (users > 0) {
				found.add(new Reference("users limited to it", users));
			}
			for (var reference : references) {
				long count = reference.count(id);
				if (count > 0) {
					found.add(new Reference(reference.what(), count));
				}
			}
			if (!found.isEmpty()) {
				var detail = String.join(", ", found.stream().map(r -> r.count() + " " + r.what()).toList());
				throw ApiException.conflict("location_in_use", "The location " + location.code()
						+ " is still referred to by " + detail + "; deactivate it instead", Map.of("references", found));
			}
			repository.delete(id);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("code", location.code());
			payload.put("name", location.name());
			events.append("location.deleted", "location", id, id, payload);
		});
	}
}

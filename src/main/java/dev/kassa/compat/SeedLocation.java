package dev.kassa.compat;

import org.springframework.stereotype.Component;

import dev.kassa.organization.Location;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;

/** The one shop of the seed's API: {@code kassa.compat.default-location}, or the only active location. */
@Component
class SeedLocation {

	private final CompatSettings settings;

	private final Locations locations;

	SeedLocation(CompatSettings settings, Locations locations) {
		this.settings = settings;
		this.locations = locations;
	}

	Location of(CurrentUser user) {
		Location location;
		var configured = settings.defaultLocation();
		if (configured != null) {
			location = locations.get(configured);
		}
		else {
			var active = locations.allActive();
			if (active.size() != 1) {
				throw ApiException.conflict("compat_location_not_set", active.isEmpty()
						? "There is no active location; an admin creates one before the seed's API can be used"
						: "There are " + active.size() + " active locations; set kassa.compat.default-location to the "
								+ "one the seed's API uses");
			}
			location = active.getFirst();
		}
		user.requireLocation(location.id());
		return location;
	}
}

package dev.kassa.organization;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The organization that runs this deployment.
 *
 * @param country ISO 3166 alpha-2
 * @param currency ISO 4217; every amount in Kassa is in it
 * @param timeZone the default for locations that do not name theirs
 */
public record OrganizationProfile(String legalName, @Nullable String tradeName, @Nullable String address,
		String country, String currency, String timeZone, Instant createdAt, Instant updatedAt) {

	public boolean inIndia() {
		return "IN".equals(country);
	}
}

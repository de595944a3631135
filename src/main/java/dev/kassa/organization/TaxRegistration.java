package dev.kassa.organization;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tax registration of the organization.
 *
 * @param kind {@code GSTIN} in India, {@code TAX_ID} elsewhere
 * @param stateCode the GST state code (the GSTIN's first two digits); {@code null} for other kinds
 */
public record TaxRegistration(UUID id, String kind, String country, String number, @Nullable String stateCode,
		@Nullable String label, Instant createdAt) {
}

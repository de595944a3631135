package dev.kassa.organization;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A financial year, both ends included. A closed year takes no new documents.
 *
 * @param code short, used in document numbers: {@code 2627} for 2026-04-01 to 2027-03-31
 */
public record FinancialYear(UUID id, String code, LocalDate startsOn, LocalDate endsOn, boolean closed,
		@Nullable Instant closedAt, Instant createdAt) {

	public boolean contains(LocalDate date) {
		return !date.isBefore(startsOn) && !date.isAfter(endsOn);
	}
}

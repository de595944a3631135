package dev.kassa.numbering;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A run of sale numbers reserved from a series for one terminal, for receipts printed offline.
 *
 * @param state OPEN while the terminal may use its numbers, RELEASED once handed back (the unused ones
 *            then are CANCELLED with the reason)
 * @param used how many of its numbers carry a sale
 * @param cancelled how many were cancelled when the block was handed back
 */
public record NumberBlock(UUID id, UUID seriesId, UUID terminalId, UUID locationId, String firstNumber,
		String lastNumber, long firstValue, long lastValue, int size, String state, long used, long cancelled,
		Instant createdAt, @Nullable Instant releasedAt, @Nullable String releaseReason) {
}

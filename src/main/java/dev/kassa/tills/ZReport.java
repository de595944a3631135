package dev.kassa.tills;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A Z report as stored: its number, the report itself, and its place in the terminal's chain.
 *
 * @param hash hex SHA-256 of the previous report's hash (its bytes, none for the first) followed by the
 *        report's JSON text as stored
 */
public record ZReport(UUID id, UUID terminalId, UUID sessionId, long number, java.math.BigDecimal grandTotal,
		JsonNode report, @org.jspecify.annotations.Nullable String previousHash, String hash, Instant createdAt) {
}

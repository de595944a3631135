package dev.kassa.numbering;

import java.time.Instant;
import java.util.UUID;

/**
 * Numbers one document type at one location in one financial year.
 *
 * @param format e.g. {@code {LOC}/{FY}/{SEQ:6}}
 * @param nextValue the sequence the next document gets
 * @param maxValue the last sequence the format can hold (10^n - 1)
 */
record DocumentSeries(UUID id, DocumentType documentType, UUID locationId, String locationCode,
		UUID financialYearId, String financialYearCode, String format, long nextValue, long maxValue,
		Instant createdAt, Instant updatedAt) {
}

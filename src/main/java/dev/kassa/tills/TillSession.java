package dev.kassa.tills;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A cash session (shift) on a terminal: OPEN, then CLOSING once counted, then CLOSED with its Z report.
 *
 * @param openingDenominations how the float was counted, when it was
 * @param counted what the cashier declared at close, per payment method; empty until counted
 * @param reviewRequired the count is off by more than the location's threshold: a MANAGER must accept it
 * @param zReportNumber the number of its Z report in the terminal's series, once closed
 */
public record TillSession(UUID id, UUID terminalId, UUID locationId, UUID cashierId, TillState state,
		BigDecimal openingFloat, @Nullable List<Denomination> openingDenominations, Instant openedAt,
		@Nullable Instant countedAt, @Nullable UUID countedBy, List<Count> counted, boolean reviewRequired,
		@Nullable BigDecimal varianceTotal, @Nullable UUID varianceAcceptedBy, @Nullable String varianceNote,
		@Nullable Instant closedAt, @Nullable UUID closedBy, int reopenedCount, @Nullable Long zReportNumber) {

	/** A count of notes or coins of one value. */
	public record Denomination(BigDecimal value, int count) {
	}

	/** What was counted for one payment method; cash may be counted by denomination. */
	public record Count(String method, BigDecimal amount, @Nullable List<Denomination> denominations) {
	}
}

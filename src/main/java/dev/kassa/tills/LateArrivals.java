package dev.kassa.tills;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The supplementary report of a closed session: the sales made offline in it that reached the server after
 * its Z report was written, which stays as it was. Amounts per payment method and taxes per rate as in a Z
 * report.
 *
 * @param zNumber the number of the session's Z report these sales are not in
 */
public record LateArrivals(UUID sessionId, UUID terminalId, @Nullable Long zNumber, String currency, long count,
		BigDecimal total, List<MethodTotal> methods, List<TillReport.TaxRate> taxes, List<Arrival> arrivals) {

	public record MethodTotal(String method, BigDecimal amount) {
	}

	/**
	 * @param numberWasCancelled whether the close had cancelled the sale's block number before it arrived
	 */
	public record Arrival(UUID saleId, String number, BigDecimal total, Map<String, BigDecimal> byMethod,
			Instant madeAt, Instant arrivedAt, boolean numberWasCancelled) {
	}
}

package dev.kassa.delivery;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of delivery planning, bound from {@code kassa.delivery.*}.
 *
 * @param averageSpeedKmh the speed that turns straight-line (haversine) distances into travel times
 * @param roadFactor straight-line distance times this is the distance driven (1.0: as the crow flies)
 * @param serviceTime time spent at each stop (parking, carrying cylinders, collecting empties)
 * @param shiftStart when routes leave the depot by default, in the location's time zone
 * @param shiftEnd when vehicles must be back by default
 * @param iterations most search iterations of the solver (10 a stop, at least 50, up to this); with the fixed
 *        {@code seed} a plan is reproducible, unless the time limit cut it short
 * @param seed the solver's random seed
 * @param inlineStops plans with more orders than this run as a background job (202 with the job)
 * @param maxPlanStops most orders one plan may take
 * @param maxOptimizeStops most stops the stateless optimizer takes
 * @param timeLimit the solver stops searching after this long even with iterations left: a safeguard for a
 *        loaded machine (600 iterations of 100 stops take 0.6 s of CPU, bench/README.md)
 */
@ConfigurationProperties("kassa.delivery")
record DeliverySettings(@DefaultValue("25") double averageSpeedKmh, @DefaultValue("1.0") double roadFactor,
		@DefaultValue("5m") Duration serviceTime, @DefaultValue("08:00") LocalTime shiftStart,
		@DefaultValue("20:00") LocalTime shiftEnd, @DefaultValue("600") int iterations,
		@DefaultValue("20261202") long seed, @DefaultValue("25") int inlineStops,
		@DefaultValue("300") int maxPlanStops, @DefaultValue("100") int maxOptimizeStops,
		@DefaultValue("5s") Duration timeLimit) {

	DeliverySettings {
		if (averageSpeedKmh <= 0 || roadFactor < 1 || iterations < 1 || inlineStops < 0 || maxPlanStops < 1
				|| maxOptimizeStops < 2 || !shiftStart.isBefore(shiftEnd) || !timeLimit.isPositive()) {
			throw new IllegalArgumentException("kassa.delivery: speed > 0, road factor >= 1, iterations >= 1, "
					+ "shift start before shift end, max stops >= 2, time limit > 0");
		}
	}
}

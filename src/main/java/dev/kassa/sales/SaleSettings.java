package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * @param cashierPriceReductionPercent how far below the catalog price a CASHIER may set a unit price;
 *        MANAGER and ADMIN may set any price
 * @param discountLimitPercent the largest discount each role may give, as a percent of what it comes off:
 *        a line's discount of the line's gross, the sale's discount of the lines' net. A role not named may
 *        give any discount; a user with several roles gets the largest limit of any. Above it a MANAGER or
 *        ADMIN rings the sale, order or estimate up, as with a price override. The roles named are merged over
 *        the defaults, CASHIER and EMPLOYEE 10, DRIVER 0, MANAGER and ADMIN unlimited; -1 makes a role unlimited
 * @param estimateValidityDays how many days an estimate is valid when its request names no date
 * @param estimatePrices whether an estimate converted to an order keeps its quoted prices ({@code hold}) or
 *        is priced anew from the catalog ({@code reprice})
 * @param estimateExpirySweep how often estimates past their validity are recorded as expired (each with an
 *        {@code estimate.expired} event); reads show them expired at once either way
 */
@ConfigurationProperties("kassa.sales")
@Validated
public record SaleSettings(@DefaultValue("10") BigDecimal cashierPriceReductionPercent,
		@DefaultValue("15") @Min(0) @Max(3650) int estimateValidityDays,
		@DefaultValue("hold") EstimatePrices estimatePrices, @DefaultValue("15m") Duration estimateExpirySweep,
		java.util.@org.jspecify.annotations.Nullable Map<dev.kassa.platform.Role, BigDecimal> discountLimitPercent) {

	public SaleSettings {
		var limits = new java.util.EnumMap<dev.kassa.platform.Role, BigDecimal>(Map.of(dev.kassa.platform.Role.CASHIER,
				BigDecimal.TEN, dev.kassa.platform.Role.EMPLOYEE, BigDecimal.TEN, dev.kassa.platform.Role.DRIVER,
				BigDecimal.ZERO));
		if (discountLimitPercent != null) {
			limits.putAll(discountLimitPercent);
		}
		// a negative limit is none: the role may give any discount
		limits.values().removeIf(limit -> limit.signum() < 0);
		discountLimitPercent = Map.copyOf(limits);
	}

	/**
	 * The largest discount percent the user may give, or {@code null} for any: the largest of their roles'
	 * limits, none when one of their roles has none.
	 */
	public @org.jspecify.annotations.Nullable BigDecimal discountLimit(java.util.Set<dev.kassa.platform.Role> roles) {
		BigDecimal limit = null;
		for (var role : roles) {
			var own = java.util.Objects.requireNonNull(discountLimitPercent, "defaulted by the constructor").get(role);
			if (own == null) {
				return null;
			}
			limit = limit == null || own.compareTo(limit) > 0 ? own : limit;
		}
		return limit == null ? BigDecimal.ZERO : limit;
	}

	/** What an estimate's prices become when it is converted. */
	public enum EstimatePrices {
		HOLD, REPRICE
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SaleSettings.class)
	static class Registration {
	}
}

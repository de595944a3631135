package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Duration;

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
		@DefaultValue("hold") EstimatePrices estimatePrices, @DefaultValue("15m") Duration estimateExpirySweep) {

	/** What an estimate's prices become when it is converted. */
	public enum EstimatePrices {
		HOLD, REPRICE
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SaleSettings.class)
	static class Registration {
	}
}

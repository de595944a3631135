package dev.kassa.sales;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;

/**
 * @param cashierPriceReductionPercent how far below the catalog price a CASHIER may set a unit price;
 *        MANAGER and ADMIN may set any price
 */
@ConfigurationProperties("kassa.sales")
public record SaleSettings(@DefaultValue("10") BigDecimal cashierPriceReductionPercent) {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SaleSettings.class)
	static class Registration {
	}
}

package dev.kassa.sales;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * How sales made offline are taken (docs/offline.md).
 *
 * @param priceWindow how long before a sale was made a price the till sent may have been the product's
 *        price and still stand without being flagged as unexplained
 * @param maxAge how old a sale made offline may be when it arrives; older ones are refused
 * @param clockSkew how far in the future a till's clock may be
 */
@ConfigurationProperties("kassa.sales.offline")
@Validated
public record OfflineSettings(@DefaultValue("24h") Duration priceWindow, @DefaultValue("30d") Duration maxAge,
		@DefaultValue("5m") Duration clockSkew) {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OfflineSettings.class)
	static class Registration {
	}
}

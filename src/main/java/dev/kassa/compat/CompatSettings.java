package dev.kassa.compat;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * @param defaultLocation the location the seed's API sells and reports at (the seed knows one shop only);
 *        when not set, the only active location, and a 409 when there are several
 */
@ConfigurationProperties("kassa.compat")
record CompatSettings(@Nullable UUID defaultLocation) {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CompatSettings.class)
	static class Registration {
	}
}

package dev.kassa.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request budgets, as token buckets: {@code capacity} requests at once, refilled at {@code perSecond}.
 *
 * @param perUser every authenticated user
 * @param perAddress every client address (a shop's tills may share one address: keep it generous)
 * @param login login attempts per client address, stricter
 * @param store {@code memory} (each instance its own buckets) or {@code postgres} (buckets shared by every
 *        instance on the database, table {@code rate_limit_buckets})
 */
@ConfigurationProperties("kassa.rate-limit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled,
		@DefaultValue({ "200", "100" }) Limit perUser, @DefaultValue({ "1000", "500" }) Limit perAddress,
		@DefaultValue({ "20", "0.5" }) Limit login, @DefaultValue("memory") Store store) {

	public enum Store {
		MEMORY, POSTGRES
	}

	public record Limit(long capacity, double perSecond) {
	}
}

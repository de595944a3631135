package dev.kassa.platform;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request budgets, as token buckets: {@code capacity} requests at once, refilled at {@code perSecond}.
 *
 * @param perUser every authenticated user (default 200, 100/s)
 * @param perAddress every client address; a shop's tills may share one address (default 1000, 500/s)
 * @param login login attempts per client address, stricter (default 20, one every 2 s)
 */
@ConfigurationProperties("kassa.rate-limit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled, Limit perUser, Limit perAddress, Limit login) {

	public RateLimitSettings(@DefaultValue("true") boolean enabled, @Nullable Limit perUser,
			@Nullable Limit perAddress, @Nullable Limit login) {
		this.enabled = enabled;
		this.perUser = Limit.orDefault(perUser, 200, 100);
		this.perAddress = Limit.orDefault(perAddress, 1000, 500);
		this.login = Limit.orDefault(login, 20, 0.5);
	}

	public record Limit(@Nullable Long capacity, @Nullable Double perSecond) {

		static Limit orDefault(@Nullable Limit given, long capacity, double perSecond) {
			if (given == null) {
				return new Limit(capacity, perSecond);
			}
			return new Limit(given.capacity() != null ? given.capacity() : capacity,
					given.perSecond() != null ? given.perSecond() : perSecond);
		}

		public long tokens() {
			return capacity == null ? 1 : capacity;
		}

		public double refillPerSecond() {
			return perSecond == null ? 1 : perSecond;
		}
	}
}

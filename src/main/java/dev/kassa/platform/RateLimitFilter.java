package dev.kassa.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token buckets per user, per client address, and stricter for login. Runs after authentication, so
 * that the user is known. A refused request gets 429 with {@code Retry-After}.
 */
@Component
class RateLimitFilter extends OncePerRequestFilter {

	private static final int MAX_BUCKETS = 200_000;

	private static final int EXPIRED_BATCH = 1_000;

	private final RateLimitSettings settings;

	private final JsonMapper json;

	private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();

	private final BucketConfiguration perUser;

	private final BucketConfiguration perAddress;

	private final BucketConfiguration login;

	private final io.github.bucket4j.postgresql.@Nullable PostgreSQLSelectForUpdateBasedProxyManager<String> shared;

	RateLimitFilter(RateLimitSettings settings, JsonMapper json, javax.sql.DataSource dataSource) {
		this.settings = settings;
		this.json = json;
		this.shared = settings.store() != RateLimitSettings.Store.POSTGRES ? null
				: io.github.bucket4j.postgresql.Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
					.primaryKeyMapper(io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper.STRING)
					.table("rate_limit_buckets")
					.expiresAtColumn("expires_at")
					// a bucket that would be full again is the same as no bucket: it may go
					.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
					.build();
		this.perUser = configuration(settings.perUser());
		this.perAddress = configuration(settings.perAddress());
		this.login = configuration(settings.login());
	}

	private static BucketConfiguration configuration(RateLimitSettings.Limit limit) {
		long nanosPerToken = (long) (1_000_000_000L / limit.refillPerSecond());
		return BucketConfiguration.builder()
			.addLimit(bandwidth -> bandwidth.capacity(limit.tokens())
				.refillGreedy(1, Duration.ofNanos(Math.max(1, nanosPerToken))))
			.build();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !settings.enabled() || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var address = request.getRemoteAddr();
		long wait = consume("a:" + address, perAddress);
		if (wait == 0 && request.getRequestURI().equals("/api/v1/auth/login")) {
			wait = consume("l:" + address, login);
		}
		if (wait == 0) {
			var user = CurrentUser.currentId();
			if (user != null) {
				wait = consume("u:" + user, perUser);
			}
		}
		if (wait > 0) {
			long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
			response.setHeader("Retry-After", Long.toString(seconds));
			SecurityConfiguration.write(json, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					"Too many requests; retry after " + seconds + " s");
			return;
		}
		chain.doFilter(request, response);
	}

	/** Takes one token; answers 0, or how many nanoseconds until one is free. */
	private long consume(String key, BucketConfiguration configuration) {
		if (shared != null) {
			var probe = shared.getProxy(key, () -> configuration).tryConsumeAndReturnRemaining(1);
			return probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill();
		}
		var entry = buckets.computeIfAbsent(key,
				k -> new Entry(Bucket.builder().addLimit(configuration.getBandwidths()[0]).build()));
		entry.lastUsed = System.nanoTime();
		var probe = entry.bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill();
	}

	/**
	 * Forgets buckets idle long enough to be full again, so memory stays bounded; with the shared store,
	 * deletes the rows of such buckets, a batch at a time (rows another instance holds are skipped).
	 */
	@Scheduled(fixedDelay = 60_000)
	void forgetIdle() {
		if (shared != null) {
			while (shared.removeExpired(EXPIRED_BATCH) == EXPIRED_BATCH) {
				// another batch
			}
		}
		long cutoff = System.nanoTime() - TimeUnit.MINUTES.toNanos(10);
		buckets.values().removeIf(entry -> entry.lastUsed < cutoff);
		if (buckets.size() > MAX_BUCKETS) {
			buckets.clear();
		}
	}

	private static final class Entry {

		final Bucket bucket;

		volatile long lastUsed;

		Entry(Bucket bucket) {
			this.bucket = bucket;
		}
	}
}

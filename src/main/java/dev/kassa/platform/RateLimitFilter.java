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
 * Token buckets per client address (every request, {@code /ws} and forged tokens included, since this runs
 * before authentication) and stricter for login (matched on the path as Spring routes it, decoded, so
 * {@code /api/v1/auth/%6Cogin} is a login too); and per user, in {@link PerUser}, after authentication, so
 * that the user is known. A refused request gets 429 with {@code Retry-After}.
 */
@Component
class RateLimitFilter extends OncePerRequestFilter {

	private static final org.springframework.web.util.UrlPathHelper PATHS = new org.springframework.web.util.UrlPathHelper();

	static {
		PATHS.setUrlDecode(true);
		PATHS.setRemoveSemicolonContent(true);
	}

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
		return !settings.enabled();
	}

	/**
	 * Whether the request reaches login or its second step (the TOTP code) as Spring routes it: decoded, without
	 * path parameters.
	 */
	static boolean isLogin(HttpServletRequest request) {
		String path;
		try {
			path = PATHS.getPathWithinApplication(request);
		}
		catch (RuntimeException ex) {
			return true;
		}
		while (path.contains("//")) {
			path = path.replace("//", "/");
		}
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.equalsIgnoreCase("/api/v1/auth/login") || path.equalsIgnoreCase("/api/v1/auth/login/totp");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var address = request.getRemoteAddr();
		long wait = consume("a:" + address, perAddress);
		if (wait == 0 && isLogin(request)) {
			wait = consume("l:" + address, login);
		}
		if (wait > 0) {
			refuse(response, wait);
			return;
		}
		chain.doFilter(request, response);
	}

	/** The per-user budget, after authentication. */
	@Component
	static class PerUser extends OncePerRequestFilter {

		private final RateLimitFilter buckets;

		PerUser(RateLimitFilter buckets) {
			this.buckets = buckets;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !buckets.settings.enabled();
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			var user = CurrentUser.currentId();
			long wait = user == null ? 0 : buckets.consume("u:" + user, buckets.perUser);
			if (wait > 0) {
				buckets.refuse(response, wait);
				return;
			}
			chain.doFilter(request, response);
		}
	}

	private void refuse(HttpServletResponse response, long wait) throws IOException {
		{
			long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
			response.setHeader("Retry-After", Long.toString(seconds));
			SecurityConfiguration.write(json, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					"Too many requests; retry after " + seconds + " s");
		}
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
			forgetLeastRecent();
		}
	}

	/**
	 * Past the bound, forgets the buckets used least recently until a tenth is free: a flood of new keys
	 * costs only the quietest buckets (full or nearly), never resets the budget of the busy ones.
	 */
	void forgetLeastRecent() {
		int excess = buckets.size() - MAX_BUCKETS * 9 / 10;
		if (excess <= 0) {
			return;
		}
		buckets.entrySet()
			.stream()
			.map(e -> java.util.Map.entry(e.getKey(), e.getValue().lastUsed))
			.sorted(java.util.Map.Entry.comparingByValue())
			.limit(excess)
			.map(java.util.Map.Entry::getKey)
			.toList()
			.forEach(buckets::remove);
	}

	int bucketCount() {
		return buckets.size();
	}

	boolean holds(String key) {
		return buckets.containsKey(key);
	}

	/** For tests: fills the buckets with idle keys as a flood of addresses would. */
	void fillIdle(int n) {
		long old = System.nanoTime() - TimeUnit.MINUTES.toNanos(5);
		for (int i = 0; i < n; i++) {
			var entry = new Entry(Bucket.builder().addLimit(perAddress.getBandwidths()[0]).build());
			entry.lastUsed = old;
			buckets.put("flood:" + i, entry);
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

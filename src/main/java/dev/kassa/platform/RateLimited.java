package dev.kassa.platform;

import org.springframework.http.HttpStatus;

/** Too many requests from one user, address or login name; the client may retry after the given delay. */
public final class RateLimited extends ApiException {

	private final long retryAfterSeconds;

	public RateLimited(String detail, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", detail);
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	public long retryAfterSeconds() {
		return retryAfterSeconds;
	}
}

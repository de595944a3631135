package dev.kassa.notifications;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: after the n-th failure, {@code base * 2^(n-1)} capped at {@code max},
 * of which a random half is taken off ("equal jitter"), so that many messages or endpoints that failed
 * together (a provider's outage) do not all come back at the same moment.
 */
final class Backoff {

	private Backoff() {
	}

	static Duration after(int failures, Duration base, Duration max) {
		long ceiling = max.toMillis();
		long delay = base.toMillis();
		for (int i = 1; i < failures && delay < ceiling; i++) {
			delay *= 2;
		}
		delay = Math.min(delay, ceiling);
		long half = delay / 2;
		return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
	}
}

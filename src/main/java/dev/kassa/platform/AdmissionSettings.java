package dev.kassa.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admission control (fault 9 of docs/reliability.md): how many API requests are served at once, how many may
 * wait for a turn and for how long; past that a request is answered 503 {@code overloaded} with Retry-After at
 * once, instead of joining a queue whose wait would end in a timeout.
 *
 * @param inFlight requests served at once; 0 (the default) is four per pooled database connection
 * @param queue requests that may wait for a turn; 0 (the default) is four times {@code inFlight}
 * @param queueWait the longest a request waits for its turn (default 1 s)
 * @param retryAfter what a refused request is told to wait (default 1 s)
 */
@ConfigurationProperties("kassa.admission")
public record AdmissionSettings(@DefaultValue("true") boolean enabled, @DefaultValue("0") int inFlight,
		@DefaultValue("0") int queue, @DefaultValue("1s") Duration queueWait, @DefaultValue("1s") Duration retryAfter) {
}

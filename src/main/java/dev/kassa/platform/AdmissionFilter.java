package dev.kassa.platform;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves at most {@code inFlight} API requests at once and lets at most {@code queue} more wait, each no longer
 * than {@code queueWait}, for a turn; a request beyond that is answered 503 {@code overloaded} with Retry-After
 * at once. Twice the load the machine can carry then costs the excess a fast refusal, which a till retries with
 * the same Idempotency-Key, instead of making every request wait on the database pool until it times out.
 * Long-lived streams ({@code /ws}, the SSE stream) and {@code /health} are not counted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AdmissionFilter extends OncePerRequestFilter {

	private final AdmissionSettings settings;

	private final JsonMapper json;

	private final Semaphore turns;

	private final int queue;

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicLong refused = new AtomicLong();

	AdmissionFilter(AdmissionSettings settings, PlatformSettings platform, JsonMapper json) {
		this.settings = settings;
		this.json = json;
		int inFlight = settings.inFlight() > 0 ? settings.inFlight() : 4 * Math.max(1, platform.db().poolSize());
		this.turns = new Semaphore(inFlight, true);
		this.queue = settings.queue() > 0 ? settings.queue() : 4 * inFlight;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!settings.enabled()) {
			return true;
		}
		var uri = request.getRequestURI();
		return !uri.startsWith("/api/") || uri.endsWith("/stream") || uri.endsWith("/stream/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!turns.tryAcquire()) {
			if (waiting.incrementAndGet() > queue) {
				waiting.decrementAndGet();
				refuse(response);
				return;
			}
			boolean admitted;
			try {
				admitted = turns.tryAcquire(settings.queueWait().toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				admitted = false;
			}
			finally {
				waiting.decrementAndGet();
			}
			if (!admitted) {
				refuse(response);
				return;
			}
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			turns.release();
		}
	}

	/** Requests refused so far. */
	long refused() {
		return refused.get();
	}

	private void refuse(HttpServletResponse response) throws IOException {
		refused.incrementAndGet();
		long seconds = Math.max(1, settings.retryAfter().toSeconds());
		response.setHeader("Retry-After", Long.toString(seconds));
		SecurityConfiguration.write(json, response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
				"Kassa is serving as many requests as it can; nothing was done: send the same request again "
						+ "(with the same Idempotency-Key) after the time in Retry-After");
	}
}

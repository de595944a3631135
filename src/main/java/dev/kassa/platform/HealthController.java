package dev.kassa.platform;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seeds' health check: is the database reachable, which version runs, for how long. */
@RestController
@Tag(name = "Health")
class HealthController {

	private final JdbcClient jdbc;

	private final String version;

	private final Workers workers;

	HealthController(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<BuildProperties> build,
			Workers workers) {
		this.jdbc = jdbc;
		this.workers = workers;
		var properties = build.getIfAvailable();
		var built = properties == null ? null : properties.getVersion();
		this.version = built == null ? "dev" : built;
	}

	/**
	 * @param database {@code up}, or {@code down} when it could not be reached or did not answer within
	 *     {@link #PROBE}: the server then answers every request that needs it 503 with Retry-After and
	 *     reconnects by itself once it is back
	 * @param workers each background loop ({@code sealer}, {@code live-poller}, ...): {@code up}, or {@code down}
	 *     from its death until it is started again (within seconds); any down makes the status degraded
	 */
	record Health(String status, String database, java.util.Map<String, String> workers, String version,
			long uptimeSeconds, Instant time) {
	}

	/** How long the probe waits for the database: a hung one must not hang the health check too. */
	static final Duration PROBE = Duration.ofSeconds(3);

	private String database() {
		var probe = new java.util.concurrent.FutureTask<>(() -> jdbc.sql("SELECT 1").query(Integer.class).single());
		Thread.ofVirtual().name("kassa-health-probe").start(probe);
		try {
			probe.get(PROBE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
			return "up";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "down";
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			// a timed-out probe keeps its thread until the socket timeout; a virtual thread costs little
			return "down";
		}
	}

	@GetMapping("/health")
	@PermitAll
	@Operation(summary = "Is Kassa up and its database reachable", security = {})
	ResponseEntity<Health> health() {
		var database = database();
		var uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toSeconds();
		var up = database.equals("up");
		var states = workers.states();
		var allUp = states.values().stream().allMatch("up"::equals);
		return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(new Health(up && allUp ? "ok" : "degraded", database, states, version, uptime, KassaClock.now()));
	}
}

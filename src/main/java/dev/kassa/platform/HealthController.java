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

	HealthController(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<BuildProperties> build) {
		this.jdbc = jdbc;
		var properties = build.getIfAvailable();
		this.version = properties != null ? properties.getVersion() : "dev";
	}

	record Health(String status, String database, String version, long uptimeSeconds, Instant time) {
	}

	@GetMapping("/health")
	@PermitAll
	@Operation(summary = "Is Kassa up and its database reachable", security = {})
	ResponseEntity<Health> health() {
		String database;
		try {
			jdbc.sql("SELECT 1").query(Integer.class).single();
			database = "up";
		}
		catch (RuntimeException ex) {
			database = "down";
		}
		var uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toSeconds();
		var up = database.equals("up");
		return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(new Health(up ? "ok" : "degraded", database, version, uptime, Instant.now()));
	}
}

package dev.kassa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API2 (broken authentication): the user lock holds under concurrency, the address limit slows a
 * shared address down without locking out users who sign in correctly, forwarded headers of an untrusted
 * client are ignored, and failures, lockouts and refresh-token reuse are recorded as events and metrics.
 */
class LoginDefenceIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	@BeforeEach
	void forgetEarlierFailures() {
		api().adminToken();
		jdbc.sql("DELETE FROM login_attempts").update();
	}

	private String user() {
		var name = "u" + System.nanoTime();
		var created = api().post("/api/v1/users", api().adminToken(),
				Map.of("username", name, "password", PASSWORD, "roles", List.of("CASHIER")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return name;
	}

	@Test
	void fortyParallelWrongPasswordsGetExactlyFive401sAndThen429s() throws Exception {
		var name = user();
		var start = new CountDownLatch(1);
		var tasks = new ArrayList<Callable<Integer>>();
		for (int i = 0; i < 40; i++) {
			int n = i;
			tasks.add(() -> {
				start.await();
				return api().login(name, "wrong password " + n).status();
			});
		}
		List<Integer> statuses = new ArrayList<>();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = tasks.stream().map(executor::submit).toList();
			start.countDown();
			for (var future : futures) {
				statuses.add(future.get());
			}
		}
		assertThat(statuses.stream().filter(s -> s == 401).count()).as(statuses.toString()).isEqualTo(5);
		assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isEqualTo(35);
		assertThat(api().login(name, PASSWORD).status()).isEqualTo(429);
	}

	@Test
	void twentyTyposFromTheShopsAddressSlowItDownButDoNotLockOutACorrectUser() throws Exception {
		var name = user();
		for (int i = 0; i < 21; i++) {
			api().login("typo-" + i + "-" + System.nanoTime(), "wrong");
		}
		var first = api().login(name, PASSWORD);
		if (first.status() == 429) {
			long retry = Long.parseLong(first.header("Retry-After"));
			assertThat(retry).as("the address slows down, it does not lock out").isLessThanOrEqualTo(5);
			// a login refused while slowed down does not extend the slow-down, so asking again until it lifts is fair
			var answer = new AtomicReference<>(first);
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(retry + 10)).pollInterval(Duration.ofMillis(250))
				.until(() -> answer.updateAndGet(a -> api().login(name, PASSWORD)).status() != 429);
			first = answer.get();
		}
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(api().login(name, PASSWORD).status()).as("a right password lifts the slow-down").isEqualTo(200);
	}

	@Test
	void aForwardedForHeaderFromAnUntrustedClientIsIgnored() {
		for (int i = 0; i < 21; i++) {
			api().send("POST", "/api/v1/auth/login", null,
					Map.of("username", "spoof-" + i + "-" + System.nanoTime(), "password", "wrong"),
					Map.of("X-Forwarded-For", "10.0." + i + ".1"));
		}
		long counted = jdbc.sql("SELECT failures FROM login_attempts WHERE key = 'addr:127.0.0.1'")
			.query(Long.class)
			.optional()
			.orElse(0L);
		assertThat(counted).isGreaterThanOrEqualTo(20);
		assertThat(count("SELECT count(*) FROM login_attempts WHERE key LIKE 'addr:10.%'")).isZero();
	}

	@Test
	void failuresLockoutsAndRefreshReuseAreEventsWithoutThePasswordAndMetrics() {
		var name = user();
		for (int i = 0; i < 5; i++) {
			assertThat(api().login(name, "secret-typo-" + i).status()).isEqualTo(401);
		}
		await(() -> count("SELECT count(*) FROM events WHERE type = 'auth.login_failed' AND payload->>'username' = '"
				+ name + "'") == 5);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.locked_out' AND payload->>'username' = '"
				+ name + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type LIKE 'auth.%' AND payload::text LIKE '%secret-typo%'"))
			.isZero();
		jdbc.sql("DELETE FROM login_attempts").update();
		var refresh = api().login(name, PASSWORD).json().path("refresh_token").asString();
		assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", refresh)).status()).isEqualTo(200);
		long before = count("SELECT count(*) FROM events WHERE type = 'auth.refresh_reused'");
		jdbc.sql("UPDATE refresh_tokens SET used_at = now() - interval '1 hour' WHERE used_at IS NOT NULL").update();
		assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", refresh)).status()).isEqualTo(401);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.refresh_reused'")).isEqualTo(before + 1);
		var metrics = api().get("/actuator/prometheus", null);
		assertThat(metrics.body()).contains("kassa_auth_failures_total", "kassa_auth_lockouts_total",
				"kassa_auth_refresh_reuse_total");
	}

	private static void await(java.util.concurrent.Callable<Boolean> condition) {
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(condition);
	}
}

package dev.kassa.tills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.kassa.support.AnotherKassa;

/**
 * A Kassa killed (SIGKILL) while it closes a session loses nothing: the close either committed whole (the
 * session CLOSED with its one Z report) or not at all (the session OPEN, no Z report), and the close posted
 * again with the same Idempotency-Key to the instance that is left closes it once, with exact totals.
 */
class KilledCloseIntegrationTests extends TillTesting {

	@Autowired
	Environment environment;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aCloseCutShortByAKilledInstanceIsPostedAgainAndClosesOnce() throws Exception {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		int sales = 20;
		for (int i = 0; i < sales; i++) {
			ok(sell(cashier, shop, "1", "CASH", "105.00"));
		}
		var expected = new BigDecimal("105.00").multiply(BigDecimal.valueOf(sales));
		var key = key();
		var body = Map.of("counted", List.of(Map.of("method", "CASH", "amount", expected)));
		try (var child = AnotherKassa.start(environment, "killed-close-instance")) {
			var other = child.client();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> other.get("/api/v1/me", cashier).status() == 200);
			try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
				var closing = executor.submit(() -> {
					try {
						return other.post("/api/v1/till-sessions/" + session + "/close", cashier, body, key).status();
					}
					catch (RuntimeException ex) {
						return -1;
					}
				});
				// pacing: aims the kill at the close in flight; either outcome is checked below
				Thread.sleep(15);
				child.kill();
				closing.get(1, TimeUnit.MINUTES);
			}
		}
		var state = jdbc.sql("SELECT state FROM till_sessions WHERE id = '" + session + "'::uuid").query(String.class).single();
		long zs = count("SELECT count(*) FROM z_reports WHERE session_id = '" + session + "'::uuid");
		assertThat(state.equals("CLOSED") ? 1 : 0).as("closed whole or not at all (" + state + ")").isEqualTo(zs);
		assertThat(state).isIn("OPEN", "CLOSED");

		var again = api().post("/api/v1/till-sessions/" + session + "/close", cashier, body, key);
		if (state.equals("OPEN")) {
			assertThat(again.status()).as(again.toString()).isEqualTo(200);
		}
		else {
			assertThat(again.status()).as(again.toString()).isIn(200, 409);
		}
		var z = ok(api().get("/api/v1/till-sessions/" + session + "/z-report", cashier)).json();
		assertThat(z.path("number").asLong()).isEqualTo(1);
		assertThat(z.path("report").path("sales").path("count").asLong()).isEqualTo(sales);
		assertThat(method(z.path("report"), "CASH", "variance")).isEqualByComparingTo("0");
		assertThat(count("SELECT count(*) FROM z_reports WHERE terminal_id = '" + shop.terminal() + "'::uuid")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'till_session.closed' AND aggregate_id = '" + session
				+ "'::uuid")).isEqualTo(1);
	}
}

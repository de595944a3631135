package dev.kassa.tills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.kassa.support.AnotherKassa;

/**
 * A Kassa killed (SIGKILL) in the middle of a close loses nothing. The kill is aimed, not timed: the test holds
 * the terminal's row, so the close counts the session and appends its event in its transaction and then waits
 * for the terminal to take its Z number; the instance is killed there. That transaction never commits: the
 * session is OPEN, uncounted, without a Z report or a close event; posted again with the same Idempotency-Key
 * to the instance that is left, the close closes it once, Z number 1, with exact totals.
 */
class KilledCloseIntegrationTests extends TillTesting {

	@Autowired
	Environment environment;

	@Autowired
	DataSource dataSource;

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
		long closer;
		try (var child = AnotherKassa.start(environment, "killed-close-instance");
				var holder = dataSource.getConnection()) {
			var other = child.client();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> other.get("/api/v1/me", cashier).status() == 200);
			holder.setAutoCommit(false);
			try (var lock = holder.prepareStatement("SELECT id FROM terminals WHERE id = ?::uuid FOR UPDATE")) {
				lock.setString(1, shop.terminal());
				lock.executeQuery().close();
			}
			try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
				var closing = executor.submit(() -> {
					try {
						return other.post("/api/v1/till-sessions/" + session + "/close", cashier, body, key).status();
					}
					catch (RuntimeException ex) {
						return -1;
					}
				});
				// the close has counted the session in its transaction and waits for the terminal's row
				closer = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
					.until(() -> jdbc.sql("""
							SELECT coalesce(max(pid), 0) FROM pg_stat_activity
							 WHERE wait_event_type = 'Lock' AND query ILIKE '%FROM terminals%FOR UPDATE%'
							   AND backend_xid IS NOT NULL
							""").query(Long.class).single(), pid -> pid > 0);
				child.kill();
				assertThat(closing.get(1, TimeUnit.MINUTES)).as("the killed instance answered nothing").isEqualTo(-1);
			}
			holder.rollback();
		}
		// let go, the orphaned close goes on to its end, finds its client gone and never commits
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
			.until(() -> count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + closer) == 0);
		assertThat(jdbc.sql("SELECT state FROM till_sessions WHERE id = '" + session + "'::uuid").query(String.class)
			.single()).isEqualTo("OPEN");
		assertThat(count("SELECT count(*) FROM till_sessions WHERE id = '" + session + "'::uuid AND counted_at IS NOT NULL"))
			.as("the count was not kept").isZero();
		assertThat(count("SELECT count(*) FROM z_reports WHERE session_id = '" + session + "'::uuid")).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type IN ('till_session.counted', 'till_session.closed') "
				+ "AND aggregate_id = '" + session + "'::uuid")).as("no event of the close").isZero();

		var again = api().post("/api/v1/till-sessions/" + session + "/close", cashier, body, key);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		var z = ok(api().get("/api/v1/till-sessions/" + session + "/z-report", cashier)).json();
		assertThat(z.path("number").asLong()).isEqualTo(1);
		assertThat(z.path("report").path("sales").path("count").asLong()).isEqualTo(sales);
		assertThat(method(z.path("report"), "CASH", "variance")).isEqualByComparingTo("0");
		assertThat(count("SELECT count(*) FROM z_reports WHERE terminal_id = '" + shop.terminal() + "'::uuid")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'till_session.closed' AND aggregate_id = '" + session
				+ "'::uuid")).isEqualTo(1);
	}
}

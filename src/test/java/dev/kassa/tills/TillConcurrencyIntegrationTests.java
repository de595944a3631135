package dev.kassa.tills;

import static dev.kassa.support.Concurrently.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kassa.support.TestClient;

/** The till rules under races: every sale in exactly one session or refused, one session per terminal, gapless Z numbers. */
class TillConcurrencyIntegrationTests extends TillTesting {

	/**
	 * Tills sell while the session closes: each sale is either committed and in the session's Z report, or
	 * refused with 409 and written nowhere; the Z report's totals are exactly the committed sales'.
	 */
	@Test
	void salesRacingTheCloseEachLandInTheSessionOrAreRefused() throws Exception {
		for (int round = 0; round < 3; round++) {
			var shop = shop();
			var cashier = cashier();
			var session = openSession(cashier, shop.terminal(), "0");
			ok(sell(cashier, shop, "1", "CASH", "105.00"));
			int sellers = 24;
			// the close starts a little later each round, so that it meets the sales early, midway and late
			long delay = 30L + 80L * round;
			var responses = concurrently(sellers + 1, i -> i == sellers / 2 ? later(delay,
					() -> close(manager(), session, Map.of("CASH", "0"))) : sell(cashier, shop, "1", "CASH", "105.00"));
			var close = responses.get(sellers / 2);
			assertThat(close.status()).as(close.toString()).isEqualTo(200);
			var sold = new HashSet<String>();
			for (int i = 0; i < responses.size(); i++) {
				if (i == sellers / 2) {
					continue;
				}
				var response = responses.get(i);
				if (response.status() == 201) {
					sold.add(response.json().path("id").asString());
				}
				else {
					assertThat(response.status()).as(response.toString()).isEqualTo(409);
					assertThat(response.json().path("code").asString()).as(response.toString())
						.isIn("till_session_closing", "till_session_closed", "till_session_required");
				}
			}
			System.out.printf("race round %d: %d sales in the session, %d refused%n", round, sold.size(),
					sellers - sold.size());
			var sessionJson = close.json().path("session");
			// a large variance waits for a manager: accept it, so that the Z report is written
			var z = sessionJson.path("state").asString().equals("CLOSED") ? close.json().path("z_report")
					: ok(action(manager(), session, "accept-variance", Map.of("note", "race"))).json().path("z_report");
			var report = z.path("report");
			long committed = sold.size() + 1;
			assertThat(report.path("sales").path("count").asLong()).isEqualTo(committed);
			assertThat(report.path("sales").path("amount").decimalValue())
				.isEqualByComparingTo(new BigDecimal("105.00").multiply(BigDecimal.valueOf(committed)));
			assertThat(method(report, "CASH", "expected"))
				.isEqualByComparingTo(new BigDecimal("105.00").multiply(BigDecimal.valueOf(committed)));
			Set<String> claimed = new HashSet<>(jdbc.sql("SELECT document_id::text FROM till_session_sales WHERE session_id = '"
					+ session + "'::uuid AND kind = 'SALE'").query(String.class).list());
			assertThat(claimed).containsAll(sold).hasSize((int) committed);
			assertThat(count("SELECT count(*) FROM sales WHERE terminal_id = '" + shop.terminal() + "'"))
				.as("no sale outside a session").isEqualTo(committed);
		}
	}

	private static TestClient.Response later(long millis, java.util.function.Supplier<TestClient.Response> call) {
		try {
			// pacing: staggers the close against the sales, it waits for nothing
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return call.get();
	}

	@Test
	void twoOpensRacingOnOneTerminalOpenOneSession() throws Exception {
		var shop = shop();
		List<String> cashiers = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			cashiers.add(cashier());
		}
		var responses = concurrently(cashiers.size(), i -> open(cashiers.get(i), shop.terminal(), 100));
		var opened = responses.stream().filter(r -> r.status() == 201).toList();
		assertThat(opened).hasSize(1);
		for (var response : responses) {
			if (response.status() != 201) {
				refused(response, 409, "till_session_open");
			}
		}
		assertThat(count("SELECT count(*) FROM till_sessions WHERE terminal_id = '" + shop.terminal() + "'")).isEqualTo(1);
	}

	@Test
	void aCashierOpeningOnTwoTerminalsAtOnceHoldsOneSession() throws Exception {
		var shop = shop();
		var second = terminal(shop.location(), "TILL-2");
		var cashier = cashier();
		var responses = concurrently(2, i -> open(cashier, i == 0 ? shop.terminal() : second, 0));
		assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
		assertThat(responses.stream().map(TestClient.Response::status)).contains(409);
	}

	/** Several terminals close again and again at once: each terminal's Z numbers run 1, 2, 3 ... with no gap. */
	@Test
	void zNumbersAreGaplessPerTerminalUnderConcurrentCloses() throws Exception {
		var shop = shop();
		var terminals = List.of(shop.terminal(), terminal(shop.location(), "TILL-2"), terminal(shop.location(), "TILL-3"));
		var cashiers = terminals.stream().map(t -> cashier()).toList();
		int rounds = 4;
		for (int round = 0; round < rounds; round++) {
			var sessions = new java.util.ArrayList<String>();
			for (int t = 0; t < terminals.size(); t++) {
				sessions.add(openSession(cashiers.get(t), terminals.get(t), "0"));
			}
			var closes = concurrently(terminals.size(), t -> close(cashiers.get(t), sessions.get(t), Map.of("CASH", "0")));
			closes.forEach(TillTesting::ok);
		}
		for (var terminal : terminals) {
			var numbers = jdbc.sql("SELECT number FROM z_reports WHERE terminal_id = '" + terminal + "'::uuid ORDER BY number")
				.query(Long.class)
				.list();
			assertThat(numbers).containsExactly(1L, 2L, 3L, 4L);
			var verified = ok(api().post("/api/v1/terminals/" + terminal + "/z-reports/verify", manager(), null)).json();
			assertThat(verified.path("first_broken").isNull()).isTrue();
		}
	}
}

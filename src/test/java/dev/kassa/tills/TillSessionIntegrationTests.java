package dev.kassa.tills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;


class TillSessionIntegrationTests extends TillTesting {

	/**
	 * The day of a till: a float counted by denomination, cash, card and UPI sales, a cash refund, a void,
	 * paid in, paid out, a drop and a no-sale; the X report shows the manager what the drawer should hold, to
	 * the minor unit, and the exact count closes the session at once with Z report 1.
	 */
	@Test
	void aSessionClosesWithTheExpectedCashToTheMinorUnitAndItsZReport() {
		var shop = shop();
		var cashier = cashier();
		var opened = api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", shop.terminal(),
				"denominations", List.of(Map.of("value", 500, "count", 1), Map.of("value", 100, "count", 5))), key());
		assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
		var session = opened.json().path("id").asString();
		assertThat(opened.json().path("state").asString()).isEqualTo("OPEN");
		assertThat(opened.json().path("opening_float").decimalValue()).isEqualByComparingTo("1000.00");

		var cashSale = ok(sell(cashier, shop, "3", "CASH", "315.00")).json();
		assertThat(cashSale.path("terminal_id").asString()).isEqualTo(shop.terminal());
		ok(sell(cashier, shop, "1", "CARD", "105.00"));
		var upiSale = ok(sell(cashier, shop, "2", "UPI", "210.00")).json();
		var line = cashSale.path("lines").get(0).path("id").asString();
		ok(api().post("/api/v1/sales/" + cashSale.path("id").asString() + "/returns", manager(),
				Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", 1, "restock", true)), "refunds",
						List.of(Map.of("method", "CASH", "amount", "105.00")), "reason", "broken", "terminal_id",
						shop.terminal()), key()));
		ok(api().post("/api/v1/sales/" + upiSale.path("id").asString() + "/void", manager(), Map.of("reason", "wrong")));
		ok(action(cashier, session, "paid-in", Map.of("amount", "200.00", "reason", "change from the bank")));
		ok(action(cashier, session, "paid-out", Map.of("amount", "50.00", "reason", "milk")));
		ok(action(cashier, session, "drops", Map.of("amount", "500", "reason", "to the safe")));
		ok(action(cashier, session, "no-sale", Map.of("reason", "customer asked for change")));

		var x = ok(api().get("/api/v1/till-sessions/" + session + "/x-report", manager())).json();
		assertThat(x.path("kind").asString()).isEqualTo("X");
		assertThat(method(x, "CASH", "expected")).isEqualByComparingTo("860.00");
		assertThat(method(x, "CARD", "expected")).isEqualByComparingTo("105.00");
		assertThat(method(x, "UPI", "expected")).isEqualByComparingTo("0.00");
		var blind = ok(api().get("/api/v1/till-sessions/" + session + "/x-report", cashier)).json();
		assertThat(blind.path("methods").get(0).path("expected").isNull()).isTrue();
		assertThat(blind.path("sales").path("count").asLong()).isEqualTo(3);
		assertThat(count("SELECT count(*) FROM z_reports WHERE terminal_id = '" + shop.terminal() + "'"))
			.as("an X report writes nothing")
			.isZero();

		var closed = close(cashier, session, Map.of("CASH", "860.00", "CARD", "105.00", "UPI", "0"));
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.json().path("session").path("state").asString()).isEqualTo("CLOSED");
		var z = closed.json().path("z_report");
		assertThat(z.path("number").asLong()).isEqualTo(1);
		assertThat(z.path("previous_hash").isNull()).isTrue();
		var report = z.path("report");
		assertThat(report.path("sales").path("count").asLong()).isEqualTo(3);
		assertThat(report.path("sales").path("amount").decimalValue()).isEqualByComparingTo("630.00");
		assertThat(report.path("voids").path("count").asLong()).isEqualTo(1);
		assertThat(report.path("voids").path("amount").decimalValue()).isEqualByComparingTo("-210.00");
		assertThat(report.path("returns").path("amount").decimalValue()).isEqualByComparingTo("-105.00");
		assertThat(report.path("net_sales").decimalValue()).isEqualByComparingTo("315.00");
		assertThat(report.path("grand_total").decimalValue()).isEqualByComparingTo("315.00");
		assertThat(report.path("paid_in").path("amount").decimalValue()).isEqualByComparingTo("200.00");
		assertThat(report.path("paid_out").path("amount").decimalValue()).isEqualByComparingTo("50.00");
		assertThat(report.path("drops").path("amount").decimalValue()).isEqualByComparingTo("500.00");
		assertThat(report.path("no_sales").asLong()).isEqualTo(1);
		assertThat(method(report, "CASH", "variance")).isEqualByComparingTo("0");
		assertThat(report.path("taxes")).hasSize(1);
		assertThat(report.path("taxes").get(0).path("taxable").decimalValue()).isEqualByComparingTo("300.00");
		assertThat(report.path("taxes").get(0).path("cgst").decimalValue()).isEqualByComparingTo("7.50");
		assertThat(report.path("first_number").asString()).isEqualTo(cashSale.path("number").asString());
		assertThat(count("SELECT count(*) FROM events WHERE type = 'till_session.closed' AND aggregate_id = '"
				+ session + "'")).isEqualTo(1);

		var read = ok(api().get("/api/v1/till-sessions/" + session + "/z-report", cashier)).json();
		assertThat(read.path("hash").asString()).isEqualTo(z.path("hash").asString());

		// the next session's Z report is number 2, chained to the first, and the grand total runs on
		var next = openSession(cashier, shop.terminal(), "100");
		ok(sell(cashier, shop, "1", "CASH", "105.00"));
		var second = ok(close(cashier, next, Map.of("CASH", "205.00"))).json().path("z_report");
		assertThat(second.path("number").asLong()).isEqualTo(2);
		assertThat(second.path("previous_hash").asString()).isEqualTo(z.path("hash").asString());
		assertThat(second.path("report").path("grand_total").decimalValue()).isEqualByComparingTo("420.00");
		var verified = ok(api().post("/api/v1/terminals/" + shop.terminal() + "/z-reports/verify", manager(), null)).json();
		assertThat(verified.path("checked").asLong()).isEqualTo(2);
		assertThat(verified.path("first_broken").isNull()).isTrue();
	}

	@Test
	void aVarianceOverTheThresholdWaitsForAManagerWithANote() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "500");
		ok(sell(cashier, shop, "2", "CASH", "210.00"));
		var counted = ok(close(cashier, session, Map.of("CASH", "600.00"))).json();
		assertThat(counted.path("session").path("state").asString()).isEqualTo("CLOSING");
		assertThat(counted.path("session").path("review_required").asBoolean()).isTrue();
		assertThat(counted.path("z_report").isNull()).isTrue();
		refused(sell(cashier, shop, "1", "CASH", "105.00"), 409, "till_session_closing");
		assertThat(action(cashier, session, "accept-variance", Map.of("note", "fine")).status()).isEqualTo(403);
		refused(close(cashier, session, Map.of("CASH", "600.00")), 409, "till_session_not_open");
		invalid(action(manager(), session, "accept-variance", Map.of("note", " ")), "note");

		var accepted = ok(action(manager(), session, "accept-variance", Map.of("note", "short by 110, counted twice"))).json();
		assertThat(accepted.path("session").path("state").asString()).isEqualTo("CLOSED");
		var report = accepted.path("z_report").path("report");
		assertThat(method(report, "CASH", "expected")).isEqualByComparingTo("710.00");
		assertThat(method(report, "CASH", "variance")).isEqualByComparingTo("-110.00");
		assertThat(report.path("variance_accepted_by").asString()).isNotBlank();
		assertThat(report.path("variance_note").asString()).isEqualTo("short by 110, counted twice");
		refused(action(manager(), session, "reopen", Map.of()), 409, "till_session_not_closing");

		var variances = ok(api().get("/api/v1/till-reports/variances?location_id=" + shop.location()
				+ "&from=2020-01-01&to=2100-01-01", manager())).json();
		assertThat(variances.path("sessions")).hasSize(1);
		assertThat(variances.path("by_cashier").get(0).path("variance_total").decimalValue()).isEqualByComparingTo("-110.00");
		var sales = ok(api().get("/api/v1/till-reports/sales?terminal_id=" + shop.terminal()
				+ "&from=2020-01-01&to=2100-01-01", manager())).json();
		assertThat(sales.path("items").get(0).path("sales").asLong()).isEqualTo(1);
		assertThat(sales.path("items").get(0).path("net").decimalValue()).isEqualByComparingTo("210.00");
	}

	@Test
	void aManagerReopensACountedSessionForARecount() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		ok(sell(cashier, shop, "1", "CASH", "105.00"));
		ok(close(cashier, session, Map.of("CASH", "0")));
		assertThat(action(cashier, session, "reopen", Map.of()).status()).isEqualTo(403);
		var reopened = ok(action(manager(), session, "reopen", Map.of())).json();
		assertThat(reopened.path("state").asString()).isEqualTo("OPEN");
		assertThat(reopened.path("reopened_count").asInt()).isEqualTo(1);
		var closed = ok(close(cashier, session, Map.of("CASH", "105.00"))).json();
		assertThat(closed.path("session").path("state").asString()).isEqualTo("CLOSED");
	}

	@Test
	void aSaleAtATerminalNeedsAnOpenSessionUnlessTheLocationSaysOtherwise() {
		var shop = shop();
		var cashier = cashier();
		long before = count("SELECT count(*) FROM sales");
		refused(sell(cashier, shop, "1", "CASH", "105.00"), 409, "till_session_required");
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(before);
		ok(sell(cashier, shop, null, "1", "CASH", "105.00"));

		ok(api().send("PUT", "/api/v1/till-settings/" + shop.location(), manager(), Map.of("session_required", false,
				"max_open_minutes", 60, "paid_out_manager_above", 100, "variance_threshold", 5,
				"cashier_many_sessions", false), Map.of("Idempotency-Key", key())));
		var settings = ok(api().get("/api/v1/till-settings/" + shop.location(), cashier)).json();
		assertThat(settings.path("session_required").asBoolean()).isFalse();
		assertThat(settings.path("custom").asBoolean()).isTrue();
		var sold = ok(sell(cashier, shop, "1", "CASH", "105.00")).json();
		assertThat(sold.path("terminal_id").asString()).isEqualTo(shop.terminal());
		assertThat(count("SELECT count(*) FROM till_session_sales WHERE document_id = '" + sold.path("id").asString() + "'"))
			.isZero();
	}

	@Test
	void aSessionOpenLongerThanAllowedMustBeClosedBeforeTheTerminalSellsAgain() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		ok(sell(cashier, shop, "1", "CASH", "105.00"));
		jdbc.sql("ALTER TABLE till_sessions DISABLE TRIGGER till_sessions_require_event").update();
		try {
			jdbc.sql("UPDATE till_sessions SET opened_at = opened_at - interval '25 hours' WHERE id = '" + session + "'::uuid")
				.update();
		}
		finally {
			jdbc.sql("ALTER TABLE till_sessions ENABLE TRIGGER till_sessions_require_event").update();
		}
		refused(sell(cashier, shop, "1", "CASH", "105.00"), 409, "till_session_expired");
		ok(close(cashier, session, Map.of("CASH", "105.00")));
		openSession(cashier, shop.terminal(), "0");
		ok(sell(cashier, shop, "1", "CASH", "105.00"));
	}

	@Test
	void anOrderFulfilledAtTheTerminalBelongsToItsSession() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		var order = id(api().post("/api/v1/orders", manager(), Map.of("location_id", shop.location(), "lines",
				List.of(Map.of("product_id", shop.product(), "quantity", 2))), key()));
		ok(api().put("/api/v1/orders/" + order + "/status", manager(), Map.of("status", "CONFIRMED")));
		var fulfilled = ok(api().put("/api/v1/orders/" + order + "/status", cashier, Map.of("status", "FULFILLED",
				"terminal_id", shop.terminal(), "payments", List.of(Map.of("method", "CASH", "amount", "210.00"))))).json();
		var sale = ok(api().get("/api/v1/sales/" + fulfilled.path("sale_id").asString(), manager())).json();
		assertThat(sale.path("terminal_id").asString()).isEqualTo(shop.terminal());
		var z = ok(close(cashier, session, Map.of("CASH", "210.00"))).json().path("z_report").path("report");
		assertThat(z.path("sales").path("count").asLong()).isEqualTo(1);
		assertThat(z.path("first_number").asString()).isEqualTo(fulfilled.path("sale_number").asString());

		var other = id(api().post("/api/v1/orders", manager(), Map.of("location_id", shop.location(), "lines",
				List.of(Map.of("product_id", shop.product(), "quantity", 1))), key()));
		ok(api().put("/api/v1/orders/" + other + "/status", manager(), Map.of("status", "CONFIRMED")));
		refused(api().put("/api/v1/orders/" + other + "/status", cashier, Map.of("status", "FULFILLED", "terminal_id",
				shop.terminal(), "payments", List.of(Map.of("method", "CASH", "amount", "105.00")))), 409,
				"till_session_required");
		assertThat(ok(api().get("/api/v1/orders/" + other, manager())).json().path("status").asString())
			.isEqualTo("CONFIRMED");
	}

	/** The database refuses to change a Z report; one changed behind its back is named by the chain check. */
	@Test
	void aZReportIsImmutableAndAChangeIsNamedByTheChainCheck() {
		var shop = shop();
		var cashier = cashier();
		for (int i = 0; i < 3; i++) {
			var session = openSession(cashier, shop.terminal(), "0");
			ok(sell(cashier, shop, "1", "CASH", "105.00"));
			ok(close(cashier, session, Map.of("CASH", "105.00")));
		}
		var where = " WHERE terminal_id = '" + shop.terminal() + "'::uuid AND number = 2";
		assertThatThrownBy(() -> jdbc.sql("UPDATE z_reports SET grand_total = 0" + where).update())
			.hasMessageContaining("immutable");
		assertThatThrownBy(() -> jdbc.sql("DELETE FROM z_reports" + where).update()).hasMessageContaining("immutable");
		jdbc.sql("ALTER TABLE z_reports DISABLE TRIGGER z_reports_immutable").update();
		jdbc.sql("ALTER TABLE z_reports DISABLE TRIGGER z_reports_require_event").update();
		try {
			jdbc.sql("UPDATE z_reports SET body = replace(body, '\"net_sales\":105.00', '\"net_sales\":5.00')" + where)
				.update();
		}
		finally {
			jdbc.sql("ALTER TABLE z_reports ENABLE TRIGGER z_reports_immutable").update();
			jdbc.sql("ALTER TABLE z_reports ENABLE TRIGGER z_reports_require_event").update();
		}
		var verified = ok(api().post("/api/v1/terminals/" + shop.terminal() + "/z-reports/verify", manager(), null)).json();
		assertThat(verified.path("first_broken").asLong()).isEqualTo(2);
		assertThat(verified.path("problem").asString()).contains("hash");
		var listed = ok(api().get("/api/v1/terminals/" + shop.terminal() + "/z-reports", manager())).json();
		assertThat(listed.path("items")).hasSize(3);
	}

	@Nested
	class Refusals {

		@Test
		void aSecondSessionOnATerminalOrForACashierIsRefusedNamingTheOpenOne() {
			var shop = shop();
			var cashier = cashier();
			var session = openSession(cashier, shop.terminal(), "0");
			var second = open(cashier(), shop.terminal(), 0);
			refused(second, 409, "till_session_open");
			assertThat(second.json().path("session_id").asString()).isEqualTo(session);
			var other = terminal(shop.location(), "TILL-2");
			var elsewhere = open(cashier, other, 0);
			refused(elsewhere, 409, "cashier_has_open_session");
			assertThat(count("SELECT count(*) FROM till_sessions WHERE terminal_id = '" + other + "'")).isZero();
		}

		@Test
		void badOpensAreRefusedNamingTheFieldAndWriteNothing() {
			var shop = shop();
			var cashier = cashier();
			long before = count("SELECT count(*) FROM till_sessions");
			invalid(open(cashier, shop.terminal(), -1), "opening_float");
			invalid(open(cashier, shop.terminal(), new BigDecimal("10.001")), "opening_float");
			invalid(open(cashier, shop.terminal(), "ten"), "opening_float");
			invalid(open(cashier, java.util.UUID.randomUUID().toString(), 0), "terminal_id");
			invalid(open(cashier, "not-a-uuid", 0), "terminal_id");
			invalid(api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", shop.terminal()), key()),
					"opening_float");
			invalid(api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", shop.terminal(), "denominations",
					List.of(Map.of("value", 0, "count", 1))), key()), "denominations[0].value");
			invalid(api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", shop.terminal(), "opening_float",
					50, "denominations", List.of(Map.of("value", 10, "count", 1))), key()), "opening_float");
			invalid(api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", shop.terminal(), "opening_float", 0)),
					"Idempotency-Key");
			assertThat(open(api().token("EMPLOYEE"), shop.terminal(), 0).status()).isEqualTo(403);
			assertThat(open(null, shop.terminal(), 0).status()).isEqualTo(401);
			assertThat(count("SELECT count(*) FROM till_sessions")).isEqualTo(before);
		}

		@Test
		void badMovementsAndClosesAreRefusedAndWriteNothing() {
			var shop = shop();
			var cashier = cashier();
			var session = openSession(cashier, shop.terminal(), "100");
			invalid(action(cashier, session, "paid-in", Map.of("amount", "-5", "reason", "x")), "amount");
			invalid(action(cashier, session, "paid-in", Map.of("amount", "5.001", "reason", "x")), "amount");
			invalid(action(cashier, session, "paid-in", Map.of("amount", "5")), "reason");
			invalid(action(cashier, session, "paid-out", Map.of("amount", "5", "reason", "x".repeat(501))), "reason");
			refused(action(cashier, session, "paid-out", Map.of("amount", "150", "reason", "too much")), 409,
					"exceeds_drawer_cash");
			refused(action(cashier, session, "drops", Map.of("amount", "100.01")), 409, "exceeds_drawer_cash");
			ok(action(cashier, session, "paid-in", Map.of("amount", "5000", "reason", "float top-up")));
			assertThat(action(cashier, session, "paid-out", Map.of("amount", "2500", "reason", "rent")).status())
				.as("above the cashier's limit").isEqualTo(403);
			ok(action(manager(), session, "paid-out", Map.of("amount", "2500", "reason", "rent")));
			assertThat(action(cashier(), session, "paid-in", Map.of("amount", "1", "reason", "x")).status())
				.as("another cashier's session").isEqualTo(403);
			assertThat(action(cashier, java.util.UUID.randomUUID().toString(), "paid-in",
					Map.of("amount", "1", "reason", "x")).status()).isEqualTo(404);
			invalid(action(cashier, session, "close", Map.of("counted", List.of(Map.of("method", "GOLD", "amount", 1)))),
					"counted[0].method");
			invalid(action(cashier, session, "close", Map.of("counted", List.of(Map.of("method", "CASH", "amount", 1),
					Map.of("method", "CASH", "amount", 2)))), "counted[1].method");
			invalid(action(cashier, session, "close", Map.of("counted", List.of(Map.of("method", "CASH", "amount", -1)))),
					"counted[0].amount");
			invalid(action(cashier, session, "close", Map.of("counted", List.of(Map.of("method", "CARD",
					"denominations", List.of(Map.of("value", 10, "count", 1)))))), "counted[0].denominations");
			invalid(action(cashier, session, "close", Map.of()), "counted");
			assertThat(action(cashier(), session, "close", Map.of("counted", List.of())).status()).isEqualTo(403);
			assertThat(count("SELECT count(*) FROM till_movements WHERE session_id = '" + session + "'")).isEqualTo(2);
			assertThat(ok(api().get("/api/v1/till-sessions/" + session, cashier)).json().path("state").asString())
				.isEqualTo("OPEN");
			var closed = ok(action(cashier, session, "close", Map.of("counted", List.of(Map.of("method", "CASH",
					"denominations", List.of(Map.of("value", 500, "count", 5), Map.of("value", 100, "count", 1))))))).json();
			assertThat(closed.path("session").path("state").asString()).isEqualTo("CLOSED");
			refused(close(cashier, session, Map.of("CASH", "0")), 409, "till_session_not_open");
			refused(action(cashier, session, "paid-in", Map.of("amount", "1", "reason", "late")), 409, "till_session_not_open");
		}

		@Test
		void aSaleNamingABadTerminalIsRefusedNamingTheField() {
			var shop = shop();
			var other = shop();
			var cashier = cashier();
			openSession(cashier, other.terminal(), "0");
			invalid(sell(cashier, shop, other.terminal(), "1", "CASH", "105.00"), "terminal_id");
			invalid(sell(cashier, shop, java.util.UUID.randomUUID().toString(), "1", "CASH", "105.00"), "terminal_id");
			invalid(sell(cashier, shop, "T1", "1", "CASH", "105.00"), "terminal_id");
			ok(api().post("/api/v1/terminals/" + shop.terminal() + "/deactivate", manager(), null, key()));
			refused(sell(cashier, shop, "1", "CASH", "105.00"), 409, "terminal_inactive");
			refused(open(cashier(), shop.terminal(), 0), 409, "terminal_inactive");
		}

		@Test
		void theSameKeyTakesEffectOnce() {
			var shop = shop();
			var cashier = cashier();
			var session = openSession(cashier, shop.terminal(), "100");
			var key = key();
			var first = api().post("/api/v1/till-sessions/" + session + "/paid-in", cashier,
					Map.of("amount", "10", "reason", "coins"), key);
			var again = api().post("/api/v1/till-sessions/" + session + "/paid-in", cashier,
					Map.of("amount", "10", "reason", "coins"), key);
			assertThat(first.status()).isEqualTo(201);
			assertThat(again.body()).isEqualTo(first.body());
			assertThat(count("SELECT count(*) FROM till_movements WHERE session_id = '" + session + "'")).isEqualTo(1);
		}
	}

}

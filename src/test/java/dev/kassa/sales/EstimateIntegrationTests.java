package dev.kassa.sales;

import static dev.kassa.support.Concurrently.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.support.TestClient;

/** Estimates with the default settings: 15 days' validity, quoted prices held at conversion. */
class EstimateIntegrationTests extends Selling {

	@Autowired
	Estimates estimates;

	TestClient.Response quote(String token, Object body) {
		return api().post("/api/v1/estimates", token, body, key());
	}

	TestClient.Response convert(String estimate, String token) {
		return api().post("/api/v1/estimates/" + estimate + "/convert", token, null);
	}

	private long written() {
		return count("SELECT count(*) FROM estimates") + count("SELECT count(*) FROM estimate_lines")
				+ count("SELECT count(*) FROM orders") + count("SELECT count(*) FROM events");
	}

	/** Moves the estimate's days into the past, as if it had been made long ago (with the event the rule asks). */
	private void backdate(String estimate, int days) {
		jdbc.sql("""
				DO $$ BEGIN
				    PERFORM set_config('kassa.event_appended', 'yes', true);
				    UPDATE estimates SET business_date = business_date - %d, valid_until = business_date - %d + 1
				    WHERE id = '%s';
				END $$
				""".formatted(days, days, UUID.fromString(estimate))).update();
	}

	@Test
	void anEstimateIsPricedNumberedValidForFifteenDaysAndMovesNoStock() {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var created = quote(api().token("EMPLOYEE"), body(f.location(), List.of(line(tea, "2"))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var json = created.json();
		var id = json.path("id").asString();
		assertThat(json.path("status").asString()).isEqualTo("PENDING");
		assertThat(json.path("total").decimalValue()).isEqualByComparingTo("210.00");
		assertThat(json.path("number").asString()).isNotBlank();
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		assertThat(json.path("valid_until").asString()).isEqualTo(today.plusDays(15).toString());
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("0");
		assertThat(level(f.location(), tea).onHand()).isEqualByComparingTo("10");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'estimate.created' AND aggregate_id = '" + id + "'"))
			.isEqualTo(1);

		var cashier = api().token("CASHIER");
		assertThat(ok(api().get("/api/v1/estimates/" + id, cashier)).json().path("lines")).hasSize(1);
		var byNumber = api().get("/api/v1/estimates/by-number?number="
				+ URLEncoder.encode(json.path("number").asString(), StandardCharsets.UTF_8), cashier);
		assertThat(ok(byNumber).json().path("id").asString()).isEqualTo(id);

		var dated = body(f.location(), List.of(line(tea, "1")));
		dated.put("valid_until", today.plusDays(3).toString());
		assertThat(ok(quote(cashier, dated)).json().path("valid_until").asString())
			.isEqualTo(today.plusDays(3).toString());
	}

	@Test
	void tenConcurrentConversionsMakeOneOrderAndNineRefusalsNamingIt() throws Exception {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var id = id(quote(api().token("CASHIER"), body(f.location(), List.of(line(tea, "2")))));
		var cashier = api().token("CASHIER");
		var answers = concurrently(10, i -> convert(id, cashier));
		var created = answers.stream().filter(a -> a.status() == 201).toList();
		assertThat(created).hasSize(1);
		var order = created.getFirst().json();
		assertThat(order.path("status").asString()).isEqualTo("PENDING");
		assertThat(order.path("estimate_id").asString()).isEqualTo(id);
		var refused = answers.stream().filter(a -> a.status() == 409).toList();
		assertThat(refused).hasSize(9).allSatisfy(a -> {
			assertThat(a.json().path("code").asString()).isEqualTo("estimate_already_converted");
			assertThat(a.json().path("order_id").asString()).isEqualTo(order.path("id").asString());
		});
		assertThat(count("SELECT count(*) FROM orders WHERE estimate_id = '" + id + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'estimate.converted' AND aggregate_id = '" + id
				+ "'")).isEqualTo(1);
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("2");
		var estimate = ok(api().get("/api/v1/estimates/" + id, cashier)).json();
		assertThat(estimate.path("status").asString()).isEqualTo("CONVERTED");
		assertThat(estimate.path("order_id").asString()).isEqualTo(order.path("id").asString());
		assertThat(ok(api().get("/api/v1/orders/" + order.path("id").asString(), api().token("DRIVER"))).json()
			.path("total").decimalValue()).isEqualByComparingTo("210.00");
	}

	@Test
	void aConversionWithAKeyAnswersTheSameOrderOnARetryAndShortStockConvertsNothing() {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "3");
		var manager = api().token("MANAGER");
		var id = id(quote(manager, body(f.location(), List.of(line(tea, "2")))));
		var k = key();
		var first = api().post("/api/v1/estimates/" + id + "/convert", manager, null, k);
		var again = api().post("/api/v1/estimates/" + id + "/convert", manager, null, k);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());

		var tooMany = id(quote(manager, body(f.location(), List.of(line(tea, "2")))));
		long before = written();
		var short_ = convert(tooMany, manager);
		assertThat(short_.status()).isEqualTo(409);
		assertThat(short_.json().path("code").asString()).isEqualTo("insufficient_stock");
		assertThat(written()).isEqualTo(before);
		assertThat(ok(api().get("/api/v1/estimates/" + tooMany, manager)).json().path("status").asString())
			.isEqualTo("PENDING");
	}

	@Test
	void quotedPricesHoldAtConversionByDefault() {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var manager = api().token("MANAGER");
		var id = id(quote(manager, body(f.location(), List.of(line(tea, "2")))));
		changePrice(tea, "120.00");
		var order = ok(convert(id, manager)).json();
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("210.00");
		assertThat(order.path("lines").get(0).path("unit_price").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'estimate.converted' AND payload::text LIKE '%HOLD%'"
				+ " AND aggregate_id = '" + id + "'")).isEqualTo(1);
	}

	@Test
	void anEstimatePastItsValidityReadsExpiredCannotBeConvertedAndTheSweepRecordsIt() {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "10");
		var manager = api().token("MANAGER");
		var id = id(quote(manager, body(f.location(), List.of(line(tea, "1")))));
		var fresh = id(quote(manager, body(f.location(), List.of(line(tea, "1")))));
		backdate(id, 20);
		var read = ok(api().get("/api/v1/estimates/" + id, manager)).json();
		assertThat(read.path("status").asString()).isEqualTo("EXPIRED");
		var expired = ok(api().get("/api/v1/estimates?status=EXPIRED&location_id=" + f.location(), manager)).json();
		assertThat(expired.path("items").valueStream().map(i -> i.path("id").asString()).toList()).contains(id).doesNotContain(fresh);
		var pending = ok(api().get("/api/v1/estimates?status=PENDING&location_id=" + f.location(), manager)).json();
		assertThat(pending.path("items").valueStream().map(i -> i.path("id").asString()).toList()).contains(fresh).doesNotContain(id);

		long before = written();
		var converted = convert(id, manager);
		assertThat(converted.status()).isEqualTo(409);
		assertThat(converted.json().path("code").asString()).isEqualTo("estimate_expired");
		assertThat(api().post("/api/v1/estimates/" + id + "/cancel", manager, null).json().path("code").asString())
			.isEqualTo("estimate_expired");
		assertThat(written()).isEqualTo(before);

		assertThat(estimates.expireDue()).isGreaterThanOrEqualTo(1);
		assertThat(jdbc.sql("SELECT status FROM estimates WHERE id = :id::uuid").param("id", id).query(String.class)
			.single()).isEqualTo("EXPIRED");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'estimate.expired' AND aggregate_id = '" + id + "'"))
			.isEqualTo(1);
		assertThat(estimates.expireDue()).isZero();
		assertThat(jdbc.sql("SELECT status FROM estimates WHERE id = :id::uuid").param("id", fresh)
			.query(String.class).single()).isEqualTo("PENDING");
	}

	@Test
	void aCancelledEstimateStaysCancelled() {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "5");
		var cashier = api().token("CASHIER");
		var id = id(quote(cashier, body(f.location(), List.of(line(tea, "1")))));
		var cancelled = api().post("/api/v1/estimates/" + id + "/cancel", cashier, null);
		assertThat(ok(cancelled).json().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'estimate.cancelled' AND aggregate_id = '" + id
				+ "'")).isEqualTo(1);
		long before = written();
		var again = api().post("/api/v1/estimates/" + id + "/cancel", cashier, null);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("code").asString()).isEqualTo("estimate_cancelled");
		assertThat(convert(id, cashier).json().path("code").asString()).isEqualTo("estimate_cancelled");
		assertThat(written()).isEqualTo(before);
		var converted = id(quote(cashier, body(f.location(), List.of(line(tea, "1")))));
		ok(convert(converted, cashier));
		var late = api().post("/api/v1/estimates/" + converted + "/cancel", cashier, null);
		assertThat(late.json().path("code").asString()).isEqualTo("estimate_already_converted");
	}

	@Test
	void listsFilterAndPageAndLimitedUsersSeeOnlyTheirLocations() {
		var f = fixture();
		var other = location();
		var tea = product("10.00");
		var manager = api().token("MANAGER");
		var ids = new java.util.ArrayList<String>();
		for (int i = 0; i < 3; i++) {
			ids.add(id(quote(manager, body(other, List.of(line(tea, "1"))))));
		}
		ok(api().post("/api/v1/estimates/" + ids.get(0) + "/cancel", manager, null));
		var page = ok(api().get("/api/v1/estimates?location_id=" + other + "&limit=2", manager)).json();
		assertThat(page.path("items").valueStream().map(i -> i.path("id").asString()).toList()).containsExactly(ids.get(2), ids.get(1));
		var rest = ok(api().get("/api/v1/estimates?location_id=" + other + "&limit=2&cursor="
				+ page.path("next_cursor").asString(), manager)).json();
		assertThat(rest.path("items").valueStream().map(i -> i.path("id").asString()).toList()).containsExactly(ids.get(0));
		assertThat(ok(api().get("/api/v1/estimates?status=cancelled&location_id=" + other, manager)).json()
			.path("items").valueStream().map(i -> i.path("id").asString()).toList()).containsExactly(ids.get(0));
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		assertThat(ok(api().get("/api/v1/estimates?location_id=" + other + "&from=" + today.plusDays(1), manager))
			.json().path("items")).isEmpty();

		var limited = api().tokenForNewUser("quotes-" + UUID.randomUUID().toString().substring(0, 8),
				List.of("EMPLOYEE"), List.of(f.location()));
		assertThat(api().get("/api/v1/estimates/" + ids.get(1), limited).status()).isEqualTo(404);
		assertThat(convert(ids.get(1), limited).status()).isEqualTo(404);
		assertThat(api().post("/api/v1/estimates/" + ids.get(1) + "/cancel", limited, null).status()).isEqualTo(404);
		assertThat(ok(api().get("/api/v1/estimates", limited)).json().path("items").findValuesAsString("location_id"))
			.doesNotContain(other);
		assertThat(quote(limited, body(other, List.of(line(tea, "1")))).status()).isEqualTo(403);
	}

	@Nested
	class BadInput {

		@Test
		void everyBadFieldIsNamedAndNothingIsWritten() {
			var f = fixture();
			var tea = product("10.00");
			var cashier = api().token("CASHIER");
			long before = written();
			assertThat(quote(cashier, Map.of()).errorFields()).contains("location_id", "lines");
			assertThat(api().post("/api/v1/estimates", cashier, body(f.location(), List.of(line(tea, "1"))))
				.errorFields()).containsExactly("Idempotency-Key");
			var past = body(f.location(), List.of(line(tea, "1")));
			past.put("valid_until", LocalDate.now(ZoneId.of("Asia/Kolkata")).minusDays(2).toString());
			assertThat(quote(cashier, past).errorFields()).containsExactly("valid_until");
			var far = body(f.location(), List.of(line(tea, "1")));
			far.put("valid_until", LocalDate.now().plusYears(3).toString());
			assertThat(quote(cashier, far).errorFields()).containsExactly("valid_until");
			var notADate = body(f.location(), List.of(line(tea, "1")));
			notADate.put("valid_until", "soon");
			assertThat(quote(cashier, notADate).status()).isEqualTo(400);
			assertThat(quote(cashier, body(f.location(), List.of(line(UUID.randomUUID().toString(), "1"))))
				.errorFields()).containsExactly("lines[0].product_id");
			assertThat(quote(cashier, body(f.location(), List.of(line(tea, "0")))).errorFields())
				.containsExactly("lines[0].quantity");
			var discount = body(f.location(), List.of(line(tea, "1")));
			discount.put("discount", 500);
			assertThat(quote(cashier, discount).errorFields()).containsExactly("discount");
			var customer = body(f.location(), List.of(line(tea, "1")));
			customer.put("customer_id", UUID.randomUUID().toString());
			assertThat(quote(cashier, customer).errorFields()).containsExactly("customer_id");
			assertThat(api().post("/api/v1/estimates", cashier, "[1, 2", key()).status()).isEqualTo(400);
			assertThat(written()).isEqualTo(before);
		}

		@Test
		void wrongRolesAreRefusedOnEveryEndpoint() {
			var f = fixture();
			var tea = product("10.00");
			receive(f.location(), tea, "5");
			var id = id(quote(api().token("MANAGER"), body(f.location(), List.of(line(tea, "1")))));
			long before = written();
			var driver = api().token("DRIVER");
			assertThat(quote(driver, body(f.location(), List.of(line(tea, "1")))).status()).isEqualTo(403);
			assertThat(convert(id, driver).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/estimates/" + id + "/cancel", driver, null).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/estimates/" + id, driver).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/estimates/by-number?number=X", driver).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/estimates", driver).status()).isEqualTo(403);
			assertThat(convert(id, null).status()).isEqualTo(401);
			assertThat(written()).isEqualTo(before);
		}

		@Test
		void unknownOrMalformedIdsAndBadListParameters() {
			var manager = api().token("MANAGER");
			long before = written();
			assertThat(api().get("/api/v1/estimates/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/estimates/nope", manager).status()).isEqualTo(400);
			assertThat(convert(UUID.randomUUID().toString(), manager).status()).isEqualTo(404);
			assertThat(convert("nope", manager).status()).isEqualTo(400);
			assertThat(api().post("/api/v1/estimates/" + UUID.randomUUID() + "/cancel", manager, null).status())
				.isEqualTo(404);
			assertThat(api().get("/api/v1/estimates/by-number?number=E/NOPE/1", manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/estimates/by-number", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/estimates?limit=500", manager).errorFields()).containsExactly("limit");
			assertThat(api().get("/api/v1/estimates?status=LOST", manager).errorFields()).containsExactly("status");
			assertThat(api().get("/api/v1/estimates?from=2026-02-02&to=2026-02-01", manager).errorFields())
				.containsExactly("from");
			assertThat(written()).isEqualTo(before);
		}
	}
}

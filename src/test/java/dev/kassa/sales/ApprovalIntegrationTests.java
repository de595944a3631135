package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kassa.support.TestClient;

/**
 * A MANAGER's approval at the till (OWASP API6): above the cashier's discount or price limit, the manager
 * types their password on the cashier's till ({@code POST /api/v1/approvals}) and the sale carries the
 * token in {@code Kassa-Approval}. One use, two minutes, for that cashier, location and percent; the
 * approver is recorded on the sale and in the log. A wrong, expired, reused or self-made approval is refused
 * and writes nothing.
 */
class ApprovalIntegrationTests extends Selling {

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void anApprovedDiscountGoesThroughAndRecordsTheApprover() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "5");
		var manager = "mgr-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), List.of(f.location()));
		var cashier = api().token("CASHIER");
		var sale = halfOff(f.location(), tea);

		var approval = approve(cashier, manager, PASSWORD, f.location(), "50");
		assertThat(approval.status()).as(approval.toString()).isEqualTo(201);
		assertThat(approval.json().path("approved_by").asString()).isEqualTo(manager);
		var token = approval.json().path("approval_token").asString();

		var sold = sell(cashier, sale, token);
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
		assertThat(sold.json().path("total").decimalValue()).isEqualByComparingTo("52.50");
		var saleId = UUID.fromString(sold.json().path("id").asString());
		assertThat(jdbc.sql("SELECT approver_name FROM approvals WHERE sale_id = :id").param("id", saleId)
			.query(String.class).single()).isEqualTo(manager);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'approval.used' AND payload->>'approver' = '"
				+ manager + "'")).isEqualTo(1);

		var reused = sell(cashier, sale, token);
		assertThat(reused.status()).as(reused.toString()).isEqualTo(403);
		assertThat(reused.json().path("code").asString()).isEqualTo("approval_refused");
		assertThat(level(f.location(), tea).onHand()).isEqualByComparingTo("4");
	}

	@Test
	void theTillsPreviewOfAnApprovedCartDoesNotSpendTheApprovalTheSaleDoes() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "5");
		var manager = "mgr-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), List.of(f.location()));
		var cashier = api().token("CASHIER");
		var sale = halfOff(f.location(), tea);
		var cart = new LinkedHashMap<String, Object>(sale);
		cart.remove("payments");
		var token = approve(cashier, manager, PASSWORD, f.location(), "50").json().path("approval_token").asString();

		for (int i = 0; i < 3; i++) {
			var preview = api().send("POST", "/api/v1/sales/quote", cashier, cart, Map.of("Kassa-Approval", token));
			assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
			assertThat(preview.json().path("total").decimalValue()).isEqualByComparingTo("52.50");
		}
		var unapproved = api().send("POST", "/api/v1/sales/quote", cashier, cart, Map.of());
		assertThat(unapproved.status()).as(unapproved.toString()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM approvals WHERE used_at IS NOT NULL AND approver_name = '" + manager
				+ "'")).isZero();

		var sold = sell(cashier, sale, token);
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
		var spent = api().send("POST", "/api/v1/sales/quote", cashier, cart, Map.of("Kassa-Approval", token));
		assertThat(spent.status()).as(spent.toString()).isEqualTo(403);
		assertThat(spent.json().path("code").asString()).isEqualTo("approval_refused");
	}

	@Test
	void aWrongPasswordAnUnknownTokenTooSmallAnApprovalOrAnExpiredOneIsRefused() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "5");
		var manager = "mgr-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var sale = halfOff(f.location(), tea);
		long sales = count("SELECT count(*) FROM sales");

		var wrong = approve(cashier, manager, "not the password", f.location(), "50");
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.json().path("code").asString()).isEqualTo("approval_refused");
		var unknownUser = approve(cashier, "nobody-" + System.nanoTime(), PASSWORD, f.location(), "50");
		assertThat(unknownUser.status()).isEqualTo(403);

		var forged = sell(cashier, sale, "forged-token");
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.json().path("code").asString()).isEqualTo("approval_refused");
		var without = sell(cashier, sale, null);
		assertThat(without.status()).isEqualTo(403);
		assertThat(without.json().path("code").asString()).isEqualTo("discount_not_allowed");

		var small = approve(cashier, manager, PASSWORD, f.location(), "20");
		assertThat(small.status()).isEqualTo(201);
		assertThat(sell(cashier, sale, small.json().path("approval_token").asString()).status()).isEqualTo(403);

		var expired = approve(cashier, manager, PASSWORD, f.location(), "50");
		jdbc.sql("UPDATE approvals SET expires_at = now() - interval '1 second' WHERE approver_name = :m AND used_at IS NULL")
			.param("m", manager).update();
		var late = sell(cashier, sale, expired.json().path("approval_token").asString());
		assertThat(late.status()).isEqualTo(403);
		assertThat(late.json().path("code").asString()).isEqualTo("approval_refused");

		var forAnother = approve(cashier, manager, PASSWORD, f.location(), "50");
		var other = sell(api().token("EMPLOYEE"), sale, forAnother.json().path("approval_token").asString());
		assertThat(other.status()).as("another user's approval").isEqualTo(403);
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
		assertThat(level(f.location(), tea).onHand()).isEqualByComparingTo("5");
	}

	@Test
	void aCashierCannotApproveThemselvesNorACashierOrAManagerOfAnotherLocation() {
		var f = fixture();
		var cashierName = "cash-" + System.nanoTime();
		var cashier = api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		var self = approve(cashier, cashierName, PASSWORD, f.location(), "50");
		assertThat(self.status()).isEqualTo(403);
		var managerName = "selfmgr-" + System.nanoTime();
		var manager = api().tokenForNewUser(managerName, List.of("MANAGER"), null);
		assertThat(approve(manager, managerName, PASSWORD, f.location(), "50").status()).as("self approval").isEqualTo(403);
		var otherCashier = "cash2-" + System.nanoTime();
		api().tokenForNewUser(otherCashier, List.of("CASHIER"), null);
		assertThat(approve(cashier, otherCashier, PASSWORD, f.location(), "50").status()).isEqualTo(403);
		var elsewhere = "mgr-elsewhere-" + System.nanoTime();
		api().tokenForNewUser(elsewhere, List.of("MANAGER"), List.of(UUID.randomUUID().toString()));
		assertThat(approve(cashier, elsewhere, PASSWORD, f.location(), "50").status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM approvals WHERE approver_name IN ('" + cashierName + "', '" + managerName
				+ "', '" + otherCashier + "', '" + elsewhere + "')")).isZero();
	}

	@Test
	void guessingAManagersPasswordAtTheTillLocksTheManagerAfterFive() {
		var f = fixture();
		var manager = "mgr-guess-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		for (int i = 0; i < 5; i++) {
			assertThat(approve(cashier, manager, "guess " + i, f.location(), "50").status()).isEqualTo(403);
		}
		var locked = approve(cashier, manager, PASSWORD, f.location(), "50");
		assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
	}

	@Test
	void twoSalesRacingForOneApprovalOnlyOneGoesThrough() throws Exception {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "10");
		var manager = "mgr-race-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var token = approve(cashier, manager, PASSWORD, f.location(), "50").json().path("approval_token").asString();
		var sale = halfOff(f.location(), tea);
		try (var pool = Executors.newFixedThreadPool(4)) {
			var tasks = new ArrayList<Callable<Integer>>();
			for (int i = 0; i < 4; i++) {
				tasks.add(() -> sell(cashier, sale, token).status());
			}
			var statuses = new ArrayList<Integer>();
			for (var result : pool.invokeAll(tasks)) {
				statuses.add(result.get());
			}
			assertThat(statuses).containsExactlyInAnyOrder(201, 403, 403, 403);
		}
	}

	@Test
	void aSaleRefusedForShortStockLeavesItsApprovalForTheSaleThatFollows() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "1");
		var manager = "mgr-short-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var token = approve(cashier, manager, PASSWORD, f.location(), "50").json().path("approval_token").asString();

		var tooMany = halfOff(f.location(), tea);
		tooMany.put("lines", List.of(line(tea, "3")));
		tooMany.put("payments", List.of(cash("157.50")));
		var short_ = sell(cashier, tooMany, token);
		assertThat(short_.status()).as(short_.toString()).isEqualTo(409);
		assertThat(count("SELECT count(*) FROM approvals WHERE used_at IS NOT NULL AND approver_name = '" + manager
				+ "'")).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'approval.used' AND payload->>'approver' = '"
				+ manager + "'")).isZero();

		var sold = sell(cashier, halfOff(f.location(), tea), token);
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
		var saleId = sold.json().path("id").asString();
		assertThat(jdbc.sql("SELECT sale_id::text FROM approvals WHERE approver_name = :m").param("m", manager)
			.query(String.class).single()).isEqualTo(saleId);
		assertThat(jdbc.sql("SELECT payload->>'sale_id' FROM events WHERE type = 'approval.used' AND payload->>'approver' = :m")
			.param("m", manager).query(String.class).single()).isEqualTo(saleId);
	}

	/**
	 * Four sales race for one approval while stock holds one unit: two ask for three units and cannot be sold,
	 * two for one. Whichever order they run in, exactly one sale is recorded, of one unit, and the approval names it.
	 */
	@Test
	void salesRacingForOneApprovalWithShortStockRecordOneSaleAndTheApprovalNamesIt() throws Exception {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "1");
		var manager = "mgr-race-short-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var token = approve(cashier, manager, PASSWORD, f.location(), "50").json().path("approval_token").asString();
		var one = halfOff(f.location(), tea);
		var three = halfOff(f.location(), tea);
		three.put("lines", List.of(line(tea, "3")));
		three.put("payments", List.of(cash("157.50")));
		var results = dev.kassa.support.Concurrently.concurrently(4, i -> sell(cashier, i % 2 == 0 ? three : one, token));
		var created = results.stream().filter(r -> r.status() == 201).toList();
		assertThat(created).as(results.toString()).hasSize(1);
		assertThat(results).allMatch(r -> r.status() == 201 || r.status() == 403 || r.status() == 409);
		assertThat(created.get(0).json().path("lines").get(0).path("quantity").decimalValue()).isEqualByComparingTo("1");
		assertThat(jdbc.sql("SELECT sale_id::text FROM approvals WHERE approver_name = :m").param("m", manager)
			.query(String.class).single()).isEqualTo(created.get(0).json().path("id").asString());
		assertThat(level(f.location(), tea).onHand()).isEqualByComparingTo("0");
	}

	@Test
	void anApprovalIsBoundToTheOrderOrEstimateItWasUsedFor() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "5");
		var manager = "mgr-bound-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var cart = halfOff(f.location(), tea);
		cart.remove("payments");

		var forOrder = approve(cashier, manager, PASSWORD, f.location(), "50").json().path("approval_token").asString();
		var order = api().send("POST", "/api/v1/orders", cashier, cart,
				Map.of("Idempotency-Key", key(), "Kassa-Approval", forOrder));
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		var forEstimate = approve(cashier, manager, PASSWORD, f.location(), "50").json().path("approval_token")
			.asString();
		var estimate = api().send("POST", "/api/v1/estimates", cashier, cart,
				Map.of("Idempotency-Key", key(), "Kassa-Approval", forEstimate));
		assertThat(estimate.status()).as(estimate.toString()).isEqualTo(201);

		assertThat(jdbc.sql("SELECT order_id::text FROM approvals WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
			.param("t", forOrder).query(String.class).single()).isEqualTo(order.json().path("id").asString());
		assertThat(jdbc.sql("SELECT estimate_id::text FROM approvals WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
			.param("t", forEstimate).query(String.class).single()).isEqualTo(estimate.json().path("id").asString());
		assertThat(count("SELECT count(*) FROM events WHERE type = 'approval.used' AND payload->>'order_id' = '"
				+ order.json().path("id").asString() + "' AND payload->>'for' = 'order'")).isEqualTo(1);

		var converted = api().post("/api/v1/estimates/" + estimate.json().path("id").asString() + "/convert", cashier,
				null);
		assertThat(converted.status()).as(converted.toString()).isEqualTo(201);
		assertThat(jdbc.sql("SELECT order_id::text FROM approvals WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
			.param("t", forEstimate).query(String.class).single()).isEqualTo(converted.json().path("id").asString());
	}

	@Test
	void anApprovedPriceOverrideGoesThroughAndBadApprovalRequestsAre400() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "5");
		var manager = "mgr-price-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var line = line(tea, "1");
		line.put("unit_price", new BigDecimal("60"));
		var sale = body(f.location(), List.of(line));
		sale.put("payments", List.of(cash("63")));
		assertThat(sell(cashier, sale, null).json().path("code").asString()).isEqualTo("price_override_not_allowed");
		var token = approve(cashier, manager, PASSWORD, f.location(), "40").json().path("approval_token").asString();
		var sold = sell(cashier, sale, token);
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);

		for (var percent : List.of("0", "-1", "100.5", "1.2345")) {
			assertThat(approve(cashier, manager, PASSWORD, f.location(), percent).status()).as(percent).isEqualTo(400);
		}
		var missing = api().post("/api/v1/approvals", cashier, Map.of("approver_username", manager));
		assertThat(missing.status()).isEqualTo(400);
		var wrongType = new LinkedHashMap<String, Object>(Map.of("approver_username", manager,
				"approver_password", PASSWORD, "location_id", "not-a-uuid", "max_percent", 50));
		assertThat(api().post("/api/v1/approvals", cashier, wrongType).status()).isEqualTo(400);
		var oversized = new LinkedHashMap<String, Object>(Map.of("approver_username", manager,
				"approver_password", "x".repeat(500), "location_id", f.location(), "max_percent", 50));
		assertThat(api().post("/api/v1/approvals", cashier, oversized).status()).isEqualTo(400);
		assertThat(api().post("/api/v1/approvals", api().token("DRIVER"), Map.of("approver_username", manager,
				"approver_password", PASSWORD, "location_id", f.location(), "max_percent", 50)).status()).isEqualTo(403);
		assertThat(api().post("/api/v1/approvals", null, Map.of()).status()).isEqualTo(401);
	}

	private Map<String, Object> halfOff(String location, String product) {
		var sale = body(location, List.of(line(product, "1")));
		sale.put("discount", 50);
		sale.put("is_percentage_discount", true);
		sale.put("payments", List.of(cash("52.50")));
		return sale;
	}

	private TestClient.Response approve(String tillToken, String approver, String password, String location,
			String percent) {
		return api().post("/api/v1/approvals", tillToken, Map.of("approver_username", approver,
				"approver_password", password, "location_id", location, "max_percent", new BigDecimal(percent)));
	}

	private TestClient.Response sell(String token, Map<String, Object> sale, String approval) {
		var headers = new LinkedHashMap<String, String>();
		headers.put("Idempotency-Key", key());
		if (approval != null) {
			headers.put("Kassa-Approval", approval);
		}
		return api().send("POST", "/api/v1/sales", token, sale, headers);
	}
}

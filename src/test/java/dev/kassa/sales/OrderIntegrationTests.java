package dev.kassa.sales;

import static dev.kassa.support.Concurrently.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.TestClient;

class OrderIntegrationTests extends Selling {

	private TestClient.Response place(String token, Object body) {
		return api().post("/api/v1/orders", token, body, key());
	}

	private TestClient.Response move(String order, String token, Object body) {
		return api().put("/api/v1/orders/" + order + "/status", token, body);
	}

	private long orders() {
		return count("SELECT count(*) FROM orders") + count("SELECT count(*) FROM order_lines");
	}

	private long allEvents() {
		return count("SELECT count(*) FROM events");
	}

	@Test
	void anOrderReservesStockAndFulfilmentTakesItAndMakesANumberedSale() {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var created = place(api().token("EMPLOYEE"), body(f.location(), List.of(line(tea, "3"))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var order = created.json();
		var id = order.path("id").asString();
		assertThat(order.path("status").asString()).isEqualTo("PENDING");
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("315.00");
		assertThat(order.path("cgst").decimalValue()).isEqualByComparingTo("7.50");
		assertThat(order.path("sale_number").isNull()).isTrue();
		var reserved = level(f.location(), tea);
		assertThat(reserved.onHand()).isEqualByComparingTo("10");
		assertThat(reserved.reserved()).isEqualByComparingTo("3");
		assertThat(reserved.available()).isEqualByComparingTo("7");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'order.created' AND aggregate_id = '" + id + "'"))
			.isEqualTo(1);

		var confirmed = move(id, api().token("CASHIER"), Map.of("status", "CONFIRMED"));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		assertThat(confirmed.json().path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(confirmed.json().path("confirmed_at").isNull()).isFalse();
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("3");

		long salesBefore = count("SELECT count(*) FROM sales");
		var fulfilled = move(id, api().token("CASHIER"), Map.of("status", "FULFILLED", "payments",
				List.of(Map.of("method", "CASH", "amount", "315.00", "tendered", "320"))));
		assertThat(fulfilled.status()).as(fulfilled.toString()).isEqualTo(200);
		var json = fulfilled.json();
		assertThat(json.path("status").asString()).isEqualTo("FULFILLED");
		var saleNumber = json.path("sale_number").asString();
		assertThat(saleNumber).isNotBlank();
		var taken = level(f.location(), tea);
		assertThat(taken.onHand()).isEqualByComparingTo("7");
		assertThat(taken.reserved()).isEqualByComparingTo("0");
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(salesBefore + 1);
		var sale = ok(api().get("/api/v1/sales/" + json.path("sale_id").asString(), api().token("MANAGER"))).json();
		assertThat(sale.path("number").asString()).isEqualTo(saleNumber);
		assertThat(sale.path("total").decimalValue()).isEqualByComparingTo("315.00");
		assertThat(sale.path("change_due").decimalValue()).isEqualByComparingTo("5.00");
		assertThat(sale.path("payments")).hasSize(1);
		assertThat(sale.path("lines")).hasSize(1);
		assertThat(count("SELECT count(*) FROM stock_movements WHERE kind = 'ORDER_FULFILLED' AND product_id = '"
				+ tea + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "'")).isEqualTo(3);

		var bySale = api().get("/api/v1/orders/by-sale-number?number="
				+ java.net.URLEncoder.encode(saleNumber, java.nio.charset.StandardCharsets.UTF_8), api().token("DRIVER"));
		assertThat(ok(bySale).json().path("id").asString()).isEqualTo(id);
	}

	/**
	 * A sale made from an order is written by the same writer as a direct sale, so it emits sale.completed
	 * (webhooks and live clients subscribed to sale.* see it) with the same payload shape, next to
	 * order.fulfilled.
	 */
	@Test
	void aSaleMadeFromAnOrderEmitsSaleCompletedLikeADirectSale() {
		var f = fixture();
		var tea = product("20.00");
		receive(f.location(), tea, "5");
		var manager = api().token("MANAGER");
		var order = id(place(manager, body(f.location(), List.of(line(tea, "2")))));
		ok(move(order, manager, Map.of("status", "CONFIRMED")));
		var fulfilled = ok(move(order, manager, Map.of("status", "FULFILLED", "payments", List.of(cash("42.00"))))).json();
		var saleId = fulfilled.path("sale_id").asString();
		var number = fulfilled.path("sale_number").asString();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'sale.completed' AND aggregate_type = 'sale'"
				+ " AND aggregate_id = '" + saleId + "' AND location_id = '" + f.location() + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'order.fulfilled' AND aggregate_id = '" + order + "'"))
			.isEqualTo(1);
		var payload = TestClient.JSON.readTree(jdbc.sql("SELECT payload::text FROM events WHERE type = 'sale.completed'"
				+ " AND aggregate_id = '" + saleId + "'").query(String.class).single());
		assertThat(payload.path("number").asString()).isEqualTo(number);
		assertThat(payload.path("total").decimalValue()).isEqualByComparingTo("42.00");
		assertThat(payload.path("lines")).hasSize(1);
		assertThat(payload.path("payments")).hasSize(1);
		var sale = ok(api().get("/api/v1/sales/" + saleId, manager)).json();
		assertThat(payload.propertyNames()).containsExactlyInAnyOrderElementsOf(sale.propertyNames());

		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> api()
			.get("/api/v1/events/history/sale/" + saleId, api().adminToken()).body().contains("sale.completed"));
	}

	@Test
	void whatWasReservedIsReleasedAndTakenEvenAfterTheCatalogChanged() {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "10");
		var manager = api().token("MANAGER");
		var cancelled = id(place(manager, body(f.location(), List.of(line(tea, "4"), line(tea, "1")))));
		var fulfilled = id(place(manager, body(f.location(), List.of(line(tea, "2")))));
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("7");
		setTracked(tea, false);
		var untracked = id(place(manager, body(f.location(), List.of(line(tea, "3")))));
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("7");
		setTracked(tea, true);

		ok(move(untracked, manager, Map.of("status", "CANCELLED")));
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("7");
		ok(move(cancelled, manager, Map.of("status", "CANCELLED")));
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("2");
		ok(move(fulfilled, manager, Map.of("status", "CONFIRMED")));
		ok(move(fulfilled, manager, Map.of("status", "FULFILLED", "payments",
				List.of(Map.of("method", "CASH", "amount", "21.00")))));
		var level = level(f.location(), tea);
		assertThat(level.reserved()).isEqualByComparingTo("0");
		assertThat(level.onHand()).isEqualByComparingTo("8");
	}

	@Test
	void cancellingFromPendingOrConfirmedReleasesTheReservation() {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "10");
		var manager = api().token("MANAGER");
		var first = id(place(manager, body(f.location(), List.of(line(tea, "4")))));
		var second = id(place(manager, body(f.location(), List.of(line(tea, "5")))));
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("9");

		var cancelled = move(first, manager, Map.of("status", "CANCELLED", "reason", "customer changed mind"));
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.json().path("cancel_reason").asString()).isEqualTo("customer changed mind");
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("5");

		ok(move(second, manager, Map.of("status", "CONFIRMED")));
		ok(move(second, manager, Map.of("status", "CANCELLED")));
		var level = level(f.location(), tea);
		assertThat(level.reserved()).isEqualByComparingTo("0");
		assertThat(level.onHand()).isEqualByComparingTo("10");
		assertThat(events("order.cancelled")).isGreaterThanOrEqualTo(2);

		var short_ = place(manager, body(f.location(), List.of(line(tea, "11"))));
		assertThat(short_.status()).isEqualTo(409);
		assertThat(short_.json().path("code").asString()).isEqualTo("insufficient_stock");
		assertThat(short_.body()).contains(tea);
	}

	@Test
	void onlyLegalTransitionsAreMadeAndRefusalsNameFromAndTo() {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "10");
		var manager = api().token("MANAGER");
		var id = id(place(manager, body(f.location(), List.of(line(tea, "1")))));
		long before = allEvents();

		var skip = move(id, manager, Map.of("status", "FULFILLED", "payments", List.of(cash("10.50"))));
		assertThat(skip.status()).isEqualTo(409);
		assertThat(skip.json().path("code").asString()).isEqualTo("illegal_transition");
		assertThat(skip.json().path("from").asString()).isEqualTo("PENDING");
		assertThat(skip.json().path("to").asString()).isEqualTo("FULFILLED");
		var same = move(id, manager, Map.of("status", "PENDING"));
		assertThat(same.status()).isEqualTo(409);
		assertThat(same.json().path("to").asString()).isEqualTo("PENDING");

		ok(move(id, manager, Map.of("status", "CANCELLED")));
		long afterCancel = allEvents();
		assertThat(afterCancel).isEqualTo(before + 1);
		for (var to : List.of("CONFIRMED", "FULFILLED", "CANCELLED", "PENDING")) {
			var refused = move(id, manager, to.equals("FULFILLED")
					? Map.of("status", to, "payments", List.of(cash("10.50"))) : Map.of("status", to));
			assertThat(refused.status()).as(to).isEqualTo(409);
			assertThat(refused.json().path("from").asString()).isEqualTo("CANCELLED");
			assertThat(refused.json().path("to").asString()).isEqualTo(to);
		}
		assertThat(allEvents()).isEqualTo(afterCancel);
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("0");
	}

	@Test
	void ofConcurrentStatusChangesExactlyOneWins() throws Exception {
		var f = fixture();
		var tea = product("10.00");
		receive(f.location(), tea, "20");
		var manager = api().token("MANAGER");
		var pending = id(place(manager, body(f.location(), List.of(line(tea, "2")))));
		// the same step ten times at once: one makes it, the others find it made
		var answers = concurrently(10, i -> move(pending, manager, Map.of("status", "CONFIRMED")));
		assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(1);
		assertThat(answers.stream().filter(a -> a.status() == 409))
			.hasSize(9)
			.allSatisfy(a -> assertThat(a.json().path("code").asString()).isEqualTo("illegal_transition"));
		assertThat(answers.stream().filter(a -> a.status() == 409))
			.allSatisfy(a -> assertThat(a.json().path("from").asString()).isEqualTo("CONFIRMED"));
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + pending + "'")).isEqualTo(2);
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("2");

		// two final steps racing: fulfilment and cancellation exclude each other

		var confirmed = id(place(manager, body(f.location(), List.of(line(tea, "3")))));
		ok(move(confirmed, manager, Map.of("status", "CONFIRMED")));
		long sales = count("SELECT count(*) FROM sales");
		var reservedBefore = level(f.location(), tea).reserved();
		var onHandBefore = level(f.location(), tea).onHand();
		var finals = concurrently(10, i -> move(confirmed, manager, i % 2 == 0
				? Map.of("status", "FULFILLED", "payments", List.of(cash("31.50"))) : Map.of("status", "CANCELLED")));
		assertThat(finals.stream().filter(a -> a.status() == 200)).hasSize(1);
		assertThat(finals.stream().filter(a -> a.status() == 409)).hasSize(9);
		var outcome = finals.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().json();
		var level = level(f.location(), tea);
		assertThat(level.reserved()).isEqualByComparingTo(reservedBefore.subtract(new java.math.BigDecimal("3")));
		if (outcome.path("status").asString().equals("FULFILLED")) {
			assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales + 1);
			assertThat(level.onHand()).isEqualByComparingTo(onHandBefore.subtract(new java.math.BigDecimal("3")));
		}
		else {
			assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
			assertThat(level.onHand()).isEqualByComparingTo(onHandBefore);
		}
	}

	/**
	 * A sale locks its number before its stock, in one statement; a fulfilment must lock them in the same
	 * order, or the two wait for each other until PostgreSQL kills one as a deadlock.
	 */
	@Test
	void salesAndFulfilmentsOfTheSameProductsAtOnceAllSucceedWithGaplessNumbers() throws Exception {
		var f = fixture();
		var location = location();
		var tea = product("10.00");
		var rice = product("20.00");
		receive(location, tea, "1000");
		receive(location, rice, "1000");
		var manager = api().token("MANAGER");
		var cashier = api().token("CASHIER");
		var orders = new java.util.ArrayList<String>();
		for (int i = 0; i < 15; i++) {
			var id = id(place(manager, body(location, List.of(line(rice, "1"), line(tea, "1")))));
			ok(move(id, manager, Map.of("status", "CONFIRMED")));
			orders.add(id);
		}
		var answers = concurrently(45, i -> {
			if (i % 3 == 0) {
				return move(orders.get(i / 3), manager, Map.of("status", "FULFILLED", "payments", List.of(cash("31.50"))));
			}
			var sale = body(location, List.of(line(tea, "1"), line(rice, "1")));
			sale.put("payments", List.of(cash("31.50")));
			return api().post("/api/v1/sales", cashier, sale, key());
		});
		assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isBetween(200, 201));
		assertThat(level(location, tea).onHand()).isEqualByComparingTo("955");
		assertThat(level(location, rice).onHand()).isEqualByComparingTo("955");
		var numbers = jdbc.sql("SELECT number FROM sales WHERE location_id = :l::uuid")
			.param("l", location)
			.query(String.class)
			.list()
			.stream()
			.map(n -> Long.parseLong(n.substring(n.lastIndexOf('/') + 1)))
			.sorted()
			.toList();
		assertThat(numbers).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 45).boxed().toList());
	}

	@Test
	void listsFilterAndPageAndLimitedUsersSeeOnlyTheirLocations() {
		var f = fixture();
		var other = location();
		var tea = product("10.00");
		receive(other, tea, "10");
		var manager = api().token("MANAGER");
		var ids = new java.util.ArrayList<String>();
		for (int i = 0; i < 3; i++) {
			ids.add(id(place(manager, body(other, List.of(line(tea, "1"))))));
		}
		ok(move(ids.get(0), manager, Map.of("status", "CONFIRMED")));
		var page = ok(api().get("/api/v1/orders?location_id=" + other + "&limit=2", api().token("DRIVER"))).json();
		assertThat(page.path("items")).hasSize(2);
		assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(ids.get(2));
		var rest = ok(api().get("/api/v1/orders?location_id=" + other + "&limit=2&cursor="
				+ page.path("next_cursor").asString(), manager)).json();
		assertThat(rest.path("items")).hasSize(1);
		assertThat(rest.path("next_cursor").isNull()).isTrue();
		var confirmed = ok(api().get("/api/v1/orders?status=CONFIRMED&location_id=" + other, manager)).json();
		assertThat(confirmed.path("items")).hasSize(1);

		var limited = api().tokenForNewUser("orders-" + UUID.randomUUID().toString().substring(0, 8),
				List.of("CASHIER"), List.of(f.location()));
		assertThat(api().get("/api/v1/orders/" + ids.get(0), limited).status()).isEqualTo(404);
		assertThat(move(ids.get(1), limited, Map.of("status", "CANCELLED")).status()).isEqualTo(404);
		assertThat(ok(api().get("/api/v1/orders", limited)).json().path("items").findValuesAsString("location_id"))
			.doesNotContain(other);
		assertThat(api().get("/api/v1/orders?location_id=" + other, limited).status()).isEqualTo(403);
		assertThat(place(limited, body(other, List.of(line(tea, "1")))).status()).isEqualTo(403);
	}

	@Nested
	class BadInput {

		@Test
		void everyBadFieldIsNamedAndNothingIsWritten() {
			var f = fixture();
			var tea = product("10.00");
			receive(f.location(), tea, "10");
			var cashier = api().token("CASHIER");
			long before = orders();
			long events = allEvents();
			assertThat(place(cashier, Map.of()).errorFields()).contains("location_id", "lines");
			var noKey = api().post("/api/v1/orders", cashier, body(f.location(), List.of(line(tea, "1"))));
			assertThat(noKey.errorFields()).containsExactly("Idempotency-Key");
			assertThat(place(cashier, body(f.location(), List.of())).errorFields()).containsExactly("lines");
			assertThat(place(cashier, body(f.location(), List.of(line(tea, "-1")))).errorFields())
				.containsExactly("lines[0].quantity");
			assertThat(place(cashier, body(f.location(), List.of(line(tea, "1.5")))).errorFields())
				.containsExactly("lines[0].quantity");
			assertThat(place(cashier, body(f.location(), List.of(line(UUID.randomUUID().toString(), "1"))))
				.errorFields()).containsExactly("lines[0].product_id");
			assertThat(place(cashier, body(UUID.randomUUID().toString(), List.of(line(tea, "1")))).errorFields())
				.containsExactly("location_id");
			var customer = body(f.location(), List.of(line(tea, "1")));
			customer.put("customer_id", UUID.randomUUID().toString());
			assertThat(place(cashier, customer).errorFields()).containsExactly("customer_id");
			var total = body(f.location(), List.of(line(tea, "1")));
			total.put("total", 10);
			var mismatch = place(cashier, total);
			assertThat(mismatch.status()).isEqualTo(422);
			assertThat(mismatch.errorFields()).containsExactly("total");
			var notes = body(f.location(), List.of(line(tea, "1")));
			notes.put("notes", "x".repeat(2001));
			assertThat(place(cashier, notes).errorFields()).containsExactly("notes");
			var wrongType = body(f.location(), List.of(Map.of("product_id", tea, "quantity", "lots")));
			assertThat(place(cashier, wrongType).status()).isEqualTo(400);
			assertThat(api().post("/api/v1/orders", cashier, "{\"location_id\": ", key()).status()).isEqualTo(400);
			assertThat(orders()).isEqualTo(before);
			assertThat(allEvents()).isEqualTo(events);
			assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("0");
		}

		@Test
		void badStatusChangesAreRefusedAndChangeNothing() {
			var f = fixture();
			var tea = product("10.00");
			receive(f.location(), tea, "10");
			var manager = api().token("MANAGER");
			var id = id(place(manager, body(f.location(), List.of(line(tea, "1")))));
			ok(move(id, manager, Map.of("status", "CONFIRMED")));
			long events = allEvents();
			long sales = count("SELECT count(*) FROM sales");
			assertThat(move(id, manager, Map.of()).errorFields()).containsExactly("status");
			assertThat(move(id, manager, Map.of("status", "LOST")).status()).isEqualTo(400);
			assertThat(move(id, manager, Map.of("status", "FULFILLED")).errorFields()).containsExactly("payments");
			var short_ = move(id, manager, Map.of("status", "FULFILLED", "payments", List.of(cash("10.00"))));
			assertThat(short_.status()).isEqualTo(422);
			assertThat(short_.errorFields()).containsExactly("payments");
			assertThat(move(id, manager, Map.of("status", "FULFILLED", "payments",
					List.of(Map.of("method", "CARD", "amount", "10.50", "tendered", "11")))).errorFields())
				.containsExactly("payments[0].tendered");
			assertThat(move(id, manager, Map.of("status", "CANCELLED", "payments", List.of(cash("10.50"))))
				.errorFields()).containsExactly("payments");
			assertThat(move(id, manager, Map.of("status", "CANCELLED", "reason", "x".repeat(501))).errorFields())
				.containsExactly("reason");
			assertThat(move(UUID.randomUUID().toString(), manager, Map.of("status", "CANCELLED")).status())
				.isEqualTo(404);
			assertThat(move("not-an-id", manager, Map.of("status", "CANCELLED")).status()).isEqualTo(400);
			assertThat(allEvents()).isEqualTo(events);
			assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
			assertThat(ok(api().get("/api/v1/orders/" + id, manager)).json().path("status").asString())
				.isEqualTo("CONFIRMED");
		}

		@Test
		void wrongRolesAreRefusedOnEveryEndpoint() {
			var f = fixture();
			var tea = product("10.00");
			receive(f.location(), tea, "10");
			var id = id(place(api().token("MANAGER"), body(f.location(), List.of(line(tea, "1")))));
			long before = orders();
			long events = allEvents();
			var driver = api().token("DRIVER");
			assertThat(place(driver, body(f.location(), List.of(line(tea, "1")))).status()).isEqualTo(403);
			assertThat(move(id, driver, Map.of("status", "CANCELLED")).status()).isEqualTo(403);
			assertThat(move(id, api().token("EMPLOYEE"), Map.of("status", "CANCELLED")).status()).isEqualTo(403);
			assertThat(place(null, body(f.location(), List.of(line(tea, "1")))).status()).isEqualTo(401);
			assertThat(api().get("/api/v1/orders", null).status()).isEqualTo(401);
			assertThat(api().get("/api/v1/orders/" + id, driver).status()).isEqualTo(200);
			assertThat(orders()).isEqualTo(before);
			assertThat(allEvents()).isEqualTo(events);
		}

		@Test
		void readsOfUnknownOrMalformedIdsAndBadListParameters() {
			var manager = api().token("MANAGER");
			assertThat(api().get("/api/v1/orders/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/orders/not-an-id", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/orders/by-sale-number?number=NOPE/1", manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/orders/by-sale-number", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/orders?limit=0", manager).errorFields()).containsExactly("limit");
			assertThat(api().get("/api/v1/orders?cursor=***", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/orders?status=LOST", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/orders?from=2026-02-02&to=2026-02-01", manager).errorFields())
				.containsExactly("from");
		}
	}
}

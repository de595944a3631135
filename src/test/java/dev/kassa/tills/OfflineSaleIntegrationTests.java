package dev.kassa.tills;

import static dev.kassa.support.Concurrently.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.Fixtures;
import dev.kassa.support.TestClient;

/**
 * Sales made offline arriving at the server (docs/offline.md): recorded once whoever replays them, and what
 * changed meanwhile (stock, prices, products, customers, a closed session, a cancelled number) never refuses
 * them but is recorded as an exception for a manager.
 */
class OfflineSaleIntegrationTests extends TillTesting {

	/** Made now, at the shop's offset: after the test's blocks were reserved. */
	static String now() {
		return OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).toString();
	}

	JsonNode block(String token, String terminal, int size) {
		return ok(api().post("/api/v1/terminals/" + terminal + "/number-blocks", token, Map.of("size", size), key())).json();
	}

	/** The numbers of a block, in order. */
	static List<String> numbers(JsonNode block) {
		var first = block.path("first_number").asString();
		var prefix = first.replaceAll("[0-9]+$", "");
		int width = first.length() - prefix.length();
		long from = sequence(first);
		long to = sequence(block.path("last_number").asString());
		var numbers = new java.util.ArrayList<String>();
		for (long v = from; v <= to; v++) {
			numbers.add(prefix + String.format("%0" + width + "d", v));
		}
		return numbers;
	}

	/** An offline sale body: one line of the product, paid in cash; {@code line} adds fields to the line. */
	static Map<String, Object> offline(Shop shop, String product, String quantity, String amount, String number,
			String madeAt, Map<String, Object> line) {
		var sold = new LinkedHashMap<String, Object>();
		sold.put("product_id", product);
		sold.put("quantity", new BigDecimal(quantity));
		sold.putAll(line);
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", shop.location());
		body.put("terminal_id", shop.terminal());
		body.put("lines", List.of(sold));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal(amount))));
		body.put("total", new BigDecimal(amount));
		body.put("number", number);
		body.put("made_at", madeAt);
		return body;
	}

	TestClient.Response post(String token, Map<String, Object> body, String key) {
		return api().post("/api/v1/sales", token, body, key);
	}

	List<JsonNode> exceptionsOf(String saleId) {
		var items = ok(api().get("/api/v1/offline-exceptions?sale_id=" + saleId, manager())).json().path("items");
		var list = new java.util.ArrayList<JsonNode>();
		items.forEach(list::add);
		return list;
	}

	static List<String> kinds(List<JsonNode> exceptions) {
		return exceptions.stream().map(e -> e.path("kind").asString()).sorted().toList();
	}

	String product(String price, boolean allowNegative, String stock, String location) {
		var product = new Fixtures(api()).product("SKU-" + UUID.randomUUID(), price, Fixtures.GST_5, "track_stock", true,
				"allow_negative_stock", allowNegative);
		if (stock != null) {
			ok(api().post("/api/v1/stock/receipts", api().adminToken(), Map.of("location_id", location, "lines",
					List.of(Map.of("product_id", product, "quantity", stock))), key()));
		}
		return product;
	}

	void reprice(String product, String price) {
		var current = ok(api().get("/api/v1/products/" + product, manager())).json();
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", current.path("sku").asString());
		body.put("name", current.path("name").asString());
		body.put("unit", "PIECE");
		body.put("price", new BigDecimal(price));
		body.put("price_includes_tax", false);
		body.put("tax_class_id", Fixtures.GST_5);
		body.put("track_stock", true);
		ok(api().put("/api/v1/products/" + product, api().adminToken(), body));
	}

	@Test
	void madeAtIsKeptApartFromCreatedAtReturnedAndDecidesTheBusinessDate() {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var numbers = numbers(block(cashier, shop.terminal(), 2));
		var madeAt = OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).minusSeconds(90);
		var sale = ok(post(cashier, offline(shop, shop.product(), "1", "105.00", numbers.get(0), madeAt.toString(), Map.of()),
				key())).json();
		assertThat(Instant.parse(sale.path("made_at").asString()))
			.isEqualTo(madeAt.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
		assertThat(Instant.parse(sale.path("created_at").asString())).isAfter(madeAt.toInstant());
		assertThat(sale.path("business_date").asString())
			.isEqualTo(LocalDate.ofInstant(madeAt.toInstant(), ZoneId.of("Asia/Kolkata")).toString());
		var read = ok(api().get("/api/v1/sales/" + sale.path("id").asString(), cashier)).json();
		assertThat(read.path("made_at").asString()).isEqualTo(sale.path("made_at").asString());
		assertThat(count("SELECT count(*) FROM sales WHERE id = '" + sale.path("id").asString()
				+ "'::uuid AND made_at < created_at")).isEqualTo(1);
		var online = ok(sell(cashier, shop, "1", "CASH", "105.00")).json();
		assertThat(online.path("made_at").asString()).isEqualTo(online.path("created_at").asString());
		assertThat(exceptionsOf(sale.path("id").asString())).as("nothing changed meanwhile").isEmpty();
	}

	/**
	 * The same offline sale from eight threads with one key, then from eight threads with eight keys, then by
	 * another user with the first key: one sale, one number used, one stock movement.
	 */
	@Test
	void anOfflineSaleReplayedAtOnceFromManyTabsAndDevicesIsRecordedOnce() throws Exception {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var numbers = numbers(block(cashier, shop.terminal(), 3));
		var body = offline(shop, shop.product(), "1", "105.00", numbers.get(0), now(), Map.of());
		var key = key();
		var sameKey = concurrently(8, i -> post(cashier, body, key));
		var ids = new HashSet<String>();
		for (var response : sameKey) {
			assertThat(response.status()).as(response.toString()).isEqualTo(201);
			ids.add(response.json().path("id").asString());
		}
		assertThat(ids).hasSize(1);
		var saleId = ids.iterator().next();

		var body2 = offline(shop, shop.product(), "1", "105.00", numbers.get(1), now(), Map.of());
		var otherKeys = concurrently(8, i -> post(cashier, body2, key()));
		var created = otherKeys.stream().filter(r -> r.status() == 201).toList();
		assertThat(created).as(otherKeys.toString()).hasSize(1);
		var second = created.getFirst().json().path("id").asString();
		for (var response : otherKeys) {
			if (response.status() != 201) {
				refused(response, 409, "number_already_used");
				assertThat(response.json().path("sale_id").asString()).isEqualTo(second);
			}
		}
		// a manager draining the till's outbox after the cashier signed out: the terminal's key, the first answer
		var replay = post(manager(), body, key);
		assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
		assertThat(replay.json().path("id").asString()).isEqualTo(saleId);

		for (var number : List.of(numbers.get(0), numbers.get(1))) {
			assertThat(count("SELECT count(*) FROM sales WHERE number = '" + number + "'")).isEqualTo(1);
		}
		assertThat(count("SELECT count(*) FROM stock_movements WHERE document_id IN ('" + saleId + "'::uuid, '" + second
				+ "'::uuid)")).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM till_session_sales WHERE document_id IN ('" + saleId + "'::uuid, '" + second
				+ "'::uuid)")).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM sales WHERE terminal_id = '" + shop.terminal() + "'::uuid")).isEqualTo(2);
	}

	@Test
	void stockTooShortDoesNotRefuseAnOfflineSaleItGoesBelowZeroAndIsRaisedForTheManager() {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var scarce = product("100.00", false, "2", shop.location());
		var numbers = numbers(block(cashier, shop.terminal(), 2));
		var sale = post(cashier, offline(shop, scarce, "5", "525.00", numbers.get(0), now(), Map.of()), key());
		assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
		var saleId = sale.json().path("id").asString();
		assertThat(ok(api().get("/api/v1/stock/" + shop.location() + "/" + scarce, manager())).json().path("on_hand")
			.decimalValue()).isEqualByComparingTo("-3");
		var raised = exceptionsOf(saleId);
		assertThat(kinds(raised)).containsExactly("STOCK_SHORT");
		var shortage = raised.getFirst();
		assertThat(shortage.path("product_id").asString()).isEqualTo(scarce);
		assertThat(shortage.path("line_no").asInt()).isEqualTo(1);
		assertThat(shortage.path("figures").path("available").decimalValue()).isEqualByComparingTo("2");
		assertThat(shortage.path("figures").path("quantity").decimalValue()).isEqualByComparingTo("5");
		assertThat(shortage.path("sale_number").asString()).isEqualTo(numbers.get(0));
		assertThat(count("SELECT count(*) FROM events WHERE type = 'offline_exception.raised' AND aggregate_id = '"
				+ saleId + "'::uuid AND payload->'exceptions'->0->>'kind' = 'STOCK_SHORT'")).isEqualTo(1);

		// online sales keep refusing: the guard holds for sales that have not happened yet
		var online = new LinkedHashMap<String, Object>(offline(shop, scarce, "1", "105.00", "x", now(), Map.of()));
		online.remove("number");
		online.remove("made_at");
		refused(post(cashier, online, key()), 409, "insufficient_stock");
		assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + shop.location() + "'::uuid")).isEqualTo(1);
	}

	@Test
	void aPriceChangedMeanwhileStandsWithTheDifferenceRecordedAndAnUnexplainedOneStandsFlagged() {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var product = product("100.00", true, null, shop.location());
		var numbers = numbers(block(cashier, shop.terminal(), 4));
		var madeAt = now();
		reprice(product, "120.00");

		// the till's cached price, sent as the line's unit price
		var cached = ok(post(cashier, offline(shop, product, "2", "210.00", numbers.get(0), madeAt,
				Map.of("unit_price", new BigDecimal("100.00"))), key())).json();
		assertThat(cached.path("lines").get(0).path("unit_price").decimalValue()).isEqualByComparingTo("100.00");
		var changed = exceptionsOf(cached.path("id").asString());
		assertThat(kinds(changed)).containsExactly("PRICE_CHANGED");
		assertThat(changed.getFirst().path("figures").path("offline_price").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(changed.getFirst().path("figures").path("current_price").decimalValue()).isEqualByComparingTo("120.00");
		assertThat(changed.getFirst().path("figures").path("difference").decimalValue()).isEqualByComparingTo("-40.00");

		// no unit price: the price the product had when the sale was made
		var then = ok(post(cashier, offline(shop, product, "1", "105.00", numbers.get(1), madeAt, Map.of()), key())).json();
		assertThat(then.path("total").decimalValue()).isEqualByComparingTo("105.00");
		assertThat(kinds(exceptionsOf(then.path("id").asString()))).containsExactly("PRICE_CHANGED");

		// a price the product never had, below what a cashier may set: recorded, flagged for the manager
		var odd = ok(post(cashier, offline(shop, product, "1", "52.50", numbers.get(2), now(),
				Map.of("unit_price", new BigDecimal("50.00"))), key())).json();
		var unexplained = exceptionsOf(odd.path("id").asString());
		assertThat(kinds(unexplained)).containsExactly("PRICE_UNEXPLAINED");
		assertThat(unexplained.getFirst().path("figures").path("difference").decimalValue()).isEqualByComparingTo("-70.00");
		// online the same price is refused as before
		var online = new LinkedHashMap<String, Object>(offline(shop, product, "1", "52.50", "x", now(),
				Map.of("unit_price", new BigDecimal("50.00"))));
		online.remove("number");
		online.remove("made_at");
		refused(post(cashier, online, key()), 403, "price_override_not_allowed");

		// the list filters by kind and pages with a cursor
		var page = ok(api().get("/api/v1/offline-exceptions?location_id=" + shop.location() + "&kind=PRICE_CHANGED&limit=1",
				manager())).json();
		assertThat(page.path("items")).hasSize(1);
		var next = ok(api().get("/api/v1/offline-exceptions?location_id=" + shop.location()
				+ "&kind=PRICE_CHANGED&limit=1&cursor=" + page.path("next_cursor").asString(), manager())).json();
		assertThat(next.path("items")).hasSize(1);
		assertThat(next.path("items").get(0).path("id").asString()).isNotEqualTo(page.path("items").get(0).path("id").asString());
	}

	@Test
	void aDeactivatedProductAndAMissingCustomerDoNotRefuseAnOfflineSaleTheyAreFlagged() {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var product = product("100.00", true, null, shop.location());
		var numbers = numbers(block(cashier, shop.terminal(), 2));
		var madeAt = now();
		ok(api().post("/api/v1/products/" + product + "/deactivate", api().adminToken(), null));

		var gone = UUID.randomUUID().toString();
		var body = offline(shop, product, "1", "105.00", numbers.get(0), madeAt, Map.of());
		body.put("customer_id", gone);
		var sale = ok(post(cashier, body, key())).json();
		assertThat(sale.path("customer_id").isNull() || sale.path("customer_id").isMissingNode()).as(sale.toString())
			.isTrue();
		var raised = exceptionsOf(sale.path("id").asString());
		assertThat(kinds(raised)).containsExactly("CUSTOMER_MISSING", "PRODUCT_INACTIVE");
		assertThat(raised.stream().filter(e -> e.path("kind").asString().equals("CUSTOMER_MISSING")).findFirst()
			.orElseThrow().path("figures").path("customer_id").asString()).isEqualTo(gone);
		// online both are refused as before
		var online = new LinkedHashMap<String, Object>(body);
		online.remove("number");
		online.remove("made_at");
		online.remove("customer_id");
		refused(post(cashier, online, key()), 422, "product_inactive");
	}

	/**
	 * The manager closes the session while the till sells offline: the close cancels the block's unused numbers
	 * and writes the Z report. The sales arrive later: recorded, in the session's late arrivals, the Z report
	 * unchanged, the cancelled numbers now USED by them, and every number of the series still one sale or one
	 * cancelled number.
	 */
	@Test
	void aSessionClosedMeanwhileTakesItsSalesAsLateArrivalsAndItsZReportStaysAsWritten() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		var numbers = numbers(block(cashier, shop.terminal(), 4));
		ok(post(cashier, offline(shop, shop.product(), "1", "105.00", numbers.get(0), now(), Map.of()), key()));
		var madeInSession = now();
		var closed = close(manager(), session, Map.of("CASH", "105.00"));
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		var z = ok(api().get("/api/v1/till-sessions/" + session + "/z-report", manager())).json();
		var zBody = jdbc.sql("SELECT body || encode(hash, 'hex') FROM z_reports WHERE session_id = '" + session + "'::uuid")
			.query(String.class).single();
		assertThat(count("SELECT count(*) FROM number_block_numbers WHERE number IN ('" + numbers.get(1) + "', '"
				+ numbers.get(2) + "') AND state = 'CANCELLED'")).isEqualTo(2);

		// a new session is opened before the outbox drains: the sales still belong to the first one
		var next = openSession(cashier, shop.terminal(), "0");
		var late = ok(post(cashier, offline(shop, shop.product(), "2", "210.00", numbers.get(1), madeInSession, Map.of()),
				key())).json();
		var named = offline(shop, shop.product(), "1", "105.00", numbers.get(2), madeInSession, Map.of());
		named.put("session_id", session);
		named.put("payments", List.of(Map.of("method", "UPI", "amount", new BigDecimal("105.00"))));
		var late2 = ok(post(cashier, named, key())).json();

		assertThat(kinds(exceptionsOf(late.path("id").asString()))).containsExactly("LATE_ARRIVAL", "NUMBER_CANCELLED");
		assertThat(ok(api().get("/api/v1/offline-exceptions?session_id=" + session + "&kind=LATE_ARRIVAL", manager())).json()
			.path("items")).hasSize(2);
		var report = ok(api().get("/api/v1/till-sessions/" + session + "/late-arrivals", manager())).json();
		assertThat(report.path("count").asLong()).isEqualTo(2);
		assertThat(report.path("z_number").asLong()).isEqualTo(z.path("number").asLong());
		assertThat(report.path("total").decimalValue()).isEqualByComparingTo("315.00");
		for (var method : report.path("methods")) {
			var expected = switch (method.path("method").asString()) {
				case "CASH" -> "210.00";
				case "UPI" -> "105.00";
				default -> "0";
			};
			assertThat(method.path("amount").decimalValue()).as(method.toString()).isEqualByComparingTo(expected);
		}
		assertThat(report.path("taxes")).hasSize(1);
		assertThat(report.path("taxes").get(0).path("taxable").decimalValue()).isEqualByComparingTo("300.00");
		assertThat(report.path("arrivals")).allMatch(a -> a.path("number_was_cancelled").asBoolean());

		// the Z report is as it was, and the new session did not get them
		assertThat(jdbc.sql("SELECT body || encode(hash, 'hex') FROM z_reports WHERE session_id = '" + session + "'::uuid")
			.query(String.class).single()).isEqualTo(zBody);
		assertThat(count("SELECT count(*) FROM till_session_sales WHERE session_id IN ('" + session + "'::uuid, '" + next
				+ "'::uuid) AND document_id IN ('" + late.path("id").asString() + "'::uuid, '" + late2.path("id").asString()
				+ "'::uuid)")).isZero();
		assertThat(ok(api().get("/api/v1/till-sessions/" + next + "/x-report", manager())).json().path("sales").path("count")
			.asLong()).isZero();
		var verified = ok(api().post("/api/v1/terminals/" + shop.terminal() + "/z-reports/verify", manager(), null)).json();
		assertThat(verified.path("first_broken").isNull() || verified.path("first_broken").isMissingNode())
			.as(verified.toString()).isTrue();

		// the number ledger: the cancelled numbers are USED by the late sales, the last one stays cancelled
		assertThat(count("SELECT count(*) FROM number_block_numbers WHERE number = '" + numbers.get(1) + "' AND state = 'USED'"
				+ " AND document_id = '" + late.path("id").asString() + "'::uuid")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM number_block_numbers WHERE number = '" + numbers.get(3)
				+ "' AND state = 'CANCELLED'")).isEqualTo(1);
		seriesIsExplained(shop.location());
		// and a cancelled number taken once cannot be taken again
		refused(post(cashier, offline(shop, shop.product(), "1", "105.00", numbers.get(1), madeInSession, Map.of()), key()),
				409, "number_already_used");
	}

	/**
	 * Ten offline sales of a block arrive while a manager closes the session: none is refused or lost, each is
	 * in the Z report or in the late arrivals, never both, and every number of the series is still one sale or
	 * one cancelled number.
	 */
	@Test
	void offlineSalesArrivingWhileTheSessionClosesAreEachInTheZReportOrLateNeverBothNeverLost() throws Exception {
		var shop = shop();
		ok(api().send("PUT", "/api/v1/till-settings/" + shop.location(), manager(), Map.of("session_required", true,
				"max_open_minutes", 600, "paid_out_manager_above", 1000, "variance_threshold", 1000000,
				"cashier_many_sessions", false), Map.of("Idempotency-Key", key())));
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		var numbers = numbers(block(cashier, shop.terminal(), 10));
		var madeAt = now();
		var manager = manager();
		var responses = concurrently(11, i -> i == 10 ? close(manager, session, Map.of("CASH", "0"))
				: post(cashier, offline(shop, shop.product(), "1", "105.00", numbers.get(i), madeAt, Map.of()), key()));
		for (var response : responses) {
			assertThat(response.status()).as(response.toString()).isIn(200, 201);
		}
		var z = ok(api().get("/api/v1/till-sessions/" + session + "/z-report", manager)).json();
		var late = ok(api().get("/api/v1/till-sessions/" + session + "/late-arrivals", manager)).json();
		long inZ = z.path("report").path("sales").path("count").asLong();
		assertThat(inZ + late.path("count").asLong()).as(z + "\n" + late).isEqualTo(10);
		assertThat(count("SELECT count(*) FROM sales WHERE terminal_id = '" + shop.terminal() + "'::uuid")).isEqualTo(10);
		assertThat(count("SELECT count(*) FROM sales s WHERE s.terminal_id = '" + shop.terminal() + "'::uuid"
				+ " AND (SELECT count(*) FROM till_session_sales d WHERE d.document_id = s.id)"
				+ " + (SELECT count(*) FROM till_late_arrivals l WHERE l.document_id = s.id) = 1")).isEqualTo(10);
		assertThat(count("SELECT count(*) FROM offline_exceptions WHERE session_id = '" + session
				+ "'::uuid AND kind = 'LATE_ARRIVAL'")).isEqualTo(late.path("count").asLong());
		seriesIsExplained(shop.location());
		System.out.printf("close race: %d sales in the Z report, %d late%n", inZ, late.path("count").asLong());
	}

	@Nested
	class BadInput {

		@Test
		void isRefusedWithNothingWritten() {
			var shop = shop();
			var cashier = cashier();
			var session = openSession(cashier, shop.terminal(), "0");
			var number = numbers(block(cashier, shop.terminal(), 1)).getFirst();
			var employee = api().token("EMPLOYEE");
			long sales = count("SELECT count(*) FROM sales");
			long raised = count("SELECT count(*) FROM offline_exceptions");
			long events = count("SELECT count(*) FROM events");

			var unknown = offline(shop, shop.product(), "1", "105.00", number, now(), Map.of());
			unknown.put("session_id", UUID.randomUUID().toString());
			refused(post(cashier, unknown, key()), 422, "unknown_session");
			var future = offline(shop, shop.product(), "1", "105.00", number,
					OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString(), Map.of());
			invalid(post(cashier, future, key()), "made_at");
			var past = offline(shop, shop.product(), "1", "105.00", number,
					OffsetDateTime.now(ZoneOffset.UTC).minusDays(40).toString(), Map.of());
			invalid(post(cashier, past, key()), "made_at");
			refused(post(cashier, offline(shop, shop.product(), "1", "105.00", number,
					OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).toString(), Map.of()), key()), 422, "made_before_block");
			invalid(post(cashier, offline(shop, shop.product(), "1", "105.00", number, "yesterday", Map.of()), key()),
					"made_at");
			var noTime = offline(shop, shop.product(), "1", "105.00", number, now(), Map.of());
			noTime.remove("made_at");
			invalid(post(cashier, noTime, key()), "made_at");
			var noTerminal = offline(shop, shop.product(), "1", "105.00", number, now(), Map.of());
			noTerminal.remove("terminal_id");
			invalid(post(cashier, noTerminal, key()), "terminal_id");
			refused(post(cashier, offline(shop, shop.product(), "1", "105.00", "NOPE/1", now(), Map.of()), key()), 409,
					"number_not_in_block");
			refused(post(cashier, offline(shop, shop.product(), "1", "999.00", number, now(), Map.of()), key()), 422,
					"total_mismatch");
			assertThat(post(employee, offline(shop, shop.product(), "1", "105.00", number, now(), Map.of()),
					key()).status()).isEqualTo(403);

			assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
			assertThat(count("SELECT count(*) FROM offline_exceptions")).isEqualTo(raised);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(events);
			assertThat(count("SELECT count(*) FROM number_block_numbers WHERE number = '" + number + "' AND state = 'FREE'"))
				.isEqualTo(1);

			// the reads
			assertThat(api().get("/api/v1/offline-exceptions", cashier).status()).isEqualTo(403);
			invalid(api().get("/api/v1/offline-exceptions?kind=WEATHER", manager()), "kind");
			assertThat(api().get("/api/v1/offline-exceptions?session_id=nope", manager()).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/offline-exceptions?cursor=nope", manager()).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/till-sessions/" + UUID.randomUUID() + "/late-arrivals", manager()).status())
				.isEqualTo(404);
			assertThat(api().get("/api/v1/till-sessions/" + session + "/late-arrivals", cashier()).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/till-sessions/" + session + "/late-arrivals", employee).status())
				.isEqualTo(403);
			var empty = ok(api().get("/api/v1/till-sessions/" + session + "/late-arrivals", cashier)).json();
			assertThat(empty.path("count").asLong()).isZero();
		}
	}
}

package dev.kassa.tills;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** What the till tests set up: an organization in India with its year, a store per test, a product in stock. */
abstract class TillTesting extends IntegrationTestSupport {

	private static final AtomicInteger CODES = new AtomicInteger();

	private static final Set<Integer> READY = ConcurrentHashMap.newKeySet();

	/** A store, a terminal at it, and a 100.00 + 5 % GST product with 1,000 in stock. */
	record Shop(String location, String terminal, String product) {
	}

	void organization() {
		if (READY.add(port)) {
			var admin = api().adminToken();
			new Fixtures(api()).organization();
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			ok(api().post("/api/v1/organization/financial-years", admin,
					Map.of("starts_on", LocalDate.of(startYear, 4, 1).toString(), "ends_on",
							LocalDate.of(startYear + 1, 3, 31).toString()), key()));
		}
	}

	Shop shop() {
		organization();
		var code = "T" + CODES.incrementAndGet() + (port % 1000);
		var location = new Fixtures(api()).location(code.length() > 8 ? code.substring(0, 8) : code, "29");
		var product = new Fixtures(api()).product("SKU-" + UUID.randomUUID(), "100.00", Fixtures.GST_5, "track_stock",
				true, "allow_negative_stock", false);
		ok(api().post("/api/v1/stock/receipts", api().adminToken(), Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", product, "quantity", "1000"))), key()));
		return new Shop(location, terminal(location, "TILL-1"), product);
	}

	String terminal(String location, String code) {
		return id(api().post("/api/v1/terminals", api().token("MANAGER"),
				Map.of("location_id", location, "code", code, "name", "Till " + code, "paper_width", 80), key()));
	}

	/** A new cashier's token: each test its own, so that one cashier's open session never blocks another test. */
	String cashier() {
		return api().tokenForNewUser("cashier-" + UUID.randomUUID().toString().substring(0, 12), List.of("CASHIER"), null);
	}

	String manager() {
		return api().token("MANAGER");
	}

	TestClient.Response open(String token, String terminal, Object openingFloat) {
		return api().post("/api/v1/till-sessions", token, Map.of("terminal_id", terminal, "opening_float", openingFloat),
				key());
	}

	String openSession(String token, String terminal, String openingFloat) {
		var opened = open(token, terminal, new BigDecimal(openingFloat));
		assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
		return opened.json().path("id").asString();
	}

	/** A sale of quantity pieces of the shop's product at its terminal, paid by one method. */
	TestClient.Response sell(String token, Shop shop, String quantity, String method, String amount) {
		return sell(token, shop, shop.terminal(), quantity, method, amount);
	}

	TestClient.Response sell(String token, Shop shop, String terminal, String quantity, String method, String amount) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", shop.location());
		if (terminal != null) {
			body.put("terminal_id", terminal);
		}
		body.put("lines", List.of(Map.of("product_id", shop.product(), "quantity", new BigDecimal(quantity))));
		body.put("payments", List.of(Map.of("method", method, "amount", new BigDecimal(amount))));
		return api().post("/api/v1/sales", token, body, key());
	}

	TestClient.Response action(String token, String session, String what, Object body) {
		return api().post("/api/v1/till-sessions/" + session + "/" + what, token, body, key());
	}

	TestClient.Response close(String token, String session, Map<String, String> counted) {
		var counts = new ArrayList<Map<String, Object>>();
		counted.forEach((method, amount) -> counts.add(Map.of("method", method, "amount", new BigDecimal(amount))));
		return action(token, session, "close", Map.of("counted", counts));
	}

	static BigDecimal method(JsonNode report, String method, String field) {
		for (var m : report.path("methods")) {
			if (m.path("method").asString().equals(method)) {
				return m.path(field).decimalValue();
			}
		}
		throw new AssertionError("no method " + method + " in " + report);
	}

	static String key() {
		return UUID.randomUUID().toString();
	}

	static TestClient.Response ok(TestClient.Response response) {
		assertThat(response.status()).as(response.toString()).isBetween(200, 299);
		return response;
	}

	static String id(TestClient.Response response) {
		return ok(response).json().path("id").asString();
	}

	static void refused(TestClient.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().path("code").asString()).as(response.toString()).isEqualTo(code);
	}

	static void invalid(TestClient.Response response, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.errorFields()).as(response.toString()).contains(field);
	}

	private static final java.util.regex.Pattern SEQUENCE = java.util.regex.Pattern.compile("([0-9]+)$");

	static long sequence(String number) {
		var m = SEQUENCE.matcher(number);
		assertThat(m.find()).as(number).isTrue();
		return Long.parseLong(m.group(1));
	}

	/** Every value 1..N of the location's SALE series is exactly one sale's number or one cancelled block number. */
	void seriesIsExplained(String location) {
		long next = jdbc.sql("SELECT next_value FROM document_series WHERE document_type = 'SALE' AND location_id = '"
				+ location + "'::uuid").query(Long.class).single();
		var explained = new java.util.HashMap<Long, String>();
		for (var number : jdbc.sql("SELECT number FROM sales WHERE location_id = '" + location + "'::uuid")
			.query(String.class).list()) {
			assertThat(explained.put(sequence(number), "sale " + number)).as("two documents carry " + number).isNull();
		}
		for (var row : jdbc.sql("""
				SELECT n.number || ' ' || n.reason FROM number_block_numbers n JOIN number_blocks b ON b.id = n.block_id
				 WHERE b.location_id = '""" + location + "'::uuid AND n.state = 'CANCELLED'").query(String.class).list()) {
			var number = row.substring(0, row.indexOf(' '));
			assertThat(explained.put(sequence(number), "cancelled " + row)).as("a cancelled number is a sale: " + row).isNull();
		}
		var missing = new java.util.TreeSet<Long>();
		for (long v = 1; v < next; v++) {
			if (!explained.containsKey(v)) {
				missing.add(v);
			}
		}
		assertThat(missing).as("numbers of the series neither sold nor cancelled").isEmpty();
		assertThat(explained.keySet()).allMatch(v -> v >= 1 && v < next);
	}

}

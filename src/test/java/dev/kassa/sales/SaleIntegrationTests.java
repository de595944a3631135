package dev.kassa.sales;

import static dev.kassa.support.Concurrently.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

class SaleIntegrationTests extends IntegrationTestSupport {

	private static final AtomicInteger CODES = new AtomicInteger();

	private static final Map<Integer, Fixture> FIXTURES = new java.util.concurrent.ConcurrentHashMap<>();

	/** An organization in India, the current financial year, a store in Karnataka (29), tax classes. */
	record Fixture(String location, String gst18, String gst5) {
	}

	private Fixture fixture() {
		return FIXTURES.computeIfAbsent(port, p -> {
			var admin = api().adminToken();
			ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Kassa Test Traders", "country", "IN",
					"currency", "INR", "time_zone", "Asia/Kolkata")));
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			ok(api().post("/api/v1/organization/financial-years", admin,
					Map.of("starts_on", LocalDate.of(startYear, 4, 1).toString(), "ends_on",
							LocalDate.of(startYear + 1, 3, 31).toString()), key()));
			var location = location("29");
			var gst18 = id(api().post("/api/v1/tax-classes", admin,
					Map.of("code", "GST18", "name", "GST 18%", "kind", "GST", "rate", 18), key()));
			var gst5 = id(api().post("/api/v1/tax-classes", admin,
					Map.of("code", "GST5", "name", "GST 5%", "kind", "GST", "rate", 5), key()));
			return new Fixture(location, gst18, gst5);
		});
	}

	private String location(String state) {
		var code = "S" + CODES.incrementAndGet();
		return id(api().post("/api/v1/locations", api().adminToken(), Map.of("code", code, "name", "Store " + code,
				"type", "STORE", "state_code", state, "time_zone", "Asia/Kolkata"), key()));
	}

	private String product(String price, boolean included, String taxClass, String unit, boolean allowNegative) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", "SKU-" + UUID.randomUUID());
		body.put("name", "Product " + price);
		body.put("unit", unit);
		body.put("price", new BigDecimal(price));
		body.put("price_includes_tax", included);
		body.put("tax_class_id", taxClass);
		body.put("track_stock", true);
		body.put("allow_negative_stock", allowNegative);
		return id(api().post("/api/v1/products", api().adminToken(), body, key()));
	}

	/** A terminal at the location with a session the cashier opened on it; answers the terminal's id. */
	private String terminalWithOpenSession(String location, String cashier) {
		var terminal = api().post("/api/v1/terminals", api().token("MANAGER"),
				Map.of("location_id", location, "code", "T1", "name", "Till 1"), UUID.randomUUID().toString());
		assertThat(terminal.status()).as(terminal.toString()).isEqualTo(201);
		var id = terminal.json().path("id").asString();
		var opened = api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", id, "opening_float", 0),
				UUID.randomUUID().toString());
		assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
		return id;
	}

	private void receive(String location, String product, String quantity) {
		ok(api().post("/api/v1/stock/receipts", api().adminToken(),
				Map.of("location_id", location, "lines", List.of(Map.of("product_id", product, "quantity", quantity))),
				key()));
	}

	private BigDecimal onHand(String location, String product) {
		return jdbc.sql("SELECT coalesce(sum(on_hand), 0) FROM stock_levels WHERE location_id = :l::uuid AND product_id = :p::uuid")
			.param("l", location)
			.param("p", product)
			.query(BigDecimal.class)
			.single();
	}

	private static Map<String, Object> line(String product, String quantity) {
		return new LinkedHashMap<>(Map.of("product_id", product, "quantity", new BigDecimal(quantity)));
	}

	private static Map<String, Object> cash(String amount) {
		return new LinkedHashMap<>(Map.of("method", "CASH", "amount", new BigDecimal(amount)));
	}

	private static Map<String, Object> sale(String location, List<Map<String, Object>> lines,
			List<Map<String, Object>> payments) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("lines", lines);
		body.put("payments", payments);
		return body;
	}

	/**
	 * Two teas at 100.00 plus 18 % and 1.5 kg of rice at 105.00 with 5 % included: 393.50, paid in cash
	 * (400 tendered) and 0.00 by UPI.
	 */
	private static Map<String, Object> teaAndRice(String location, String tea, String rice) {
		return sale(location, List.of(line(tea, "2"), line(rice, "1.500")),
				List.of(new LinkedHashMap<>(Map.of("method", "CASH", "amount", new BigDecimal("393.50"), "tendered",
						new BigDecimal("400"))), new LinkedHashMap<>(Map.of("method", "UPI", "amount",
								new BigDecimal("0.00"), "reference", "upi-1"))));
	}

	private TestClient.Response post(String token, Object body) {
		return api().post("/api/v1/sales", token, body, key());
	}

	private long sales() {
		return count("SELECT count(*) FROM sales");
	}

	private static long sequence(String number) {
		var matcher = java.util.regex.Pattern.compile("(\\d+)$").matcher(number);
		assertThat(matcher.find()).as(number).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	@Test
	void aSaleIsPricedPaidNumberedAndTakenFromStock() {
		var f = fixture();
		var tea = product("100.00", false, f.gst18(), "PIECE", false);
		var rice = product("105.00", true, f.gst5(), "KG", false);
		receive(f.location(), tea, "10");
		receive(f.location(), rice, "20");
		var body = teaAndRice(f.location(), tea, rice);
		body.put("notes", "counter 2");
		body.put("total", new BigDecimal("393.5"));
		var response = post(api().token("CASHIER"), body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		var json = response.json();
		// tea: 200.00 + 9% + 9% = 236.00; rice: 105.00 x 1.5 = 157.50 tax included:
		// 157.50 * 100 / 105 = 150.00; 2.5% = 3.75 each; total 157.50. Sale: 393.50.
		assertThat(json.path("subtotal").decimalValue()).isEqualByComparingTo("357.50");
		assertThat(json.path("taxable").decimalValue()).isEqualByComparingTo("350.00");
		assertThat(json.path("cgst").decimalValue()).isEqualByComparingTo("21.75");
		assertThat(json.path("sgst").decimalValue()).isEqualByComparingTo("21.75");
		assertThat(json.path("igst").decimalValue()).isEqualByComparingTo("0");
		assertThat(json.path("total").decimalValue()).isEqualByComparingTo("393.50");
		assertThat(json.path("change_due").decimalValue()).isEqualByComparingTo("6.50");
		assertThat(json.path("supply").asString()).isEqualTo("INTRA_STATE");
		assertThat(json.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(json.path("number").asString()).isNotBlank();
		assertThat(json.path("lines")).hasSize(2);
		assertThat(json.path("payments")).hasSize(2);
		assertThat(onHand(f.location(), tea)).isEqualByComparingTo("8");
		assertThat(onHand(f.location(), rice)).isEqualByComparingTo("18.5");
		var id = json.path("id").asString();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'sale.completed' AND aggregate_id = '" + id + "'"))
			.isEqualTo(1);

		var read = api().get("/api/v1/sales/" + id, api().token("MANAGER"));
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("lines").get(1).path("quantity").decimalValue()).isEqualByComparingTo("1.5");
		var byNumber = api().get("/api/v1/sales/by-number?number="
				+ java.net.URLEncoder.encode(json.path("number").asString(), java.nio.charset.StandardCharsets.UTF_8),
				api().token("CASHIER"));
		assertThat(byNumber.json().path("id").asString()).isEqualTo(id);
	}

	/**
	 * The number is taken in the statement that is sent with the COMMIT; when no number can be taken, that
	 * statement fails before the COMMIT and nothing of the sale remains: no stock, no lines, no key.
	 */
	@Test
	void aLocationWithoutASaleSeriesSellsNothingAndWritesNothing() {
		var f = fixture();
		var location = location("29");
		var tea = product("10.00", false, f.gst5(), "PIECE", false);
		receive(location, tea, "5");
		jdbc.sql("""
				WITH quiet AS (SELECT set_config('kassa.event_appended', 'yes', true))
				DELETE FROM document_series WHERE location_id = :l::uuid AND document_type = 'SALE'
				   AND EXISTS (SELECT FROM quiet)
				""").param("l", location).update();
		var token = api().token("CASHIER");
		long salesBefore = sales();
		long linesBefore = count("SELECT count(*) FROM sale_lines");
		long movementsBefore = count("SELECT count(*) FROM stock_movements");
		long keysBefore = count("SELECT count(*) FROM idempotency_keys");
		long eventsBefore = count("SELECT count(*) FROM events");
		var key = key();
		var body = sale(location, List.of(line(tea, "2")), List.of(cash("21.00")));
		var refused = api().post("/api/v1/sales", token, body, key);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.json().path("code").asString()).isEqualTo("no_document_series");
		assertThat(sales()).isEqualTo(salesBefore);
		assertThat(count("SELECT count(*) FROM sale_lines")).isEqualTo(linesBefore);
		assertThat(count("SELECT count(*) FROM stock_movements")).isEqualTo(movementsBefore);
		assertThat(count("SELECT count(*) FROM idempotency_keys")).isEqualTo(keysBefore);
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
		assertThat(onHand(location, tea)).isEqualByComparingTo("5");

		// once the series exists, the same key sells
		ok(api().post("/api/v1/document-series", api().adminToken(), Map.of("document_type", "SALE", "location_id",
				location, "financial_year_id", jdbc.sql("SELECT financial_year_id FROM document_series WHERE location_id = :l::uuid LIMIT 1")
					.param("l", location).query(String.class).single(), "format", "{LOC}/{SEQ:6}"), key()));
		var sold = api().post("/api/v1/sales", token, body, key);
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
		assertThat(sold.json().path("number").asString()).endsWith("/000001");
		assertThat(onHand(location, tea)).isEqualByComparingTo("3");
	}

	/** A sale of goods whose stock is not tracked writes its statement without the stock parts. */
	@Test
	void aSaleOfUntrackedGoodsMovesNoStockAndIsNumbered() {
		var f = fixture();
		var location = location("29");
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", "SKU-" + UUID.randomUUID());
		body.put("name", "Service");
		body.put("unit", "PIECE");
		body.put("price", new BigDecimal("50.00"));
		body.put("price_includes_tax", true);
		body.put("tax_class_id", f.gst18());
		body.put("track_stock", false);
		var service = id(api().post("/api/v1/products", api().adminToken(), body, key()));
		long movements = count("SELECT count(*) FROM stock_movements");
		var sold = post(api().token("CASHIER"), sale(location, List.of(line(service, "2")), List.of(cash("100.00"))));
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
		assertThat(sold.json().path("number").asString()).endsWith("/000001");
		assertThat(count("SELECT count(*) FROM stock_movements")).isEqualTo(movements);
		assertThat(count("SELECT count(*) FROM stock_levels WHERE product_id = '" + service + "'")).isZero();
	}

	@Test
	void aCustomersPurchaseIsCountedAndAnUnknownCustomerRefused() {
		var f = fixture();
		var tea = product("10.00", false, f.gst5(), "PIECE", true);
		var customer = id(api().post("/api/v1/customers", api().token("MANAGER"),
				Map.of("name", "Asha", "phone", "+919876543210"), key()));
		var body = sale(f.location(), List.of(line(tea, "2")), List.of(cash("21.00")));
		body.put("customer_id", customer);
		assertThat(post(api().token("CASHIER"), body).status()).isEqualTo(201);
		assertThat(jdbc.sql("SELECT purchase_total FROM customers WHERE id = :id::uuid").param("id", customer)
			.query(BigDecimal.class).single()).isEqualByComparingTo("21.00");
		var mine = api().get("/api/v1/sales?customer_id=" + customer, api().token("MANAGER"));
		assertThat(mine.json().path("items")).hasSize(1);

		long before = sales();
		body.put("customer_id", UUID.randomUUID().toString());
		var unknown = post(api().token("CASHIER"), body);
		assertThat(unknown.status()).isEqualTo(422);
		assertThat(unknown.errorFields()).containsExactly("customer_id");
		assertThat(sales()).isEqualTo(before);
	}

	@Test
	void aReturnAndAVoidComeOffTheCustomersFigures() {
		var f = fixture();
		var tea = product("10.00", false, f.gst5(), "PIECE", true);
		var customer = id(api().post("/api/v1/customers", api().token("MANAGER"),
				Map.of("name", "Ravi", "phone", "+919876500001"), key()));
		var first = sale(f.location(), List.of(line(tea, "2")), List.of(cash("21.00")));
		first.put("customer_id", customer);
		var kept = ok(post(api().token("CASHIER"), first));
		var second = sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")));
		second.put("customer_id", customer);
		var voided = ok(post(api().token("CASHIER"), second));
		var summary = "/api/v1/customers/" + customer + "/summary";
		assertThat(api().get(summary, api().token("MANAGER")).json().path("purchase_count").asLong()).isEqualTo(2);

		var lineId = kept.json().path("lines").get(0).path("id").asString();
		var returned = api().post("/api/v1/sales/" + kept.json().path("id").asString() + "/returns", api().token("MANAGER"),
				Map.of("lines", List.of(Map.of("sale_line_id", lineId, "quantity", BigDecimal.ONE, "restock", true)),
						"refunds", List.of(cash("10.50")), "reason", "damaged"),
				key());
		assertThat(returned.status()).as(returned.toString()).isEqualTo(201);
		assertThat(api().post("/api/v1/sales/" + voided.json().path("id").asString() + "/void", api().token("MANAGER"),
				Map.of("reason", "rang up twice")).status()).isEqualTo(200);

		var after = api().get(summary, api().token("MANAGER")).json();
		assertThat(after.path("purchase_count").asLong()).isEqualTo(1);
		assertThat(after.path("purchase_total").decimalValue()).isEqualByComparingTo("10.50");
	}

	@Test
	void aBuyerInAnotherStatePaysIgst() {
		var f = fixture();
		var tea = product("100.00", false, f.gst18(), "PIECE", true);
		var body = sale(f.location(), List.of(line(tea, "2")), List.of(cash("236.00")));
		body.put("place_of_supply", "27");
		var response = post(api().token("CASHIER"), body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json().path("igst").decimalValue()).isEqualByComparingTo("36.00");
		assertThat(response.json().path("cgst").decimalValue()).isEqualByComparingTo("0");
		assertThat(response.json().path("supply").asString()).isEqualTo("INTER_STATE");
	}

	@Test
	void aSaleDiscountIsSpreadOverTheLines() {
		var f = fixture();
		var a = product("100.00", false, f.gst5(), "PIECE", true);
		var b = product("33.33", false, f.gst18(), "PIECE", true);
		var body = sale(f.location(), List.of(line(a, "1"), line(b, "3")), List.of(cash("200.69")));
		body.put("discount", 10);
		body.put("is_percentage_discount", true);
		body.put("subtotal", new BigDecimal("199.99"));
		var response = post(api().token("CASHIER"), body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json().path("sale_discount").decimalValue()).isEqualByComparingTo("20.00");
		assertThat(response.json().path("total").decimalValue()).isEqualByComparingTo("200.69");
	}

	@Test
	void aClientTotalThatDisagreesIsRefusedNamingBothFigures() {
		var f = fixture();
		var tea = product("100.00", false, f.gst18(), "PIECE", false);
		receive(f.location(), tea, "5");
		long before = sales();
		var body = sale(f.location(), List.of(line(tea, "1")), List.of(cash("118.00")));
		body.put("total", new BigDecimal("118.01"));
		var response = post(api().token("CASHIER"), body);
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().path("code").asString()).isEqualTo("total_mismatch");
		assertThat(response.json().path("detail").asString()).contains("118.01").contains("118.00");
		assertThat(response.errorFields()).containsExactly("total");
		assertThat(sales()).isEqualTo(before);
		assertThat(onHand(f.location(), tea)).isEqualByComparingTo("5");

		body.remove("total");
		body.put("payments", List.of(cash("100.00")));
		var short_ = post(api().token("CASHIER"), body);
		assertThat(short_.status()).isEqualTo(422);
		assertThat(short_.json().path("code").asString()).isEqualTo("payments_short");
		assertThat(short_.json().path("detail").asString()).contains("118.00");
		assertThat(sales()).isEqualTo(before);
	}

	@Test
	void theSameKeyAndBodyAnswersTheFirstSaleAndAnotherBodyIsRefused() {
		var f = fixture();
		var tea = product("10.00", false, f.gst5(), "PIECE", true);
		var body = sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")));
		var token = api().token("CASHIER");
		var k = key();
		var first = api().post("/api/v1/sales", token, body, k);
		var again = api().post("/api/v1/sales", token, body, k);
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json()).isEqualTo(first.json());
		body.put("notes", "changed");
		var other = api().post("/api/v1/sales", token, body, k);
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.json().path("code").asString()).isEqualTo("idempotency_key_reused");
		assertThat(count("SELECT count(*) FROM sale_lines WHERE product_id = '" + tea + "'")).isEqualTo(1);
	}

	@Test
	void concurrentRepeatsOfOneKeyMakeOneSale() throws Exception {
		var f = fixture();
		var tea = product("10.00", false, f.gst5(), "PIECE", false);
		receive(f.location(), tea, "100");
		var body = sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")));
		var token = api().token("CASHIER");
		var k = key();
		var answers = concurrently(16, i -> api().post("/api/v1/sales", token, body, k));
		assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(201));
		assertThat(answers.stream().map(a -> a.json().path("id").asString()).distinct()).hasSize(1);
		assertThat(count("SELECT count(*) FROM sale_lines WHERE product_id = '" + tea + "'")).isEqualTo(1);
		assertThat(onHand(f.location(), tea)).isEqualByComparingTo("99");
	}

	@Test
	void twoHundredTillsSellingFiftyInStockSellExactlyFifty() throws Exception {
		var f = fixture();
		var location = location("29");
		var scarce = product("20.00", false, f.gst18(), "PIECE", false);
		receive(location, scarce, "50");
		var token = api().token("CASHIER");
		var answers = concurrently(200,
				i -> post(token, sale(location, List.of(line(scarce, "1")), List.of(cash("23.60")))));
		var byStatus = answers.stream().collect(java.util.stream.Collectors.groupingBy(TestClient.Response::status,
				java.util.stream.Collectors.counting()));
		assertThat(byStatus).containsOnlyKeys(201, 409);
		assertThat(byStatus.get(201)).isEqualTo(50);
		assertThat(byStatus.get(409)).isEqualTo(150);
		var refused = answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
		assertThat(refused.json().path("code").asString()).isEqualTo("insufficient_stock");
		assertThat(refused.body()).contains(scarce);
		assertThat(onHand(location, scarce)).isEqualByComparingTo("0");
		assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + location + "'")).isEqualTo(50);
		assertGapless(location, 50);
	}

	@Test
	void numbersStayGaplessWhenSomeConcurrentSalesFail() throws Exception {
		var f = fixture();
		var location = location("29");
		var plenty = product("10.00", false, f.gst5(), "PIECE", true);
		var scarce = product("10.00", false, f.gst5(), "PIECE", false);
		receive(location, scarce, "5");
		var token = api().token("CASHIER");
		// every third sale also asks for the scarce product, most of which fail inside the transaction
		var answers = concurrently(60, i -> post(token, sale(location,
				i % 3 == 0 ? List.of(line(plenty, "1"), line(scarce, "1")) : List.of(line(plenty, "1")),
				List.of(cash(i % 3 == 0 ? "21.00" : "10.50")))));
		long succeeded = answers.stream().filter(a -> a.status() == 201).count();
		assertThat(answers.stream().filter(a -> a.status() == 409).count()).isEqualTo(15);
		assertThat(succeeded).isEqualTo(45);
		assertGapless(location, 45);
	}

	/**
	 * Sales that fail after their number was taken, at the last moment: a deferred trigger this test adds
	 * raises at commit for sales whose notes ask for it. The numbers given back must be reused, and nothing
	 * of the failed sales may remain.
	 */
	@Test
	void numbersStayGaplessWhenConcurrentSalesFailAtCommit() throws Exception {
		var f = fixture();
		var location = location("29");
		var stocked = product("10.00", false, f.gst5(), "PIECE", false);
		receive(location, stocked, "1000");
		var token = api().token("CASHIER");
		var keys = new ArrayList<String>();
		for (int i = 0; i < 60; i++) {
			keys.add(key());
		}
		jdbc.sql("""
				CREATE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.notes = 'fail at commit' THEN
				        RAISE EXCEPTION 'sale % fails at commit on purpose', NEW.number;
				    END IF;
				    RETURN NULL;
				END $$
				""").update();
		List<TestClient.Response> answers;
		try {
			jdbc.sql("""
					CREATE CONSTRAINT TRIGGER sales_fail_at_commit AFTER INSERT ON sales
					    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_at_commit()
					""").update();
			// every fourth sale fails at its commit, after it took its number, stock, lines, payments and event
			answers = concurrently(60, i -> {
				var body = sale(location, List.of(line(stocked, "1")), List.of(cash("10.50")));
				body.put("notes", i % 4 == 1 ? "fail at commit" : "sale " + i);
				return api().post("/api/v1/sales", token, body, keys.get(i));
			});
		}
		finally {
			jdbc.sql("DROP TRIGGER IF EXISTS sales_fail_at_commit ON sales").update();
			jdbc.sql("DROP FUNCTION IF EXISTS test_fail_at_commit()").update();
		}
		var failedKeys = new ArrayList<String>();
		for (int i = 0; i < 60; i++) {
			var answer = answers.get(i);
			if (i % 4 == 1) {
				assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
				failedKeys.add(keys.get(i));
			}
			else {
				assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
			}
		}
		var numbers = jdbc.sql("SELECT number FROM sales WHERE location_id = :l::uuid")
			.param("l", location)
			.query(String.class)
			.list();
		assertThat(numbers.stream().map(SaleIntegrationTests::sequence).sorted().toList())
			.isEqualTo(java.util.stream.LongStream.rangeClosed(1, 45).boxed().toList());
		var sales = "SELECT id FROM sales WHERE location_id = '" + location + "'";
		assertThat(count("SELECT count(*) FROM sales WHERE notes = 'fail at commit'")).isZero();
		assertThat(count("SELECT count(*) FROM sale_lines WHERE product_id = '" + stocked + "'")).isEqualTo(45);
		assertThat(count("SELECT count(*) FROM sale_payments WHERE sale_id IN (" + sales + ")")).isEqualTo(45);
		assertThat(count("SELECT count(*) FROM sale_payments WHERE sale_id NOT IN (SELECT id FROM sales)")).isZero();
		assertThat(onHand(location, stocked)).isEqualByComparingTo("955");
		assertThat(count("SELECT count(*) FROM stock_movements WHERE product_id = '" + stocked + "' AND kind = 'SALE'"))
			.isEqualTo(45);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'sale.completed' AND location_id = '" + location
				+ "'")).isEqualTo(45);
		assertThat(count("SELECT count(*) FROM events WHERE payload->>'notes' = 'fail at commit'")).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE key IN (:keys)")
			.param("keys", failedKeys)
			.query(Long.class)
			.single()).isZero();
	}

	private void assertGapless(String location, int expected) {
		var numbers = jdbc.sql("SELECT number FROM sales WHERE location_id = :l::uuid")
			.param("l", location)
			.query(String.class)
			.list();
		var sequences = new TreeSet<Long>();
		numbers.forEach(n -> sequences.add(sequence(n)));
		assertThat(sequences).hasSize(expected);
		assertThat(sequences.first()).isEqualTo(1);
		assertThat(sequences.last()).isEqualTo(expected);
	}

	@Test
	void listsFilterAndPageAndLimitedUsersSeeOnlyTheirLocations() {
		var f = fixture();
		var other = location("29");
		var tea = product("10.00", false, f.gst5(), "PIECE", true);
		var cashier = api().token("CASHIER");
		for (int i = 0; i < 3; i++) {
			ok(post(cashier, sale(other, List.of(line(tea, "1")), List.of(cash("10.50")))));
		}
		var card = sale(other, List.of(line(tea, "1")),
				List.of(new LinkedHashMap<>(Map.of("method", "CARD", "amount", new BigDecimal("10.50")))));
		ok(post(cashier, card));
		var manager = api().token("MANAGER");
		var first = api().get("/api/v1/sales?location_id=" + other + "&limit=3", manager);
		assertThat(first.json().path("items")).hasSize(3);
		var cursor = first.json().path("next_cursor").asString();
		assertThat(cursor).isNotBlank();
		var second = api().get("/api/v1/sales?location_id=" + other + "&limit=3&cursor=" + cursor, manager);
		assertThat(second.json().path("items")).hasSize(1);
		assertThat(second.json().path("next_cursor").isNull()).isTrue();
		var cards = api().get("/api/v1/sales?location_id=" + other + "&payment_method=CARD", manager);
		assertThat(cards.json().path("items")).hasSize(1);
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		var dated = api().get("/api/v1/sales?location_id=" + other + "&from=" + today + "&to=" + today, manager);
		assertThat(dated.json().path("items")).hasSize(4);
		var tomorrow = api().get("/api/v1/sales?location_id=" + other + "&from=" + today.plusDays(1), manager);
		assertThat(tomorrow.json().path("items")).isEmpty();

		var limited = api().tokenForNewUser("limited-" + System.nanoTime(), List.of("CASHIER"), List.of(f.location()));
		var theirs = api().get("/api/v1/sales?limit=200", limited);
		assertThat(theirs.json().path("items")).allSatisfy(s -> assertThat(s.path("location_id").asString())
			.isEqualTo(f.location()));
		assertThat(api().get("/api/v1/sales?location_id=" + other, limited).status()).isEqualTo(403);
		var someone = first.json().path("items").get(0).path("id").asString();
		assertThat(api().get("/api/v1/sales/" + someone, limited).status()).isEqualTo(404);
		assertThat(post(limited, sale(other, List.of(line(tea, "1")), List.of(cash("10.50")))).status()).isEqualTo(403);
	}

	@Nested
	class Voids {

		@Test
		void aManagerVoidsTodaysSaleOnceAndTheStockComesBack() {
			var f = fixture();
			var tea = product("10.00", false, f.gst5(), "PIECE", false);
			receive(f.location(), tea, "10");
			var sold = ok(post(api().token("CASHIER"), sale(f.location(), List.of(line(tea, "3")), List.of(cash("31.50")))));
			var id = sold.json().path("id").asString();
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("7");

			assertThat(api().post("/api/v1/sales/" + id + "/void", api().token("CASHIER"), Map.of("reason", "typo"))
				.status()).isEqualTo(403);
			var blank = api().post("/api/v1/sales/" + id + "/void", api().token("MANAGER"), Map.of("reason", " "));
			assertThat(blank.status()).isEqualTo(400);
			assertThat(blank.errorFields()).containsExactly("reason");
			assertThat(api().post("/api/v1/sales/" + id + "/void", api().token("MANAGER"), Map.of()).errorFields())
				.containsExactly("reason");
			assertThat(api().post("/api/v1/sales/" + UUID.randomUUID() + "/void", api().token("MANAGER"),
					Map.of("reason", "x")).status()).isEqualTo(404);
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("7");

			var voided = api().post("/api/v1/sales/" + id + "/void", api().token("MANAGER"),
					Map.of("reason", "customer changed their mind"));
			assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
			assertThat(voided.json().path("status").asString()).isEqualTo("VOIDED");
			assertThat(voided.json().path("number").asString()).isEqualTo(sold.json().path("number").asString());
			assertThat(voided.json().path("void_reason").asString()).isEqualTo("customer changed their mind");
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("10");
			assertThat(count("SELECT count(*) FROM events WHERE type = 'sale.voided' AND aggregate_id = '" + id + "'"))
				.isEqualTo(1);

			var again = api().post("/api/v1/sales/" + id + "/void", api().token("MANAGER"), Map.of("reason", "twice"));
			assertThat(again.status()).isEqualTo(409);
			assertThat(again.json().path("code").asString()).isEqualTo("sale_already_voided");
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("10");
			assertThat(api().get("/api/v1/sales/" + id, api().token("CASHIER")).json().path("status").asString())
				.isEqualTo("VOIDED");
			var voidedHere = api().get("/api/v1/sales?status=VOIDED&location_id=" + f.location(), api().token("MANAGER"))
				.json().path("items");
			assertThat(voidedHere.valueStream().map(sale -> sale.path("status").asString())).containsOnly("VOIDED");
			assertThat(voidedHere.valueStream().map(sale -> sale.path("id").asString())).contains(id);
			assertThat(api().get("/api/v1/sales?status=COMPLETED&location_id=" + f.location(), api().token("MANAGER"))
				.json().path("items").valueStream().map(sale -> sale.path("id").asString())).doesNotContain(id);
		}

		@Test
		void aSaleOfAnEarlierDayIsNotVoided() {
			var f = fixture();
			var tea = product("10.00", false, f.gst5(), "PIECE", true);
			var id = id(post(api().token("CASHIER"), sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")))));
			// moves the sale to yesterday, with an event so that the commit is allowed
			jdbc.sql("""
					WITH e AS (INSERT INTO events (id, type, aggregate_type, aggregate_id, occurred_at, payload)
					           VALUES (gen_random_uuid(), 'test.backdated', 'sale', :id::uuid, now(), '{}') RETURNING id)
					UPDATE sales SET business_date = business_date - 1 WHERE id = :id::uuid AND EXISTS (SELECT 1 FROM e)
					""").param("id", id).update();
			var refused = api().post("/api/v1/sales/" + id + "/void", api().token("MANAGER"), Map.of("reason", "late"));
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.json().path("code").asString()).isEqualTo("void_not_same_day");
			assertThat(api().get("/api/v1/sales/" + id, api().token("MANAGER")).json().path("status").asString())
				.isEqualTo("COMPLETED");
		}
	}

	@Nested
	class Returns {

		private Map<String, Object> returning(String saleLine, String quantity, boolean restock, String refund) {
			return Map.of("lines", List.of(Map.of("sale_line_id", saleLine, "quantity", new BigDecimal(quantity),
					"restock", restock)), "refunds", List.of(cash(refund)), "reason", "damaged");
		}

		@Test
		void returnsNeverExceedWhatWasSoldAndRestockPerLine() {
			var f = fixture();
			var tea = product("10.00", false, f.gst5(), "PIECE", false);
			receive(f.location(), tea, "10");
			var sold = ok(post(api().token("CASHIER"), sale(f.location(), List.of(line(tea, "3")), List.of(cash("31.50")))));
			var saleId = sold.json().path("id").asString();
			var lineId = sold.json().path("lines").get(0).path("id").asString();
			var manager = api().token("MANAGER");
			var path = "/api/v1/sales/" + saleId + "/returns";

			assertThat(api().post(path, api().token("CASHIER"), returning(lineId, "1", true, "10.50"), key()).status())
				.isEqualTo(403);
			var mismatch = api().post(path, manager, returning(lineId, "1", true, "10.00"), key());
			assertThat(mismatch.status()).isEqualTo(422);
			assertThat(mismatch.json().path("code").asString()).isEqualTo("refunds_mismatch");
			assertThat(api().post(path, manager, returning(UUID.randomUUID().toString(), "1", true, "10.50"), key())
				.errorFields()).containsExactly("lines[0].sale_line_id");
			assertThat(api().post(path, manager, Map.of(), key()).errorFields()).contains("lines", "refunds", "reason");
			assertThat(api().post("/api/v1/sales/" + UUID.randomUUID() + "/returns", manager,
					returning(lineId, "1", true, "10.50"), key()).status()).isEqualTo(404);
			assertThat(count("SELECT count(*) FROM sale_returns WHERE sale_id = '" + saleId + "'")).isZero();
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("7");

			var first = api().post(path, manager, returning(lineId, "1", true, "10.50"), key());
			assertThat(first.status()).as(first.toString()).isEqualTo(201);
			assertThat(first.json().path("number").asString()).isNotBlank()
				.isNotEqualTo(sold.json().path("number").asString());
			assertThat(first.json().path("total").decimalValue()).isEqualByComparingTo("10.50");
			assertThat(first.json().path("tax_total").decimalValue()).isEqualByComparingTo("0.50");
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("8");

			var rest = api().post(path, manager, returning(lineId, "2", false, "21.00"), key());
			assertThat(rest.status()).as(rest.toString()).isEqualTo(201);
			assertThat(onHand(f.location(), tea)).isEqualByComparingTo("8");

			var more = api().post(path, manager, returning(lineId, "1", true, "10.50"), key());
			assertThat(more.status()).isEqualTo(409);
			assertThat(more.json().path("code").asString()).isEqualTo("return_exceeds_sold");
			assertThat(more.errorFields()).containsExactly("lines[0].quantity");
			assertThat(count("SELECT count(*) FROM sale_returns WHERE sale_id = '" + saleId + "'")).isEqualTo(2);
			assertThat(count("SELECT count(*) FROM events WHERE type = 'sale.returned' AND aggregate_id = '" + saleId + "'"))
				.isEqualTo(2);
		}

		@Test
		void concurrentReturnsOfOneLineTakeBackAtMostWhatWasSold() throws Exception {
			var f = fixture();
			var tea = product("10.00", false, f.gst5(), "PIECE", true);
			var sold = ok(post(api().token("CASHIER"), sale(f.location(), List.of(line(tea, "3")), List.of(cash("31.50")))));
			var lineId = sold.json().path("lines").get(0).path("id").asString();
			var manager = api().token("MANAGER");
			var answers = concurrently(8, i -> api().post("/api/v1/sales/" + sold.json().path("id").asString() + "/returns", manager,
					returning(lineId, "1", true, "10.50"), key()));
			assertThat(answers.stream().filter(a -> a.status() == 201).count()).isEqualTo(3);
			assertThat(answers.stream().filter(a -> a.status() == 409).count()).isEqualTo(5);
			assertThat(jdbc.sql("SELECT returned_quantity FROM sale_lines WHERE id = :id::uuid").param("id", lineId)
				.query(BigDecimal.class).single()).isEqualByComparingTo("3");
		}
	}

	@Nested
	class PriceOverrides {

		@Test
		void aCashierMayLowerAPriceOnlyWithinTheLimitAndAManagerAnyway() {
			var f = fixture();
			var tea = product("100.00", true, f.gst5(), "PIECE", true);
			var line = line(tea, "1");
			line.put("unit_price", new BigDecimal("89.99"));
			long before = sales();
			var refused = post(api().token("CASHIER"), sale(f.location(), List.of(line), List.of(cash("89.99"))));
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.errorFields()).containsExactly("lines[0].unit_price");
			assertThat(sales()).isEqualTo(before);
			var managed = post(api().token("MANAGER"), sale(f.location(), List.of(line), List.of(cash("89.99"))));
			assertThat(managed.status()).as(managed.toString()).isEqualTo(201);
			line.put("unit_price", new BigDecimal("90.00"));
			var within = post(api().token("CASHIER"), sale(f.location(), List.of(line), List.of(cash("90.00"))));
			assertThat(within.status()).as(within.toString()).isEqualTo(201);
			assertThat(within.json().path("lines").get(0).path("list_price").decimalValue()).isEqualByComparingTo("100");
		}
	}

	@Nested
	class BadInput {

		@Test
		void missingFieldsAreNamed() {
			long before = sales();
			var response = post(api().token("CASHIER"), Map.of());
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errorFields()).contains("location_id", "lines", "payments");
			assertThat(sales()).isEqualTo(before);
		}

		/**
		 * A good sale with each of its fields in turn replaced by something absurd: a huge, negative or zero
		 * number, an empty, 5,000-character or NUL-holding text, null, a fraction, an overflowing exponent, NaN,
		 * the wrong JSON shape, a boolean. Each answer is a refusal or a sale, never a 5xx, and a refusal
		 * leaves no sale and no stock movement behind.
		 */
		@Test
		void everyFieldOfAGoodSaleTwistedIsRefusedOrSoldNeverAFailure() {
			var f = fixture();
			var tea = product("100.00", false, f.gst18(), "PIECE", false);
			var rice = product("105.00", true, f.gst5(), "KG", false);
			receive(f.location(), tea, "1000");
			receive(f.location(), rice, "1000");
			var good = teaAndRice(f.location(), tea, rice);
			var cashier = api().token("CASHIER");
			good.put("terminal_id", terminalWithOpenSession(f.location(), cashier));
			good.put("notes", "twisted");
			ok(post(cashier, good));
			var base = TestClient.JSON.valueToTree(good);
			var nodes = TestClient.JSON.getNodeFactory();
			List<tools.jackson.databind.JsonNode> twists = List.of(nodes.numberNode(new java.math.BigInteger("1" + "0".repeat(30))),
					nodes.numberNode(-1), nodes.numberNode(0), nodes.stringNode(""), nodes.stringNode("Z".repeat(5000)),
					nodes.nullNode(), nodes.numberNode(1.23456789123), nodes.stringNode("1e400"), nodes.stringNode("NaN"),
					nodes.arrayNode(), nodes.objectNode(), nodes.stringNode("a\u0000b"), nodes.booleanNode(true));
			var failures = new ArrayList<String>();
			int tried = 0;
			for (var path : paths(base, "")) {
				for (var twist : twists) {
					var body = base.deepCopy();
					var at = path.lastIndexOf('/');
					var parent = body.at(path.substring(0, at));
					var name = path.substring(at + 1);
					if (parent.isArray()) {
						((tools.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(name), twist);
					}
					else {
						((tools.jackson.databind.node.ObjectNode) parent).set(name, twist);
					}
					long before = sales();
					long movements = count("SELECT count(*) FROM stock_movements");
					var response = post(cashier, body.toString());
					tried++;
					var shown = twist.toString().length() > 30 ? twist.toString().substring(0, 30) + "…" : twist.toString();
					if (response.status() >= 500) {
						failures.add(path + " = " + shown + ": " + response);
					}
					else if (response.status() >= 300 && (sales() != before
							|| count("SELECT count(*) FROM stock_movements") != movements)) {
						failures.add(path + " = " + shown + ": " + response.status() + " but something was written");
					}
				}
			}
			assertThat(tried).isGreaterThan(200);
			assertThat(failures).isEmpty();
		}

		private List<String> paths(tools.jackson.databind.JsonNode node, String at) {
			var paths = new ArrayList<String>();
			if (node.isObject()) {
				for (var name : node.propertyNames()) {
					paths.add(at + "/" + name);
					paths.addAll(paths(node.path(name), at + "/" + name));
				}
			}
			else if (node.isArray()) {
				for (int i = 0; i < node.size(); i++) {
					paths.add(at + "/" + i);
					paths.addAll(paths(node.path(i), at + "/" + i));
				}
			}
			return paths;
		}

		@Test
		void eachBadFieldIsNamedAndNothingIsWritten() {
			var f = fixture();
			var tea = product("10.00", false, f.gst5(), "PIECE", true);
			var cashier = api().token("CASHIER");
			long before = sales();
			long events = count("SELECT count(*) FROM events");

			var noKey = api().post("/api/v1/sales", cashier, sale(f.location(), List.of(line(tea, "1")),
					List.of(cash("10.50"))));
			assertThat(noKey.status()).isEqualTo(400);
			assertThat(noKey.errorFields()).containsExactly("Idempotency-Key");

			var wrongType = post(cashier, Map.of("location_id", f.location(), "lines",
					List.of(Map.of("product_id", tea, "quantity", "lots")), "payments", List.of(cash("10.50"))));
			assertThat(wrongType.status()).isEqualTo(400);
			assertThat(wrongType.errorFields().getFirst()).contains("quantity");

			var negative = post(cashier, sale(f.location(), List.of(line(tea, "-1")), List.of(cash("10.50"))));
			assertThat(negative.status()).isEqualTo(400);
			assertThat(negative.errorFields()).containsExactly("lines[0].quantity");

			var fraction = post(cashier, sale(f.location(), List.of(line(tea, "1.5")), List.of(cash("15.75"))));
			assertThat(fraction.status()).isEqualTo(400);
			assertThat(fraction.errorFields()).containsExactly("lines[0].quantity");

			var unknownProduct = post(cashier, sale(f.location(), List.of(line(UUID.randomUUID().toString(), "1")),
					List.of(cash("10.50"))));
			assertThat(unknownProduct.status()).isEqualTo(422);
			assertThat(unknownProduct.errorFields()).containsExactly("lines[0].product_id");

			var unknownLocation = post(cashier, sale(UUID.randomUUID().toString(), List.of(line(tea, "1")),
					List.of(cash("10.50"))));
			assertThat(unknownLocation.status()).isEqualTo(400);
			assertThat(unknownLocation.errorFields()).containsExactly("location_id");

			var unknownMethod = post(cashier, sale(f.location(), List.of(line(tea, "1")),
					List.of(Map.of("method", "CHEQUE", "amount", 10.50))));
			assertThat(unknownMethod.status()).isEqualTo(400);
			assertThat(unknownMethod.errorFields().getFirst()).contains("method");

			var cardTendered = post(cashier, sale(f.location(), List.of(line(tea, "1")),
					List.of(Map.of("method", "CARD", "amount", 10.50, "tendered", 20))));
			assertThat(cardTendered.status()).isEqualTo(400);
			assertThat(cardTendered.errorFields()).containsExactly("payments[0].tendered");

			var tooMuchDiscount = sale(f.location(), List.of(line(tea, "1")), List.of(cash("0")));
			tooMuchDiscount.put("discount", 11);
			var discount = post(cashier, tooMuchDiscount);
			assertThat(discount.status()).isEqualTo(422);
			assertThat(discount.errorFields()).containsExactly("discount");

			var state = sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")));
			state.put("place_of_supply", "Karnataka");
			assertThat(post(cashier, state).errorFields()).containsExactly("place_of_supply");

			var notes = sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")));
			notes.put("notes", "x".repeat(2001));
			assertThat(post(cashier, notes).errorFields()).containsExactly("notes");

			var malformed = api().post("/api/v1/sales", cashier, "{\"location_id\": ", key());
			assertThat(malformed.status()).isEqualTo(400);

			assertThat(sales()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(events);
		}

		@Test
		void wrongRolesAreRefusedOnEveryEndpoint() {
			var f = fixture();
			var tea = product("10.00", false, f.gst5(), "PIECE", true);
			long before = sales();
			for (var role : List.of("EMPLOYEE", "DRIVER")) {
				var token = api().token(role);
				assertThat(post(token, sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")))).status())
					.isEqualTo(403);
				assertThat(api().get("/api/v1/sales", token).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/sales/" + UUID.randomUUID(), token).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/sales/by-number?number=X", token).status()).isEqualTo(403);
			}
			assertThat(post(null, sale(f.location(), List.of(line(tea, "1")), List.of(cash("10.50")))).status())
				.isEqualTo(401);
			assertThat(sales()).isEqualTo(before);
		}

		@Test
		void readsOfUnknownOrMalformedIdsAndBadListParameters() {
			var manager = api().token("MANAGER");
			assertThat(api().get("/api/v1/sales/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/sales/not-an-id", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/sales/by-number?number=NOPE/1", manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/sales/by-number", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/sales?limit=0", manager).errorFields()).containsExactly("limit");
			assertThat(api().get("/api/v1/sales?cursor=***", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/sales?status=LOST", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/sales?from=yesterday", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/sales?from=2026-02-02&to=2026-02-01", manager).errorFields())
				.containsExactly("from");
		}
	}
}

package dev.kassa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * The seed's API as its clients call it. The organization has one active location, the default of the
 * seed's API; the seed's integer item ids are product SKUs.
 */
class SeedApiIntegrationTests extends IntegrationTestSupport {

	private static final Map<Integer, Setup> SETUPS = new java.util.concurrent.ConcurrentHashMap<>();

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	record Setup(String location, String item1, String tea) {
	}

	private Setup setup() {
		return SETUPS.computeIfAbsent(port, p -> {
			var admin = api().adminToken();
			ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Seed Traders", "country", "IN",
					"currency", "INR", "time_zone", "Asia/Kolkata")));
			var today = LocalDate.now(KOLKATA);
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			ok(api().post("/api/v1/organization/financial-years", admin,
					Map.of("starts_on", LocalDate.of(startYear, 4, 1).toString(), "ends_on",
							LocalDate.of(startYear + 1, 3, 31).toString()), key()));
			var gst18 = id(api().post("/api/v1/tax-classes", admin,
					Map.of("code", "GST18", "name", "GST 18%", "kind", "GST", "rate", 18), key()));
			var location = id(api().post("/api/v1/locations", admin, Map.of("code", "SEED", "name", "The seed's shop",
					"type", "STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
			// the seed's item 1: 100.00 with GST included, so that the curl's subtotal and total are 100.0
			var item1 = id(api().post("/api/v1/products", admin, product("1", "100.00", true, gst18), key()));
			var tea = id(api().post("/api/v1/products", admin, product("TEA", "100.00", false, gst18), key()));
			return new Setup(location, item1, tea);
		});
	}

	private static Map<String, Object> product(String sku, String price, boolean included, String taxClass) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", sku);
		body.put("name", "Item " + sku);
		body.put("unit", "PIECE");
		body.put("price", new BigDecimal(price));
		body.put("price_includes_tax", included);
		body.put("tax_class_id", taxClass);
		body.put("track_stock", true);
		body.put("allow_negative_stock", true);
		return body;
	}

	/** The body of the seed's curl example, with another payment mode. */
	static String seedBody(String itemId, String total, String paymentMode) {
		return """
				{
				    "customer_name": "Test Customer",
				    "customer_phone": "1234567890",
				    "customer_address": "Test Address",
				    "sale_by": "Test User",
				    "items": [{"id": %s, "name": "Test Item", "price": 100.0, "quantity": 1}],
				    "subtotal": 100.0,
				    "discount_amount": 0.0,
				    "is_percentage_discount": true,
				    "total": %s,
				    "payment_mode": "%s"
				}""".formatted(itemId, total, paymentMode);
	}

	private TestClient.Response createSale(String token, String body) {
		return api().send("POST", "/api/orders/create-sale", token, body, Map.of());
	}

	private long sales() {
		return count("SELECT count(*) FROM sales");
	}

	@Test
	void aSeedSaleIsPricedByTheServerAndReadBackInTheSeedsShape() {
		setup();
		var cashier = api().token("CASHIER");
		var created = createSale(cashier, seedBody("1", "100.0", "Cash"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var json = created.json();
		assertThat(json.path("success").asBoolean()).isTrue();
		var orderId = json.path("order_id").asString();
		var number = json.path("sale_number").asString();
		assertThat(number).contains("/");
		assertThat(json.path("data").path("customer_name").asString()).isEqualTo("Test Customer");
		assertThat(json.path("data").path("total").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(count("SELECT count(*) FROM customers WHERE phone LIKE '%1234567890'")).isEqualTo(1);

		var byId = ok(api().get("/api/orders/" + orderId, cashier)).json();
		assertThat(byId.path("sale_number").asString()).isEqualTo(number);
		assertThat(byId.path("status").asString()).isEqualTo("Completed");
		assertThat(byId.path("type").asString()).isEqualTo("order");
		assertThat(byId.path("customer_phone").asString()).endsWith("1234567890");
		assertThat(byId.path("customer_address").asString()).isEqualTo("Test Address");
		assertThat(byId.path("payment_mode").asString()).isEqualTo("Cash");
		assertThat(byId.path("items").get(0).path("sku").asString()).isEqualTo("1");
		assertThat(byId.path("items_count").asInt()).isEqualTo(1);
		assertThat(byId.path("total").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(byId.path("notes").asString()).isEqualTo("Sale by: Test User");

		var encoded = URLEncoder.encode(number, StandardCharsets.UTF_8);
		assertThat(encoded).contains("%2F");
		var byNumber = ok(api().get("/api/orders/number/" + encoded, cashier)).json();
		assertThat(byNumber.path("id").asString()).isEqualTo(orderId);

		// the same customer again: found by phone, not created twice; a UUID item id works too
		ok(createSale(cashier, seedBody("\"" + setup().item1() + "\"", "100.0", "UPI")));
		assertThat(count("SELECT count(*) FROM customers WHERE phone LIKE '%1234567890'")).isEqualTo(1);
	}

	@Test
	void aTotalThatDisagreesIsRefusedNamingBothFigures() {
		setup();
		long before = sales();
		var refused = createSale(api().token("CASHIER"), seedBody("1", "99.0", "Cash"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.errorFields()).containsExactly("total");
		assertThat(refused.json().path("expected").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(refused.json().path("given").decimalValue()).isEqualByComparingTo("99.0");
		var subtotal = createSale(api().token("CASHIER"), seedBody("1", "100.0", "Cash").replace("\"subtotal\": 100.0",
				"\"subtotal\": 90.0"));
		assertThat(subtotal.status()).isEqualTo(422);
		assertThat(subtotal.errorFields()).containsExactly("subtotal");
		assertThat(sales()).isEqualTo(before);
	}

	@Test
	void aSaleWithAKeyIsCreatedOnce() {
		setup();
		var token = api().token("CASHIER");
		long before = sales();
		var key = key();
		var first = api().send("POST", "/api/orders/create-sale", token, seedBody("1", "100.0", "Card"),
				Map.of("Idempotency-Key", key));
		var again = api().send("POST", "/api/orders/create-sale", token, seedBody("1", "100.0", "Card"),
				Map.of("Idempotency-Key", key));
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("order_id").asString()).isEqualTo(first.json().path("order_id").asString());
		assertThat(sales()).isEqualTo(before + 1);
	}

	@Test
	void deletingAnOrderVoidsItAndTheListsAndReportsSayWhatHappened() {
		setup();
		var manager = api().token("MANAGER");
		var kept = ok(createSale(manager, seedBody("1", "100.0", "Cash"))).json().path("order_id").asString();
		var deleted = ok(createSale(manager, seedBody("1", "100.0", "Card"))).json().path("order_id").asString();
		var before = ok(api().get("/api/reports/today", manager)).json();

		var voided = ok(api().delete("/api/orders/" + deleted + "?reason=wrong%20customer", manager)).json();
		assertThat(voided.path("order").path("status").asString()).isEqualTo("Voided");
		assertThat(count("SELECT count(*) FROM sales WHERE id = '" + deleted + "'")).isEqualTo(1);
		assertThat(api().delete("/api/orders/" + deleted, manager).status()).isEqualTo(409);
		assertThat(api().delete("/api/orders/" + kept, api().token("CASHIER")).status()).isEqualTo(403);

		var list = ok(api().get("/api/orders/orders-only?limit=200", manager)).json().path("orders");
		assertThat(list.path("items").findValuesAsString("id")).contains(kept, deleted);
		assertThat(list.path("count").asInt()).isEqualTo(list.path("items").size());

		var today = ok(api().get("/api/reports/today", manager)).json();
		assertThat(today.path("date").asString()).isEqualTo(LocalDate.now(KOLKATA).toString());
		var orders = today.path("orders");
		assertThat(orders.path("count").asLong())
			.isEqualTo(before.path("orders").path("count").asLong() - 1);
		assertThat(orders.path("total_amount").decimalValue())
			.isEqualByComparingTo(before.path("orders").path("total_amount").decimalValue().subtract(new BigDecimal("100")));
		assertThat(orders.path("payment_breakdown").path("card").path("amount").decimalValue())
			.isEqualByComparingTo(before.path("orders").path("payment_breakdown").path("card").path("amount")
				.decimalValue().subtract(new BigDecimal("100")));
		assertThat(orders.path("items").findValuesAsString("id")).contains(kept).doesNotContain(deleted);
		assertThat(today.path("report").path("voids").path("count").asLong()).isGreaterThanOrEqualTo(1);

		var day = LocalDate.now(KOLKATA).toString();
		var range = ok(api().get("/api/reports/date-range?start_date=" + day + "&end_date=" + day, manager)).json();
		assertThat(range.path("summary").path("total_revenue").decimalValue())
			.isEqualByComparingTo(orders.path("total_amount").decimalValue());
		var dateTimes = ok(api().get("/api/reports/date-range?start_date=" + day + "T00:00:00%2B05:30&end_date=" + day
				+ "T23:59:59%2B05:30", manager)).json();
		assertThat(dateTimes.path("summary").path("total_revenue").decimalValue())
			.isEqualByComparingTo(orders.path("total_amount").decimalValue());
		var ordersOnly = ok(api().get("/api/reports/orders-only", manager)).json().path("orders");
		assertThat(ordersOnly.path("total_amount").decimalValue())
			.isEqualByComparingTo(orders.path("total_amount").decimalValue());
		assertThat(ordersOnly.path("total_count").asLong()).isEqualTo(orders.path("count").asLong());
	}

	/** The seed's curl example (seed 001), byte for byte, with a bearer token added. */
	private static final String SEED_CURL_BODY = """
			{
			    "customer_name": "Test Customer",
			    "customer_phone": "1234567890",
			    "customer_address": "Test Address",
			    "sale_by": "Test User",
			    "items": [{"id": 1, "name": "Test Item", "price": 100.0, "quantity": 1}],
			    "subtotal": 100.0,
			    "discount_amount": 0.0,
			    "is_percentage_discount": true,
			    "total": 100.0
			  }""";

	private TestClient.Response createEstimate(String token, String body) {
		return api().send("POST", "/api/estimates/create", token, body, Map.of());
	}

	@Test
	void theSeedsCurlMakesAnEstimateThatIsReadListedConvertedOnceAndFulfilled() {
		setup();
		var cashier = api().token("CASHIER");
		var created = createEstimate(cashier, SEED_CURL_BODY);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var json = created.json();
		assertThat(json.path("success").asBoolean()).isTrue();
		var id = json.path("estimate_id").asString();
		var number = json.path("estimate_number").asString();
		assertThat(json.path("data").path("total").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(json.path("estimate").path("status").asString()).isEqualTo("Pending");
		assertThat(json.path("estimate").path("customer_name").asString()).isEqualTo("Test Customer");
		assertThat(json.path("estimate").path("items").get(0).path("sku").asString()).isEqualTo("1");

		assertThat(ok(api().get("/api/estimates/" + id, cashier)).json().path("estimate_number").asString())
			.isEqualTo(number);
		assertThat(ok(api().get("/api/estimates/number/" + URLEncoder.encode(number, StandardCharsets.UTF_8), cashier))
			.json().path("id").asString()).isEqualTo(id);
		var pending = ok(api().get("/api/estimates/pending?limit=200", cashier));
		assertThat(pending.json().isArray()).isTrue();
		assertThat(pending.json().findValuesAsString("estimate_id")).contains(id);

		// a second estimate, so that a page of one has a next page
		var other = ok(createEstimate(cashier, SEED_CURL_BODY)).json().path("estimate_id").asString();
		var first = ok(api().get("/api/estimates/all?limit=1", cashier));
		assertThat(first.json()).hasSize(1);
		assertThat(first.json().get(0).path("id").asString()).isEqualTo(other);
		var next = first.header("X-Next-Cursor");
		assertThat(next).isNotBlank();
		var second = ok(api().get("/api/estimates/all?limit=1&cursor=" + next, cashier));
		assertThat(second.json().get(0).path("id").asString()).isEqualTo(id);

		var converted = api().send("POST", "/api/estimates/" + id + "/convert-to-order", cashier, null, Map.of());
		assertThat(converted.status()).as(converted.toString()).isEqualTo(201);
		var orderId = converted.json().path("order_id").asString();
		var again = api().send("POST", "/api/estimates/" + id + "/convert-to-order", cashier, null, Map.of());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body()).contains(orderId);
		assertThat(ok(api().get("/api/estimates/converted?limit=200", cashier)).json().findValuesAsString("id"))
			.contains(id);
		assertThat(ok(api().get("/api/estimates/pending?limit=200", cashier)).json().findValuesAsString("id"))
			.doesNotContain(id);

		var order = ok(api().get("/api/orders/" + orderId, cashier)).json();
		assertThat(order.path("status").asString()).isEqualTo("Pending");
		assertThat(order.path("sale_number").isNull()).isTrue();
		var illegal = api().put("/api/orders/" + orderId + "/status?new_status=Fulfilled", cashier, null);
		assertThat(illegal.status()).as(illegal.toString()).isEqualTo(409);
		assertThat(ok(api().put("/api/orders/" + orderId + "/status?new_status=Confirmed", cashier, null)).json()
			.path("status").asString()).isEqualTo("Confirmed");
		var fulfilled = ok(api().put("/api/orders/" + orderId + "/status", cashier,
				Map.of("new_status", "Fulfilled"))).json();
		assertThat(fulfilled.path("status").asString()).isEqualTo("Fulfilled");
		var saleNumber = fulfilled.path("sale_number").asString();
		var sale = ok(api().get("/api/orders/number/" + URLEncoder.encode(saleNumber, StandardCharsets.UTF_8), cashier))
			.json();
		assertThat(sale.path("total").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(sale.path("payment_mode").asString()).isEqualTo("Cash");
		var onSale = api().put("/api/orders/" + sale.path("id").asString() + "/status?new_status=Cancelled", cashier,
				null);
		assertThat(onSale.status()).isEqualTo(409);
		assertThat(onSale.json().path("code").asString()).isEqualTo("sale_status_fixed");

		var cancelled = ok(api().delete("/api/estimates/" + other, cashier)).json();
		assertThat(cancelled.path("estimate").path("status").asString()).isEqualTo("Cancelled");
		assertThat(api().delete("/api/estimates/" + other, cashier).status()).isEqualTo(409);
		assertThat(count("SELECT count(*) FROM estimates WHERE id = '" + other + "'")).isEqualTo(1);

		var manager = api().token("MANAGER");
		var report = ok(api().get("/api/reports/estimates-only", manager)).json().path("estimates");
		assertThat(report.path("total_count").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(report.path("conversion_breakdown").path("converted").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(report.path("items").findValuesAsString("id")).contains(id, other);
		var today = ok(api().get("/api/reports/today", manager)).json();
		assertThat(today.path("estimates").path("count").asLong()).isEqualTo(report.path("total_count").asLong());
	}

	@Test
	void allAndSeparateListEstimatesAndSalesTogether() {
		setup();
		var cashier = api().token("CASHIER");
		var sale = ok(createSale(cashier, seedBody("1", "100.0", "Cash"))).json().path("order_id").asString();
		var estimate = ok(createEstimate(cashier, SEED_CURL_BODY)).json().path("estimate_id").asString();
		var all = ok(api().get("/api/orders/all?limit=2", cashier)).json();
		assertThat(all.isArray()).isTrue();
		assertThat(all.get(0).path("id").asString()).isEqualTo(estimate);
		assertThat(all.get(0).path("type").asString()).isEqualTo("estimate");
		assertThat(all.get(1).path("id").asString()).isEqualTo(sale);
		assertThat(all.get(1).path("type").asString()).isEqualTo("order");
		var separate = ok(api().get("/api/orders/separate?limit=1", cashier)).json();
		assertThat(separate.path("estimates").path("items").get(0).path("id").asString()).isEqualTo(estimate);
		assertThat(separate.path("orders").path("items").get(0).path("id").asString()).isEqualTo(sale);
		assertThat(separate.path("summary").path("total_transactions").asInt()).isEqualTo(2);
	}

	@Nested
	class BadInput {

		@Test
		void seedSalesWithBadBodiesAreRefusedNamingTheFieldAndWriteNothing() {
			setup();
			var cashier = api().token("CASHIER");
			long before = sales();
			long customers = count("SELECT count(*) FROM customers");
			record Case(String body, int status, String field) {
			}
			var cases = List.of(
					new Case("{}", 400, "items"),
					new Case(seedBody("1", "100.0", "Cash").replace("\"total\": 100.0,", ""), 400, "total"),
					new Case(seedBody("1", "\"lots\"", "Cash"), 400, "total"),
					new Case(seedBody("\"NO-SUCH-SKU\"", "100.0", "Cash"), 422, "items[0].id"),
					new Case(seedBody("\"\"", "100.0", "Cash"), 400, "items[0].id"),
					new Case(seedBody("1", "100.0", "Cash").replace("\"quantity\": 1", "\"quantity\": 0"), 400,
							"items[0].quantity"),
					new Case(seedBody("1", "100.0", "Cash").replace("\"items\": [", "\"items\": [null, "), 400,
							"items[0]"),
					new Case(seedBody("1", "100.0", "Cash").replace("Test Customer", "x".repeat(201)), 400,
							"customer_name"),
					new Case(seedBody("1", "100.0", "Cash").replace("1234567890", "12"), 400, "phone"),
					new Case("not json", 400, null));
			for (var c : cases) {
				var response = createSale(cashier, c.body());
				assertThat(response.status()).as(c.body() + " -> " + response).isEqualTo(c.status());
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
				if (c.field() != null) {
					assertThat(response.errorFields()).as(response.toString()).contains(c.field());
				}
			}
			assertThat(sales()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM customers")).isEqualTo(customers);
		}

		@Test
		void unknownAndMalformedIdsAndNumbers() {
			setup();
			var manager = api().token("MANAGER");
			assertThat(api().get("/api/orders/not-an-id", manager).errorFields()).containsExactly("id");
			assertThat(api().get("/api/orders/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/orders/number/NOPE%2F2627%2F000001", manager).status()).isEqualTo(404);
			assertThat(api().get("/api/orders/number/" + "N".repeat(65), manager).errorFields()).containsExactly("number");
			assertThat(api().delete("/api/orders/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().delete("/api/orders/nope", manager).errorFields()).containsExactly("id");
			assertThat(api().delete("/api/orders/" + UUID.randomUUID() + "?reason=" + "r".repeat(501), manager)
				.errorFields()).containsExactly("reason");
			assertThat(api().get("/api/orders/orders-only?limit=0", manager).errorFields()).containsExactly("limit");
			assertThat(api().get("/api/orders/orders-only?cursor=%25%25", manager).errorFields())
				.containsExactly("cursor");
			assertThat(api().get("/api/reports/date-range?start_date=2026-01-01", manager).errorFields())
				.containsExactly("end_date");
			assertThat(api().get("/api/reports/date-range?start_date=yesterday&end_date=2026-01-01", manager)
				.errorFields()).containsExactly("start_date");
			assertThat(api().get("/api/reports/date-range?start_date=2026-02-01&end_date=2026-01-01", manager)
				.errorFields()).containsExactly("start_date");
			assertThat(api().get("/api/reports/date-range?start_date=2024-01-01&end_date=2026-01-01", manager)
				.errorFields()).containsExactly("end_date");
		}

		@Test
		void badEstimatesAreRefusedAndWriteNothing() {
			setup();
			var cashier = api().token("CASHIER");
			long before = count("SELECT count(*) FROM estimates");
			var missing = createEstimate(cashier, "{\"total\": 1}");
			assertThat(missing.status()).isEqualTo(400);
			assertThat(missing.errorFields()).contains("items");
			var unknown = createEstimate(cashier, SEED_CURL_BODY.replace("\"id\": 1", "\"id\": 999999"));
			assertThat(unknown.status()).isEqualTo(422);
			assertThat(unknown.errorFields()).containsExactly("items[0].id");
			var wrongTotal = createEstimate(cashier, SEED_CURL_BODY.replace("\"total\": 100.0", "\"total\": 118.0"));
			assertThat(wrongTotal.status()).isEqualTo(422);
			assertThat(wrongTotal.errorFields()).containsExactly("total");
			assertThat(count("SELECT count(*) FROM estimates")).isEqualTo(before);
			assertThat(api().get("/api/estimates/nope", cashier).errorFields()).containsExactly("id");
			assertThat(api().get("/api/estimates/" + UUID.randomUUID(), cashier).status()).isEqualTo(404);
			assertThat(api().delete("/api/estimates/" + UUID.randomUUID(), cashier).status()).isEqualTo(404);
			assertThat(api().post("/api/estimates/" + UUID.randomUUID() + "/convert-to-order", cashier, null).status())
				.isEqualTo(404);
			assertThat(api().get("/api/estimates/number/E%2F1", cashier).status()).isEqualTo(404);
			assertThat(api().get("/api/estimates/all?limit=500", cashier).errorFields()).containsExactly("limit");
			assertThat(api().get("/api/orders/all?cursor=%25", cashier).errorFields()).containsExactly("cursor");
			assertThat(api().put("/api/orders/" + UUID.randomUUID() + "/status", cashier, null).errorFields())
				.containsExactly("new_status");
			assertThat(api().put("/api/orders/" + UUID.randomUUID() + "/status?new_status=Shipped", cashier, null)
				.errorFields()).containsExactly("new_status");
			assertThat(api().put("/api/orders/" + UUID.randomUUID() + "/status?new_status=Confirmed", cashier, null)
				.status()).isEqualTo(404);
			assertThat(api().put("/api/orders/nope/status?new_status=Confirmed", cashier, null).errorFields())
				.containsExactly("id");
		}

		@Test
		void wrongRolesAreRefused() {
			setup();
			for (var role : List.of("EMPLOYEE", "DRIVER")) {
				var token = api().token(role);
				assertThat(createSale(token, seedBody("1", "100.0", "Cash")).status()).isEqualTo(403);
				assertThat(api().get("/api/orders/orders-only", token).status()).isEqualTo(403);
				assertThat(api().get("/api/orders/" + UUID.randomUUID(), token).status()).isEqualTo(403);
				assertThat(api().get("/api/reports/today", token).status()).isEqualTo(403);
				assertThat(api().get("/api/reports/estimates-only", token).status()).isEqualTo(403);
				assertThat(api().get("/api/orders/all", token).status()).isEqualTo(403);
				assertThat(api().put("/api/orders/" + UUID.randomUUID() + "/status?new_status=Confirmed", token, null)
					.status()).isEqualTo(403);
			}
			var driver = api().token("DRIVER");
			assertThat(createEstimate(driver, SEED_CURL_BODY).status()).isEqualTo(403);
			assertThat(api().get("/api/estimates/all", driver).status()).isEqualTo(403);
			assertThat(api().delete("/api/estimates/" + UUID.randomUUID(), driver).status()).isEqualTo(403);
			assertThat(createEstimate(null, SEED_CURL_BODY).status()).isEqualTo(401);
			var cashier = api().token("CASHIER");
			assertThat(api().get("/api/reports/today", cashier).status()).isEqualTo(403);
			assertThat(api().get("/api/reports/orders-only", cashier).status()).isEqualTo(403);
			assertThat(api().delete("/api/orders/" + UUID.randomUUID(), cashier).status()).isEqualTo(403);
			assertThat(createSale(null, seedBody("1", "100.0", "Cash")).status()).isEqualTo(401);
		}

		@Test
		void aUserOfAnotherLocationCannotUseTheSeedsShop() {
			setup();
			var elsewhere = id(api().post("/api/v1/locations", api().adminToken(), Map.of("code", "ELSE", "name",
					"Elsewhere", "type", "STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
			try {
				// two active locations and no setting: the seed's API cannot tell which shop it is
				var ambiguous = api().get("/api/reports/today", api().token("MANAGER"));
				assertThat(ambiguous.status()).isEqualTo(409);
				assertThat(ambiguous.json().path("code").asString()).isEqualTo("compat_location_not_set");
			}
			finally {
				ok(api().post("/api/v1/locations/" + elsewhere + "/deactivate", api().adminToken(), null));
			}
			var limited = api().tokenForNewUser("limited-" + UUID.randomUUID().toString().substring(0, 8),
					List.of("MANAGER"), List.of(elsewhere));
			assertThat(api().get("/api/reports/today", limited).status()).isEqualTo(403);
			assertThat(createSale(limited, seedBody("1", "100.0", "Cash")).status()).isEqualTo(403);
		}
	}
}

package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** What the order and estimate tests set up: an organization in India, its year, stores, products, stock. */
abstract class Selling extends IntegrationTestSupport {

	private static final AtomicInteger CODES = new AtomicInteger();

	private static final Map<Integer, Fixture> FIXTURES = new ConcurrentHashMap<>();

	/** A store in Karnataka (29) and a GST class of 5%. */
	record Fixture(String location, String gst5) {
	}

	Fixture fixture() {
		return FIXTURES.computeIfAbsent(port, p -> {
			var admin = api().adminToken();
			ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Kassa Test Traders", "country", "IN",
					"currency", "INR", "time_zone", "Asia/Kolkata")));
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			ok(api().post("/api/v1/organization/financial-years", admin,
					Map.of("starts_on", LocalDate.of(startYear, 4, 1).toString(), "ends_on",
							LocalDate.of(startYear + 1, 3, 31).toString()), key()));
			var gst5 = id(api().post("/api/v1/tax-classes", admin,
					Map.of("code", "GST5", "name", "GST 5%", "kind", "GST", "rate", 5), key()));
			return new Fixture(location(), gst5);
		});
	}

	String location() {
		var code = "O" + CODES.incrementAndGet();
		return id(api().post("/api/v1/locations", api().adminToken(), Map.of("code", code, "name", "Store " + code,
				"type", "STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
	}

	/** A stock-tracked product at the price, tax excluded, 5% GST, never below zero. */
	String product(String price) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", "SKU-" + UUID.randomUUID());
		body.put("name", "Product " + price);
		body.put("unit", "PIECE");
		body.put("price", new BigDecimal(price));
		body.put("price_includes_tax", false);
		body.put("tax_class_id", fixture().gst5());
		body.put("track_stock", true);
		body.put("allow_negative_stock", false);
		var id = id(api().post("/api/v1/products", api().adminToken(), body, key()));
		PRODUCTS.put(id, body);
		return id;
	}

	private static final Map<String, Map<String, Object>> PRODUCTS = new ConcurrentHashMap<>();

	/** Turns stock tracking of the product on or off in the catalog. */
	void setTracked(String product, boolean tracked) {
		var body = new LinkedHashMap<>(PRODUCTS.get(product));
		body.put("track_stock", tracked);
		ok(api().put("/api/v1/products/" + product, api().adminToken(), body));
	}

	/** Changes the product's catalog price. */
	void changePrice(String product, String price) {
		var body = new LinkedHashMap<>(PRODUCTS.get(product));
		body.put("price", new BigDecimal(price));
		ok(api().put("/api/v1/products/" + product, api().adminToken(), body));
	}

	void receive(String location, String product, String quantity) {
		ok(api().post("/api/v1/stock/receipts", api().adminToken(),
				Map.of("location_id", location, "lines", List.of(Map.of("product_id", product, "quantity", quantity))),
				key()));
	}

	/** On hand and reserved, as GET /api/v1/stock/{location}/{product} answers them. */
	record Level(BigDecimal onHand, BigDecimal reserved, BigDecimal available) {
	}

	Level level(String location, String product) {
		var json = ok(api().get("/api/v1/stock/" + location + "/" + product, api().token("MANAGER"))).json();
		return new Level(json.path("on_hand").decimalValue(), json.path("reserved").decimalValue(),
				json.path("available").decimalValue());
	}

	static Map<String, Object> line(String product, String quantity) {
		return new LinkedHashMap<>(Map.of("product_id", product, "quantity", new BigDecimal(quantity)));
	}

	static Map<String, Object> cash(String amount) {
		return new LinkedHashMap<>(Map.of("method", "CASH", "amount", new BigDecimal(amount)));
	}

	static Map<String, Object> body(String location, List<Map<String, Object>> lines) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("lines", lines);
		return body;
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

	long events(String type) {
		return count("SELECT count(*) FROM events WHERE type = '" + type + "'");
	}
}

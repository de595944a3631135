package dev.kassa.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

class StockIntegrationTests extends IntegrationTestSupport {

	private Fixtures fixtures;

	private String store;

	private String warehouse;

	private String soap;

	@BeforeEach
	void setUp() {
		fixtures = new Fixtures(api());
		fixtures.organization();
		var suffix = Long.toString(System.nanoTime() % 100000, 36).toUpperCase();
		store = fixtures.location("S" + suffix, "29");
		warehouse = fixtures.location("W" + suffix, "29");
		soap = fixtures.product("SOAP-" + suffix, "40.00", Fixtures.GST_18);
	}

	private String manager() {
		return api().token("MANAGER");
	}

	private void receive(String location, String product, String quantity) {
		var response = api().post("/api/v1/stock/receipts", manager(),
				Map.of("location_id", location, "lines", List.of(Map.of("product_id", product, "quantity", quantity))),
				UUID.randomUUID().toString());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	private String onHand(String location, String product) {
		return api().get("/api/v1/stock/" + location + "/" + product, manager()).json().path("on_hand").asString();
	}

	private long movements() {
		return count("SELECT count(*) FROM stock_movements");
	}

	@Test
	void receiptsAdjustmentsAndTransfersMoveStockThroughTheLedger() {
		receive(store, soap, "10");
		assertThat(onHand(store, soap)).isEqualTo("10.000");

		var adjusted = api().post("/api/v1/stock/adjustments", manager(),
				Map.of("location_id", store, "product_id", soap, "quantity_change", -2, "reason", "broken"), java.util.UUID.randomUUID().toString());
		assertThat(adjusted.status()).isEqualTo(200);
		assertThat(adjusted.json().path("on_hand").asString()).isEqualTo("8.000");

		var counted = api().post("/api/v1/stock/adjustments", manager(),
				Map.of("location_id", store, "product_id", soap, "counted_quantity", 7, "reason", "stock take"), java.util.UUID.randomUUID().toString());
		assertThat(counted.json().path("on_hand").asString()).isEqualTo("7.000");

		var transfer = api().post("/api/v1/stock/transfers", manager(), Map.of("from_location_id", store,
				"to_location_id", warehouse, "lines", List.of(Map.of("product_id", soap, "quantity", 3))),
				UUID.randomUUID().toString());
		assertThat(transfer.status()).isEqualTo(201);
		assertThat(onHand(store, soap)).isEqualTo("4.000");
		assertThat(onHand(warehouse, soap)).isEqualTo("3.000");

		var ledger = api().get("/api/v1/stock/" + store + "/" + soap + "/movements", manager());
		assertThat(ledger.json().path("items")).extracting(item -> item.path("kind").asString())
			.containsExactly("TRANSFER_OUT", "ADJUSTMENT", "ADJUSTMENT", "RECEIPT");
		assertThat(count("SELECT count(*) FROM events WHERE type IN ('stock.received','stock.adjusted','stock.transferred')"))
			.isGreaterThanOrEqualTo(4);
		assertThat(jdbc.sql("""
				SELECT count(*) FROM stock_levels l WHERE l.on_hand <> (SELECT coalesce(sum(quantity), 0) FROM stock_movements m
				WHERE m.location_id = l.location_id AND m.product_id = l.product_id)""").query(Long.class).single())
			.as("every level equals the sum of its movements")
			.isZero();
	}

	@Test
	void aRepeatedReceiptWithTheSameKeyCountsOnce() {
		var body = Map.of("location_id", store, "lines", List.of(Map.of("product_id", soap, "quantity", 5)));
		var first = api().post("/api/v1/stock/receipts", manager(), body, "receipt-once-" + store);
		var again = api().post("/api/v1/stock/receipts", manager(), body, "receipt-once-" + store);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
		assertThat(onHand(store, soap)).isEqualTo("5.000");
	}

	@Test
	void lowStockIsListedAgainstItsThreshold() {
		receive(store, soap, "3");
		assertThat(api().put("/api/v1/stock/" + store + "/" + soap + "/threshold", manager(),
				Map.of("low_stock_threshold", 5)).status()).isEqualTo(200);
		var low = api().get("/api/v1/stock?low=true&location_id=" + store, api().token("CASHIER"));
		assertThat(low.json().path("items")).hasSize(1);
		assertThat(low.json().path("items").get(0).path("low").asBoolean()).isTrue();
	}

	@Test
	void locationsAndProductsWithStockHistoryAreKept() {
		receive(warehouse, soap, "1");
		var deleteLocation = api().delete("/api/v1/locations/" + warehouse, api().adminToken());
		assertThat(deleteLocation.status()).isEqualTo(409);
		assertThat(deleteLocation.json().path("detail").asString()).contains("stock movements");
		var deleteProduct = api().delete("/api/v1/products/" + soap, api().adminToken());
		assertThat(deleteProduct.status()).isEqualTo(200);
		assertThat(deleteProduct.json().path("active").asBoolean()).isFalse();
	}

	@Nested
	class BadInput {

		@Test
		void anAdjustmentBelowZeroIsRefusedNamingWhatIsAvailable() {
			receive(store, soap, "2");
			long before = movements();
			var response = api().post("/api/v1/stock/adjustments", manager(),
					Map.of("location_id", store, "product_id", soap, "quantity_change", -5, "reason", "lost"), java.util.UUID.randomUUID().toString());
			assertThat(response.status()).isEqualTo(409);
			assertThat(response.json().path("code").asString()).isEqualTo("insufficient_stock");
			assertThat(response.json().path("shortages").get(0).path("available").asString()).isEqualTo("2.000");
			assertThat(movements()).isEqualTo(before);
		}

		@Test
		void missingWrongAndUnknownFieldsAreNamed() {
			long before = movements();
			var missing = api().post("/api/v1/stock/adjustments", manager(), Map.of("location_id", store), java.util.UUID.randomUUID().toString());
			assertThat(missing.status()).isEqualTo(400);
			assertThat(missing.errorFields()).contains("product_id", "reason");
			var both = api().post("/api/v1/stock/adjustments", manager(), Map.of("location_id", store, "product_id",
					soap, "quantity_change", 1, "counted_quantity", 2, "reason", "x"), java.util.UUID.randomUUID().toString());
			assertThat(both.status()).isEqualTo(400);
			var wrongType = api().post("/api/v1/stock/receipts", manager(),
					Map.of("location_id", store, "lines", List.of(Map.of("product_id", soap, "quantity", "many"))),
					UUID.randomUUID().toString());
			assertThat(wrongType.errorFields()).containsExactly("lines[0].quantity");
			var negative = api().post("/api/v1/stock/receipts", manager(),
					Map.of("location_id", store, "lines", List.of(Map.of("product_id", soap, "quantity", -1))),
					UUID.randomUUID().toString());
			assertThat(negative.errorFields()).containsExactly("lines[0].quantity");
			var fractional = api().post("/api/v1/stock/receipts", manager(),
					Map.of("location_id", store, "lines", List.of(Map.of("product_id", soap, "quantity", 1.5))),
					UUID.randomUUID().toString());
			assertThat(fractional.errorFields()).containsExactly("lines[0].quantity");
			var unknownProduct = api().post("/api/v1/stock/receipts", manager(), Map.of("location_id", store, "lines",
					List.of(Map.of("product_id", UUID.randomUUID().toString(), "quantity", 1))),
					UUID.randomUUID().toString());
			assertThat(unknownProduct.errorFields()).containsExactly("lines[0].product_id");
			var unknownLocation = api().post("/api/v1/stock/receipts", manager(), Map.of("location_id",
					UUID.randomUUID().toString(), "lines", List.of(Map.of("product_id", soap, "quantity", 1))),
					UUID.randomUUID().toString());
			assertThat(unknownLocation.status()).isEqualTo(404);
			var noKey = api().post("/api/v1/stock/receipts", manager(),
					Map.of("location_id", store, "lines", List.of(Map.of("product_id", soap, "quantity", 1))));
			assertThat(noKey.errorFields()).containsExactly("Idempotency-Key");
			var sameLocation = api().post("/api/v1/stock/transfers", manager(), Map.of("from_location_id", store,
					"to_location_id", store, "lines", List.of(Map.of("product_id", soap, "quantity", 1))),
					UUID.randomUUID().toString());
			assertThat(sameLocation.errorFields()).containsExactly("to_location_id");
			var tooLong = api().post("/api/v1/stock/adjustments", manager(), Map.of("location_id", store,
					"product_id", soap, "quantity_change", 1, "reason", "x".repeat(501)), java.util.UUID.randomUUID().toString());
			assertThat(tooLong.errorFields()).containsExactly("reason");
			assertThat(movements()).isEqualTo(before);
		}

		@Test
		void cashiersReadButDoNotChangeStock() {
			long before = movements();
			var response = api().post("/api/v1/stock/adjustments", api().token("CASHIER"),
					Map.of("location_id", store, "product_id", soap, "quantity_change", 5, "reason", "gift"), java.util.UUID.randomUUID().toString());
			assertThat(response.status()).isEqualTo(403);
			assertThat(api().get("/api/v1/stock?location_id=" + store, api().token("CASHIER")).status()).isEqualTo(200);
			assertThat(movements()).isEqualTo(before);
		}

		@Test
		void aUserLimitedToOneStoreSeesOnlyIt() {
			receive(store, soap, "1");
			receive(warehouse, soap, "1");
			var limited = api().tokenForNewUser("limited-" + System.nanoTime(), List.of("MANAGER"), List.of(store));
			var all = api().get("/api/v1/stock?product_id=" + soap, limited);
			assertThat(all.json().path("items")).extracting(item -> item.path("location_id").asString())
				.containsExactly(store);
			assertThat(all.json().path("items")).extracting(item -> item.path("product_id").asString())
				.containsOnly(soap);
			// the filters are snake_case like every other one (they were camelCase, and these went unread)
			assertThat(api().get("/api/v1/stock?location_id=" + warehouse, limited).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/stock/" + warehouse + "/" + soap, limited).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/stock/adjustments", limited, Map.of("location_id", warehouse, "product_id",
					soap, "quantity_change", 1, "reason", "x"), java.util.UUID.randomUUID().toString()).status()).isEqualTo(403);
		}
	}
}

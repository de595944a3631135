package dev.kassa.catalog;

import static dev.kassa.support.Concurrently.concurrently;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;

/**
 * Optimistic concurrency on a product: GET answers an ETag, PUT with If-Match lands only on the version it names.
 * Two managers editing from the same read: one change lands, the other gets 412 and writes nothing.
 */
class ProductIfMatchIntegrationTests extends IntegrationTestSupport {

	private Map<String, Object> body(String sku, String name, String price) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", sku);
		body.put("name", name);
		body.put("unit", "PIECE");
		body.put("price", price);
		body.put("price_includes_tax", true);
		body.put("tax_class_id", CatalogIntegrationTests.GST_18);
		return body;
	}

	private String created(String sku) {
		return ok(api().post("/api/v1/products", api().adminToken(), body(sku, "Masala tea", "100.00"), key())).json()
			.path("id")
			.asString();
	}

	private long events(String id) {
		return count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "'");
	}

	@Test
	void aChangeFromAStaleReadIsRefusedWith412AndWritesNothing() {
		var sku = "IFM-" + UUID.randomUUID().toString().substring(0, 8);
		var id = created(sku);
		var manager = api().token("MANAGER");
		var read = ok(api().get("/api/v1/products/" + id, manager));
		var tag = read.header("ETag");
		assertThat(tag).matches("\"[0-9a-z]+\"");

		// someone else changes it meanwhile: a new version, a new tag
		var first = ok(api().send("PUT", "/api/v1/products/" + id, manager, body(sku, "Masala tea", "110.00"),
				Map.of("If-Match", tag)));
		var newTag = first.header("ETag");
		assertThat(newTag).isNotEqualTo(tag);
		assertThat(ok(api().get("/api/v1/products/" + id, manager)).header("ETag")).isEqualTo(newTag);

		// the change made on the old read is refused and leaves the product and its history as they were
		long before = events(id);
		var stale = api().send("PUT", "/api/v1/products/" + id, manager, body(sku, "Masala chai", "90.00"),
				Map.of("If-Match", tag));
		assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
		assertThat(stale.json().path("code").asString()).isEqualTo("precondition_failed");
		assertThat(stale.json().path("detail").asString()).contains(newTag);
		var now = ok(api().get("/api/v1/products/" + id, manager)).json();
		assertThat(now.path("name").asString()).isEqualTo("Masala tea");
		assertThat(now.path("price").decimalValue()).isEqualByComparingTo("110.00");
		assertThat(events(id)).isEqualTo(before);
		assertThat(count("SELECT count(*) FROM product_prices WHERE product_id = '" + id + "'")).isEqualTo(2);

		// a list of tags matches any of them, * matches any version, no If-Match keeps the old behaviour
		ok(api().send("PUT", "/api/v1/products/" + id, manager, body(sku, "Masala tea", "111.00"),
				Map.of("If-Match", tag + ", " + newTag)));
		ok(api().send("PUT", "/api/v1/products/" + id, manager, body(sku, "Masala tea", "112.00"),
				Map.of("If-Match", "*")));
		ok(api().put("/api/v1/products/" + id, manager, body(sku, "Masala tea", "113.00")));
		// a weak tag never matches, and neither does an oversized header
		assertThat(api().send("PUT", "/api/v1/products/" + id, manager, body(sku, "Masala tea", "1.00"),
				Map.of("If-Match", "W/" + ok(api().get("/api/v1/products/" + id, manager)).header("ETag")))
			.status()).isEqualTo(412);
		assertThat(api().send("PUT", "/api/v1/products/" + id, manager, body(sku, "Masala tea", "1.00"),
				Map.of("If-Match", "\"" + "a".repeat(300) + "\""))
			.status()).isEqualTo(400);
		assertThat(ok(api().get("/api/v1/products/" + id, manager)).json().path("price").decimalValue())
			.isEqualByComparingTo("113.00");
	}

	@Test
	void ofEightEditsFromTheSameReadExactlyOneLands() throws Exception {
		var sku = "IFM-" + UUID.randomUUID().toString().substring(0, 8);
		var id = created(sku);
		var manager = api().token("MANAGER");
		var tag = ok(api().get("/api/v1/products/" + id, manager)).header("ETag");
		var statuses = concurrently(8, i -> api().send("PUT", "/api/v1/products/" + id, manager,
				body(sku, "Masala tea", (120 + i) + ".00"), Map.of("If-Match", tag)).status());
		assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 412).hasSize(7);
		assertThat(count("SELECT count(*) FROM product_prices WHERE product_id = '" + id + "'")).isEqualTo(2);
	}
}

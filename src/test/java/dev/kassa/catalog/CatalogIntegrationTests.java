package dev.kassa.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

@Import(SoldProducts.class)
class CatalogIntegrationTests extends IntegrationTestSupport {

	static final String GST_18 = "0190a000-0000-7000-8000-000000001800";

	static final String GST_5 = "0190a000-0000-7000-8000-000000000500";

	@Autowired
	Catalog catalog;

	private String admin() {
		return api().adminToken();
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private Map<String, Object> product(String sku, String name, Object... extra) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", sku);
		body.put("name", name);
		body.put("unit", "PIECE");
		body.put("price", 100.50);
		body.put("price_includes_tax", true);
		body.put("tax_class_id", GST_18);
		for (int i = 0; i < extra.length; i += 2) {
			body.put((String) extra[i], extra[i + 1]);
		}
		return body;
	}

	private TestClient.Response create(Map<String, Object> body) {
		return api().post("/api/v1/products", admin(), body, key());
	}

	private String category(String name, String parentId) {
		var body = new LinkedHashMap<String, Object>();
		body.put("name", name);
		body.put("parent_id", parentId);
		var response = api().post("/api/v1/categories", admin(), body, key());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asString();
	}

	private long products() {
		return count("SELECT count(*) FROM products");
	}

	private long events(String type) {
		return count("SELECT count(*) FROM events WHERE type = '" + type + "'");
	}

	@Test
	void standardGstClassesAreThere() {
		var list = api().get("/api/v1/tax-classes?limit=200", api().token("CASHIER"));
		assertThat(list.status()).isEqualTo(200);
		var rates = new ArrayList<String>();
		list.json().path("items").forEach(t -> rates.add(t.path("rate").asString()));
		assertThat(rates).contains("0", "0.25", "3", "5", "12", "18", "28");
	}

	@Test
	void aProductIsFoundByBarcodeAndSkuWithItsTaxRate() {
		var created = create(product("Tea-500", "Assam Tea 500 g", "barcodes", List.of("8901234567890", "TEA500"),
				"hsn_code", "0902", "category_id", category("Beverages", null)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var id = created.json().path("id").asString();
		assertThat(events("product.created")).isGreaterThanOrEqualTo(1);

		var scanned = api().get("/api/v1/products/by-barcode/8901234567890", api().token("CASHIER"));
		assertThat(scanned.status()).isEqualTo(200);
		assertThat(scanned.json().path("id").asString()).isEqualTo(id);
		assertThat(scanned.json().path("tax_rate").asString()).isEqualTo("18");
		assertThat(scanned.json().path("price").decimalValue()).isEqualByComparingTo("100.50");
		assertThat(scanned.json().path("barcodes").size()).isEqualTo(2);

		var bySku = api().get("/api/v1/products/by-sku/TEA-500", api().token("DRIVER"));
		assertThat(bySku.status()).isEqualTo(200);
		assertThat(bySku.json().path("id").asString()).isEqualTo(id);
		assertThat(api().get("/api/v1/products/by-barcode/nope", admin()).status()).isEqualTo(404);
	}

	@Test
	void salesGetsProductsByIdInOneCallWithRatesResolved() {
		var tea = UUID.fromString(create(product("BULK-1", "Bulk tea", "tax_class_id", GST_5)).json().path("id").asString());
		var sugar = UUID.fromString(create(product("BULK-2", "Sugar", "unit", "KG")).json().path("id").asString());
		var found = catalog.products(List.of(tea, sugar, UUID.randomUUID()));
		assertThat(found).containsOnlyKeys(tea, sugar);
		assertThat(found.get(tea).taxRate()).isEqualByComparingTo("5");
		assertThat(found.get(sugar).unit().scale()).isEqualTo(3);
		assertThat(found.get(sugar).price()).isEqualByComparingTo("100.50");
		assertThat(catalog.products(List.of())).isEmpty();
		// past the few looked up one parameter each: the same answer through the array
		var many = new java.util.ArrayList<UUID>(List.of(tea, sugar));
		for (int i = 0; i < 40; i++) {
			many.add(UUID.randomUUID());
		}
		var manyFound = catalog.products(many);
		assertThat(manyFound).containsOnlyKeys(tea, sugar);
		assertThat(manyFound.get(tea).taxRate()).isEqualByComparingTo("5");
	}

	@Test
	void searchIgnoresCaseAndAccentsAndFollowsSubcategories() {
		var dairy = category("Dairy", null);
		var cheese = category("Cheese", dairy);
		assertThat(create(product("CB-1", "Crème Brûlée", "category_id", dairy)).status()).isEqualTo(201);
		assertThat(create(product("BR-1", "Brie de Meaux", "category_id", cheese)).status()).isEqualTo(201);
		assertThat(create(product("CR-2", "Sour cream", "category_id", null)).status()).isEqualTo(201);

		var contains = api().get("/api/v1/products?q=CREME", admin());
		assertThat(names(contains)).contains("Crème Brûlée").doesNotContain("Brie de Meaux");
		var prefix = api().get("/api/v1/products?q=cre&match=prefix", admin());
		assertThat(names(prefix)).contains("Crème Brûlée").doesNotContain("Sour cream");
		var containsCre = api().get("/api/v1/products?q=cre", admin());
		assertThat(names(containsCre)).contains("Crème Brûlée", "Sour cream");
		var wildcard = api().get("/api/v1/products?q=%25", admin());
		assertThat(names(wildcard)).isEmpty();

		var inDairy = api().get("/api/v1/products?category_id=" + dairy, admin());
		assertThat(names(inDairy)).containsExactlyInAnyOrder("Crème Brûlée", "Brie de Meaux");
		var inCheese = api().get("/api/v1/products?category_id=" + cheese, admin());
		assertThat(names(inCheese)).containsExactly("Brie de Meaux");
	}

	@Test
	void listsArePagedByCursor() {
		var category = category("Paged", null);
		for (int i = 0; i < 5; i++) {
			assertThat(create(product("PAGE-" + i, "Paged " + i, "category_id", category)).status()).isEqualTo(201);
		}
		var seen = new ArrayList<String>();
		String cursor = null;
		do {
			var page = api().get("/api/v1/products?limit=2&category_id=" + category
					+ (cursor == null ? "" : "&cursor=" + cursor), admin());
			assertThat(page.status()).isEqualTo(200);
			seen.addAll(names(page));
			cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asString();
		}
		while (cursor != null);
		assertThat(seen).containsExactly("Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4");
	}

	private static List<String> names(TestClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		var names = new ArrayList<String>();
		response.json().path("items").forEach(p -> names.add(p.path("name").asString()));
		return names;
	}

	@Test
	void aPriceChangeIsKeptInTheHistory() {
		var id = create(product("RICE-1", "Basmati rice", "unit", "KG")).json().path("id").asString();
		long before = events("product.price_changed");
		var changed = api().put("/api/v1/products/" + id, admin(),
				product("RICE-1", "Basmati rice", "unit", "KG", "price", 120));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(events("product.price_changed")).isEqualTo(before + 1);
		var renamed = api().put("/api/v1/products/" + id, admin(),
				product("RICE-1", "Basmati rice, aged", "unit", "KG", "price", 120));
		assertThat(renamed.status()).isEqualTo(200);
		var history = api().get("/api/v1/products/" + id + "/price-history", api().token("MANAGER"));
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.json().path("items").size()).isEqualTo(2);
		assertThat(history.json().path("items").get(1).path("price").decimalValue()).isEqualByComparingTo("120");
		assertThat(api().get("/api/v1/products/" + UUID.randomUUID() + "/price-history", admin()).status())
			.isEqualTo(404);
	}

	@Test
	void barcodesAreReplacedOnUpdate() {
		var id = create(product("SOAP-1", "Soap", "barcodes", List.of("S1", "S2"))).json().path("id").asString();
		var updated = api().put("/api/v1/products/" + id, admin(), product("SOAP-1", "Soap", "barcodes", List.of("S2", "S3")));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(api().get("/api/v1/products/by-barcode/S1", admin()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/products/by-barcode/S3", admin()).json().path("id").asString()).isEqualTo(id);
	}

	@Test
	void deletingAnUnsoldProductRemovesItAndASoldOneIsDeactivated() {
		var unsold = create(product("DEL-1", "Unsold", "barcodes", List.of("DEL1"))).json().path("id").asString();
		var deleted = api().delete("/api/v1/products/" + unsold, admin());
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(count("SELECT count(*) FROM products WHERE id = '" + unsold + "'")).isZero();
		assertThat(count("SELECT count(*) FROM product_barcodes WHERE code = 'DEL1'")).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'product.deleted' AND aggregate_id = '" + unsold + "'"))
			.isEqualTo(1);

		var sold = create(product("DEL-2", "Sold")).json().path("id").asString();
		SoldProducts.SOLD.add(UUID.fromString(sold));
		var kept = api().delete("/api/v1/products/" + sold, admin());
		assertThat(kept.status()).isEqualTo(200);
		assertThat(kept.json().path("active").asBoolean()).isFalse();
		assertThat(count("SELECT count(*) FROM products WHERE id = '" + sold + "' AND NOT active")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'product.deactivated' AND aggregate_id = '" + sold + "'"))
			.isEqualTo(1);
		assertThat(api().get("/api/v1/products?active=false", admin()).body()).contains(sold);
	}

	@Test
	void aRepeatedCreateWithTheSameKeyTakesEffectOnce() {
		var body = product("IDEM-1", "Once");
		var first = api().post("/api/v1/products", admin(), body, "same-key-1");
		var second = api().post("/api/v1/products", admin(), body, "same-key-1");
		assertThat(first.status()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(count("SELECT count(*) FROM products WHERE sku = 'IDEM-1'")).isEqualTo(1);
	}

	@Test
	void concurrentCreatesOfOneSkuMakeOneProduct() throws Exception {
		var token = admin();
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = new ArrayList<Future<Integer>>();
			for (int i = 0; i < 8; i++) {
				int n = i;
				futures.add(pool.submit(() -> api().post("/api/v1/products", token,
						product("RACE-1", "Race " + n, "barcodes", List.of("RACE-" + n)), key()).status()));
			}
			var statuses = new ArrayList<Integer>();
			for (var future : futures) {
				statuses.add(future.get());
			}
			assertThat(statuses).containsOnly(201, 409);
			assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
		}
		assertThat(count("SELECT count(*) FROM products WHERE lower(sku) = 'race-1'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM product_barcodes WHERE code LIKE 'RACE-%'")).isEqualTo(1);
	}

	@Test
	void categoriesFormATreeWithoutCycles() {
		var top = category("Top", null);
		var child = category("Child", top);
		var moved = api().put("/api/v1/categories/" + top, admin(), Map.of("name", "Top", "parent_id", child));
		assertThat(moved.status()).isEqualTo(422);
		assertThat(moved.errorFields()).containsExactly("parent_id");
		var duplicate = api().post("/api/v1/categories", admin(), Map.of("name", "child", "parent_id", top), key());
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.errorFields()).containsExactly("name");
		assertThat(api().delete("/api/v1/categories/" + top, admin()).status()).isEqualTo(409);
		assertThat(api().delete("/api/v1/categories/" + child, admin()).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/categories/" + child, admin()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/categories?parent_id=" + top, admin()).json().path("items").size()).isZero();
	}

	@Test
	void taxClassesTakeGstSlabsOrPlainRates() {
		var cess = api().post("/api/v1/tax-classes", admin(),
				Map.of("code", "GST_28_CESS_12", "name", "GST 28% + 12% cess", "kind", "GST", "rate", 28, "cess_rate", 12),
				key());
		assertThat(cess.status()).as(cess.toString()).isEqualTo(201);
		assertThat(cess.json().path("cess_rate").asString()).isEqualTo("12");
		var vat = api().post("/api/v1/tax-classes", admin(),
				Map.of("code", "VAT_20", "name", "VAT 20%", "kind", "PLAIN", "rate", 20), key());
		assertThat(vat.status()).isEqualTo(201);
		assertThat(vat.json().path("rate").asString()).isEqualTo("20");
		long before = count("SELECT count(*) FROM tax_classes");
		var notASlab = api().post("/api/v1/tax-classes", admin(),
				Map.of("code", "GST_7", "name", "GST 7%", "kind", "GST", "rate", 7), key());
		assertThat(notASlab.status()).isEqualTo(400);
		assertThat(notASlab.errorFields()).containsExactly("rate");
		var taken = api().post("/api/v1/tax-classes", admin(),
				Map.of("code", "GST_18", "name", "again", "kind", "GST", "rate", 18), key());
		assertThat(taken.status()).isEqualTo(409);
		assertThat(taken.errorFields()).containsExactly("code");
		var cashier = api().post("/api/v1/tax-classes", api().token("CASHIER"),
				Map.of("code", "X", "name", "x", "kind", "PLAIN", "rate", 1), key());
		assertThat(cashier.status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM tax_classes")).isEqualTo(before);
		var changed = api().put("/api/v1/tax-classes/" + vat.json().path("id").asString(), admin(),
				Map.of("code", "VAT_20", "name", "VAT 21%", "kind", "PLAIN", "rate", 21));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().path("rate").asString()).isEqualTo("21");
	}

	@Nested
	class BadInput {

		private void refused(TestClient.Response response, int status, String field) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.errorFields()).contains(field);
		}

		@Test
		void duplicateSkuOrBarcodeIsA409NamingTheField() {
			assertThat(create(product("DUP-1", "First", "barcodes", List.of("DUPCODE"))).status()).isEqualTo(201);
			long before = products();
			refused(create(product("dup-1", "Second")), 409, "sku");
			refused(create(product("DUP-2", "Second", "barcodes", List.of("DUPCODE"))), 409, "barcodes");
			refused(create(product("DUP-3", "Second", "barcodes", List.of("A1", "A1"))), 400, "barcodes[1]");
			assertThat(products()).isEqualTo(before);
			var other = create(product("DUP-4", "Other")).json().path("id").asString();
			refused(api().put("/api/v1/products/" + other, admin(), product("DUP-1", "Other")), 409, "sku");
			refused(api().put("/api/v1/products/" + other, admin(), product("DUP-4", "Other", "barcodes", List.of("DUPCODE"))),
					409, "barcodes");
			assertThat(count("SELECT count(*) FROM product_barcodes WHERE product_id = '" + other + "'")).isZero();
		}

		@Test
		void badFieldsAreRefusedAndNothingIsWritten() {
			long before = products();
			long eventsBefore = count("SELECT count(*) FROM events");
			refused(create(product("NEG-1", "Negative", "price", -1)), 400, "price");
			refused(create(product("FRAC-1", "Fraction", "price", 1.234)), 400, "price");
			refused(create(product("CAT-1", "No category", "category_id", UUID.randomUUID().toString())), 422, "category_id");
			refused(create(product("TAX-1", "No tax", "tax_class_id", UUID.randomUUID().toString())), 422, "tax_class_id");
			refused(create(product("HSN-1", "Bad HSN", "hsn_code", "12a")), 400, "hsn_code");
			refused(create(product("UNIT-1", "Bad unit", "unit", "BARREL")), 400, "unit");
			refused(create(product("TYPE-1", "Wrong type", "price", "lots")), 400, "price");
			refused(create(product("TYPE-2", "Wrong type", "category_id", 42)), 400, "category_id");
			refused(create(product("x".repeat(65), "Long SKU")), 400, "sku");
			refused(create(product("LONG-1", "n".repeat(201))), 400, "name");
			refused(create(product("", "")), 400, "sku");
			refused(create(product("SPACE 1", "Space")), 400, "sku");
			refused(create(product("BC-1", "Long barcode", "barcodes", List.of("9".repeat(65)))), 400, "barcodes[0]");
			var missing = api().post("/api/v1/products", admin(), Map.of(), key());
			assertThat(missing.status()).isEqualTo(400);
			assertThat(missing.errorFields()).contains("sku", "name", "unit", "price", "price_includes_tax", "tax_class_id");
			refused(api().post("/api/v1/products", admin(), product("KEY-1", "No key")), 400, "Idempotency-Key");
			refused(api().get("/api/v1/products?limit=0", admin()), 400, "limit");
			refused(api().get("/api/v1/products?match=fuzzy", admin()), 400, "match");
			refused(api().get("/api/v1/products?category_id=xyz", admin()), 400, "category_id");
			refused(api().get("/api/v1/products?cursor=***", admin()), 400, "cursor");
			refused(api().get("/api/v1/products/not-a-uuid", admin()), 400, "id");
			assertThat(products()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
		}

		@Test
		void unknownIdsAre404() {
			var id = UUID.randomUUID();
			assertThat(api().get("/api/v1/products/" + id, admin()).status()).isEqualTo(404);
			assertThat(api().put("/api/v1/products/" + id, admin(), product("U-1", "Unknown")).status()).isEqualTo(404);
			assertThat(api().delete("/api/v1/products/" + id, admin()).status()).isEqualTo(404);
			assertThat(api().post("/api/v1/products/" + id + "/deactivate", admin(), null).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/categories/" + id, admin()).status()).isEqualTo(404);
			assertThat(api().put("/api/v1/categories/" + id, admin(), Map.of("name", "x")).status()).isEqualTo(404);
			assertThat(api().delete("/api/v1/categories/" + id, admin()).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/tax-classes/" + id, admin()).status()).isEqualTo(404);
			assertThat(api().put("/api/v1/tax-classes/" + id, admin(),
					Map.of("code", "Z", "name", "z", "kind", "PLAIN", "rate", 1)).status()).isEqualTo(404);
			assertThat(count("SELECT count(*) FROM products WHERE sku = 'U-1'")).isZero();
		}

		@Test
		void wrongRolesAre403AndWriteNothing() {
			var id = create(product("ROLE-1", "Role")).json().path("id").asString();
			long before = products();
			long categories = count("SELECT count(*) FROM categories");
			for (var role : List.of("CASHIER", "EMPLOYEE", "DRIVER")) {
				var token = api().token(role);
				assertThat(api().post("/api/v1/products", token, product("ROLE-2", "x"), key()).status()).isEqualTo(403);
				assertThat(api().put("/api/v1/products/" + id, token, product("ROLE-1", "x", "price", 1)).status())
					.isEqualTo(403);
				assertThat(api().delete("/api/v1/products/" + id, token).status()).isEqualTo(403);
				assertThat(api().post("/api/v1/categories", token, Map.of("name", "x"), key()).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/products/" + id, token).status()).isEqualTo(200);
			}
			assertThat(api().get("/api/v1/categories", api().token("DRIVER")).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/products", null).status()).isEqualTo(401);
			assertThat(products()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM categories")).isEqualTo(categories);
			assertThat(count("SELECT count(*) FROM products WHERE id = '" + id + "' AND price = 100.50 AND active"))
				.isEqualTo(1);
		}
	}
}

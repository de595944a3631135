package dev.kassa.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.IntegrationTestSupport;

class BulkCatalogIntegrationTests extends IntegrationTestSupport {

	private String manager() {
		api().adminToken(); // TestClient.token would otherwise fetch it inside its own computeIfAbsent
		return api().token("MANAGER");
	}

	/** Uploads and waits for the import's job to finish it; answers the finished import. */
	private JsonNode importFile(byte[] file, String mode) {
		var uploaded = BulkCsv.upload(api(), manager(), file, mode, UUID.randomUUID().toString());
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(202);
		assertThat(uploaded.json().path("job_id").isNull()).isFalse();
		var id = uploaded.json().path("id").asString();
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
			var status = api().get("/api/v1/products/imports/" + id, manager()).json().path("status").asString();
			return status.equals("COMPLETED") || status.equals("FAILED");
		});
		return api().get("/api/v1/products/imports/" + id, manager()).json();
	}

	private List<String> errorLines(JsonNode imported) {
		var report = BulkCsv.download(api(), manager(),
				"/api/v1/products/imports/" + imported.path("id").asString() + "/errors.csv");
		assertThat(report.status()).isEqualTo(200);
		return report.body().lines().skip(1).toList();
	}

	private UUID category(String name, UUID parent) {
		var body = new java.util.HashMap<String, Object>();
		body.put("name", name);
		body.put("parent_id", parent);
		var created = api().post("/api/v1/categories", manager(), body, UUID.randomUUID().toString());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return UUID.fromString(created.json().path("id").asString());
	}

	@Test
	void hundredThousandRowsImportInOneFile() throws IOException {
		var file = Files.createTempFile("products", ".csv");
		try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write(BulkCsv.HEADER + "\n");
			for (int i = 0; i < 100_000; i++) {
				out.write("BIG-" + i + ",Product " + i + ",,,PIECE," + (i % 1000) + ".50,true,GST_18,,BC-" + i
						+ ",true,false,true\n");
			}
		}
		var imported = importFile(Files.readAllBytes(file), "all_or_nothing");
		Files.delete(file);
		assertThat(imported.path("status").asString()).as(imported.toString()).isEqualTo("COMPLETED");
		assertThat(imported.path("created").asLong()).isEqualTo(100_000);
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'BIG-%'")).isEqualTo(100_000);
		assertThat(count("SELECT count(*) FROM product_barcodes WHERE code LIKE 'BC-%'")).isEqualTo(100_000);
		assertThat(count("SELECT count(*) FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE p.sku LIKE 'BIG-%'"))
			.isEqualTo(100_000);
		assertThat(count("SELECT count(*) FROM products WHERE sku = 'BIG-1234' AND price = 234.50")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'catalog.imported' AND aggregate_id = '"
				+ imported.path("id").asString() + "' AND (payload->>'created')::int = 100000")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM product_import_chunks")).isZero();
		var job = "/api/v1/jobs/" + imported.path("job_id").asString();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> api().get(job, manager()).json().path("state").asString().equals("SUCCEEDED"));
		var run = api().get(job, manager()).json();
		assertThat(run.path("done").asLong()).isEqualTo(run.path("total").asLong()).isEqualTo(imported.path("file_size").asLong());
		assertThat(run.path("result_url").asString()).isEqualTo("/api/v1/products/imports/" + imported.path("id").asString());
	}

	@Test
	void allOrNothingWithBadRowsChangesNothingAndReportsEveryError() {
		long before = count("SELECT count(*) FROM products");
		var imported = importFile(BulkCsv.csv(BulkCsv.HEADER,
				"AON-1,Good,,,PIECE,10.00,true,GST_18,,AON-B1,true,false,true",
				"AON-2,Bad price,,,PIECE,ten,true,GST_18,,,true,false,true",
				"AON-3,Too precise,,,PIECE,1.234,true,GST_18,,,true,false,true",
				"aon-1,Duplicate SKU,,,PIECE,1,true,GST_18,,,true,false,true",
				"AON-4,Duplicate barcode,,,PIECE,1,true,GST_18,,AON-B1,true,false,true",
				"AON-5,Unknown tax,,,PIECE,1,true,VAT_99,,,maybe,false,true"), "all_or_nothing");
		assertThat(imported.path("status").asString()).isEqualTo("FAILED");
		assertThat(imported.path("rejected").asLong()).isEqualTo(5);
		assertThat(count("SELECT count(*) FROM products")).isEqualTo(before);
		assertThat(errorLines(imported)).containsExactly("3,price,is not a number: ten",
				"4,price,must have at most 2 decimal places", "5,sku,repeats the SKU aon-1 of line 2",
				"6,barcodes,barcode AON-B1 is also on line 2",
				"7,tax_class,no tax class VAT_99 (give a code like GST_18 or an id)",
				"7,track_stock,\"must be true or false, not maybe\"");
	}

	@Test
	void allOrNothingRollsBackBatchesAlreadyWrittenWhenALaterRowIsBad() {
		var file = new StringBuilder(BulkCsv.HEADER).append('\n');
		for (int i = 0; i < 2500; i++) {
			file.append("RB-").append(i).append(",Roll back,,,PIECE,1,true,GST_18,,,true,false,true\n");
		}
		file.append("RB-X,Bad,,,PIECE,-1,true,GST_18,,,true,false,true\n");
		var imported = importFile(file.toString().getBytes(StandardCharsets.UTF_8), "all_or_nothing");
		assertThat(imported.path("status").asString()).isEqualTo("FAILED");
		assertThat(imported.path("rows_read").asLong()).isEqualTo(2501);
		assertThat(imported.path("created").asLong()).isZero();
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'RB-%'")).isZero();
		assertThat(count("SELECT count(*) FROM product_prices")).isEqualTo(count("SELECT count(*) FROM products"));
		assertThat(errorLines(imported)).containsExactly("2502,price,must not be negative");
	}

	@Test
	void anImportUpdatesBySkuKeepsOmittedColumnsAndRecordsPriceChanges() {
		importFile(BulkCsv.csv(BulkCsv.HEADER,
				"UP-1,Soap,Lavender,,PIECE,40.00,true,GST_18,3401,UP-B1,true,false,true",
				"UP-2,Shampoo,,,PIECE,120.00,true,GST_18,,UP-B2,true,false,true"), "all_or_nothing");
		var updated = importFile(BulkCsv.csv("sku,price,name,barcodes", "up-1,45.50,Soap bar,UP-B1|UP-B3",
				"UP-2,120,Shampoo,", "UP-3,1,Takes a barcode,UP-B1"), "valid_rows");
		assertThat(updated.path("updated").asLong()).as(updated.toString()).isEqualTo(2);
		assertThat(updated.path("rejected").asLong()).isEqualTo(1);
		assertThat(errorLines(updated)).containsExactly("4,barcodes,barcode UP-B1 is also on line 2");
		assertThat(count("SELECT count(*) FROM products WHERE sku = 'up-1' AND name = 'Soap bar' "
				+ "AND description = 'Lavender' AND hsn_code = '3401' AND price = 45.50")).isEqualTo(1);
		assertThat(jdbc.sql("SELECT code FROM product_barcodes b JOIN products p ON p.id = b.product_id "
				+ "WHERE p.sku = 'up-1' ORDER BY code").query(String.class).list()).containsExactly("UP-B1", "UP-B3");
		assertThat(count("SELECT count(*) FROM product_barcodes WHERE code = 'UP-B2'")).isZero();
		assertThat(count("SELECT count(*) FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE p.sku = 'up-1'"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE p.sku = 'UP-2'"))
			.isEqualTo(1);
		var taken = importFile(BulkCsv.csv("sku,name,unit,price,price_includes_tax,tax_class,barcodes",
				"UP-4,Thief,PIECE,1,true,GST_18,UP-B3"), "all_or_nothing");
		assertThat(errorLines(taken)).containsExactly("2,barcodes,barcode UP-B3 is already used by product up-1");
	}

	@Test
	void validRowsImportsTheRestAndReportsTheOthersWithLineNumbers() {
		var imported = importFile(BulkCsv.csv(BulkCsv.HEADER,
				"VR-1,One,,,PIECE,10.00,true,GST_18,,,true,false,true",
				"VR-2,,,,PIECE,10.00,true,GST_18,,,true,false,true",
				"",
				"VR-3,Three,,,LITRE,5,true,GST_5,,,true,false,true",
				"VR-4,Four,\"multi",
				"line\",,KG,2.5,false,GST_5,1234,,true,false,true"), "valid_rows");
		assertThat(imported.path("status").asString()).as(imported.toString()).isEqualTo("COMPLETED");
		assertThat(imported.path("created").asLong()).isEqualTo(2);
		assertThat(imported.path("rejected").asLong()).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM products WHERE sku IN ('VR-1', 'VR-4')")).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM products WHERE sku IN ('VR-2', 'VR-3')")).isZero();
		assertThat(count("SELECT count(*) FROM products WHERE sku = 'VR-4' AND description = E'multi\\nline'")).isEqualTo(1);
		assertThat(errorLines(imported)).containsExactly("3,name,is required for a new product",
				"5,unit,\"must be one of PIECE, KG, G, L, ML, M\"");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'catalog.import_batch_applied' AND aggregate_id = '"
				+ imported.path("id").asString() + "'")).isEqualTo(1);
	}

	@Test
	void badFilesAreRefusedWithAReportAndChangeNothing() {
		long before = count("SELECT count(*) FROM products");
		var latin1 = (BulkCsv.HEADER + "\nENC-1,Caf\u00e9,,,PIECE,1,true,GST_18,,,true,false,true\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		var cases = Map.of(
				"not UTF-8", latin1,
				"no header", BulkCsv.csv("NH-1,No header,,,PIECE,1,true,GST_18,,,true,false,true"),
				"unknown column", BulkCsv.csv("sku,name,colour", "UC-1,Unknown,red"),
				"bad quoting", BulkCsv.csv(BulkCsv.HEADER, "BQ-1,\"Bad\"quote,,,PIECE,1,true,GST_18,,,true,false,true"));
		var expected = Map.of("not UTF-8", "the file is not UTF-8", "no header", "no header",
				"unknown column", "unknown column colour", "bad quoting", "not valid CSV");
		cases.forEach((name, file) -> {
			for (var mode : List.of("all_or_nothing", "valid_rows")) {
				var imported = importFile(file, mode);
				assertThat(imported.path("status").asString()).as(name).isEqualTo("FAILED");
				assertThat(imported.path("problem").asString()).as(name).contains(expected.get(name));
				assertThat(errorLines(imported)).as(name).hasSize(1);
			}
		});
		assertThat(count("SELECT count(*) FROM products")).isEqualTo(before);
	}

	@Test
	void uploadsWithoutFileModeOrKeyAreRefused() {
		var file = BulkCsv.csv(BulkCsv.HEADER);
		assertThat(BulkCsv.upload(api(), manager(), file, null, "k1").json().path("errors").toString()).contains("mode");
		assertThat(BulkCsv.upload(api(), manager(), file, "sometimes", "k2").status()).isEqualTo(400);
		assertThat(BulkCsv.upload(api(), manager(), new byte[0], "valid_rows", "k3").status()).isEqualTo(400);
		assertThat(api().get("/api/v1/products/imports/" + UUID.randomUUID(), manager()).status()).isEqualTo(404);
	}

	@Test
	void theExportImportsBackUnchanged() {
		var drinks = category("Drinks", null);
		var tea = category("Tea", drinks);
		importFile(BulkCsv.csv(BulkCsv.HEADER,
				"EX-1,\"Chai, masala\",\"Says \"\"hot\"\"\",Drinks/Tea,PIECE,12.00,true,GST_5,0902,EX-B1|EX-B2,true,false,true",
				"EX-2,Green tea,,Drinks,G,0.5,false,GST_12,,,false,true,false"), "all_or_nothing");
		var first = BulkCsv.download(api(), manager(), "/api/v1/products/export.csv?category_id=" + drinks);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body().lines().toList()).hasSize(3)
			.contains("EX-1,\"Chai, masala\",\"Says \"\"hot\"\"\",Drinks/Tea,PIECE,12.00,true,GST_5,0902,EX-B1|EX-B2,true,false,true");
		var reimported = importFile(first.body().getBytes(StandardCharsets.UTF_8), "all_or_nothing");
		assertThat(reimported.path("unchanged").asLong()).isEqualTo(2);
		assertThat(reimported.path("updated").asLong()).isZero();
		var second = BulkCsv.download(api(), manager(), "/api/v1/products/export.csv?category_id=" + drinks);
		assertThat(second.body()).isEqualTo(first.body());
		var onlyTeaActive = BulkCsv.download(api(), manager(), "/api/v1/products/export.csv?active=true&category_id=" + tea);
		assertThat(onlyTeaActive.body().lines().toList()).hasSize(2);
		assertThat(api().get("/api/v1/products/export.csv?category_id=" + UUID.randomUUID(), manager()).status())
			.isEqualTo(422);
	}

	@Test
	void bulkPriceChangeRoundsToThePaisaAndRefusesGoingBelowZero() {
		var fruit = category("Fruit", null);
		var apples = category("Apples", fruit);
		category("Empty", fruit);
		importFile(BulkCsv.csv(BulkCsv.HEADER,
				"PC-1,Banana,,Fruit,PIECE,10.00,true,GST_0,,,true,false,true",
				"PC-2,Fuji,,Fruit/Apples,KG,0.99,true,GST_0,,,true,false,true",
				"PC-3,Gala,,Fruit/Apples,KG,3.33,true,GST_0,,,true,false,true"), "all_or_nothing");
		// +12.5 %: 10.00 -> 11.25; 0.99 -> 1.11375 -> 1.11; 3.33 -> 3.74625 -> 3.75
		var up = api().post("/api/v1/products/bulk/price-change", manager(), Map.of("category_id", fruit, "percent", 12.5), java.util.UUID.randomUUID().toString());
		assertThat(up.status()).as(up.body()).isEqualTo(200);
		assertThat(up.json().path("changed").asInt()).isEqualTo(3);
		assertThat(prices()).containsExactly(new BigDecimal("11.25"), new BigDecimal("1.11"), new BigDecimal("3.75"));
		// -1.20 on apples only: 1.11 would go to -0.09, so nothing changes
		var refused = api().post("/api/v1/products/bulk/price-change", manager(),
				Map.of("category_id", apples, "amount", -1.20), java.util.UUID.randomUUID().toString());
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().path("products").get(0).path("sku").asString()).isEqualTo("PC-2");
		assertThat(prices()).containsExactly(new BigDecimal("11.25"), new BigDecimal("1.11"), new BigDecimal("3.75"));
		// -1.11 on apples: 0.00 and 2.64; -33.3 % on all: 11.25 -> 7.50375 -> 7.50, 0 stays, 2.64 -> 1.76088 -> 1.76
		assertThat(api().post("/api/v1/products/bulk/price-change", manager(),
				Map.of("category_id", apples, "amount", -1.11), java.util.UUID.randomUUID().toString()).json().path("changed").asInt()).isEqualTo(2);
		var down = api().post("/api/v1/products/bulk/price-change", manager(), Map.of("category_id", fruit, "percent", -33.3), java.util.UUID.randomUUID().toString());
		assertThat(down.json().path("changed").asInt()).isEqualTo(2);
		assertThat(prices()).containsExactly(new BigDecimal("7.50"), new BigDecimal("0.00"), new BigDecimal("1.76"));
		assertThat(count("SELECT count(*) FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE p.sku = 'PC-2'"))
			.isEqualTo(3);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'catalog.prices_changed'")).isEqualTo(3);
		assertThat(api().post("/api/v1/products/bulk/price-change", manager(),
				Map.of("category_id", fruit, "percent", 5, "amount", 1), java.util.UUID.randomUUID().toString()).status()).isEqualTo(400);
		assertThat(api().post("/api/v1/products/bulk/price-change", manager(),
				Map.of("category_id", UUID.randomUUID(), "percent", 5), java.util.UUID.randomUUID().toString()).status()).isEqualTo(422);
		assertThat(api().post("/api/v1/products/bulk/price-change", manager(),
				Map.of("category_id", fruit, "percent", "lots"), java.util.UUID.randomUUID().toString()).status()).isEqualTo(400);
	}

	private List<BigDecimal> prices() {
		return jdbc.sql("SELECT price FROM products WHERE sku LIKE 'PC-%' ORDER BY sku").query(BigDecimal.class).list();
	}

	@Test
	void bulkActivationByIdsAndByCategory() {
		var home = category("Home", null);
		importFile(BulkCsv.csv(BulkCsv.HEADER,
				"AC-1,Broom,,Home,PIECE,1,true,GST_18,,,true,false,true",
				"AC-2,Mop,,Home,PIECE,1,true,GST_18,,,true,false,true"), "all_or_nothing");
		var off = api().post("/api/v1/products/bulk/deactivate", manager(), Map.of("category_id", home));
		assertThat(off.json().path("changed").asInt()).as(off.body()).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'AC-%' AND active")).isZero();
		var id = jdbc.sql("SELECT id FROM products WHERE sku = 'AC-1'").query(UUID.class).single();
		var on = api().post("/api/v1/products/bulk/activate", manager(), Map.of("ids", List.of(id)));
		assertThat(on.json().path("changed").asInt()).isEqualTo(1);
		var unknown = api().post("/api/v1/products/bulk/activate", manager(), Map.of("ids", List.of(id, UUID.randomUUID())));
		assertThat(unknown.status()).isEqualTo(422);
		assertThat(api().post("/api/v1/products/bulk/activate", manager(), Map.of()).status()).isEqualTo(400);
		// a null or empty id is refused naming it, and nothing changes (it was a 500)
		for (var body : List.of("{\"ids\": [null]}", "{\"ids\": [\"\"]}")) {
			var refused = api().post("/api/v1/products/bulk/deactivate", manager(), body);
			assertThat(refused.status()).as(body).isEqualTo(400);
			assertThat(refused.errorFields()).as(body).containsExactly("ids[0]");
		}
		assertThat(count("SELECT count(*) FROM products WHERE sku = 'AC-1' AND active")).isEqualTo(1);
		var tooMany = java.util.stream.Stream.generate(UUID::randomUUID).limit(10_001).toList();
		assertThat(api().post("/api/v1/products/bulk/activate", manager(), Map.of("ids", tooMany)).status()).isIn(400, 413);
	}

	@Test
	void cashiersMayNotUseBulkOperations() {
		api().adminToken();
		var cashier = api().token("CASHIER");
		assertThat(BulkCsv.upload(api(), cashier, BulkCsv.csv(BulkCsv.HEADER), "valid_rows", "c1").status()).isEqualTo(403);
		assertThat(BulkCsv.download(api(), cashier, "/api/v1/products/export.csv").status()).isEqualTo(403);
		assertThat(api().post("/api/v1/products/imports", cashier, "{}").status()).isEqualTo(403);
		assertThat(api().post("/api/v1/products/imports", manager(), "{}", "json").errorFields()).containsExactly("file");
		assertThat(api().post("/api/v1/products/bulk/price-change", cashier,
				Map.of("category_id", UUID.randomUUID(), "percent", 5), java.util.UUID.randomUUID().toString()).status()).isEqualTo(403);
		assertThat(api().post("/api/v1/products/bulk/deactivate", cashier, Map.of("ids", List.of(UUID.randomUUID())))
			.status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM product_imports WHERE created_by IS NOT NULL AND file_size = 0")).isZero();
	}
}

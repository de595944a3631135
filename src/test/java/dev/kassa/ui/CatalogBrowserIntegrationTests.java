package dev.kassa.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;

import tools.jackson.databind.JsonNode;

import dev.kassa.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The back office's catalog in headless Chromium against a real Kassa: categories created, renamed, moved and
 * deleted; a product created and edited with two barcodes and its price history; every form's bad input shown
 * next to its field with nothing written (checked through the API); a CSV of 1,000 products with 3 bad rows
 * imported with its progress to the end and its row errors saved; the export; a category's prices up 10 % and
 * two selected products deactivated; a price changed in the back office reaching an open till; a cashier refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String GST_5 = "0190a000-0000-7000-8000-000000000500";

	private final String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();

	private final String managerName = "catalog-manager-" + suffix.toLowerCase();

	private final String cashierName = "catalog-cashier-" + suffix.toLowerCase();

	private final String sku = "TEA-" + suffix;

	private final String digits = "%06d".formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));

	private final String barcode1 = "8901" + digits + "01";

	private final String barcode2 = "8901" + digits + "02";

	private Browser browser;

	private String manager;

	private String product;

	private String tea;

	@BeforeAll
	void start() {
		var admin = api().adminToken();
		ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Catalog Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata")));
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int year = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(year, 4, 1).toString(), "ends_on", LocalDate.of(year + 1, 3, 31).toString()), key()));
		var store = id(api().post("/api/v1/locations", admin, Map.of("code", "CAT1", "name", "Catalog Store", "type",
				"STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
		ok(api().post("/api/v1/terminals", admin, Map.of("location_id", store, "code", "CAT-T1", "name", "Tea counter"),
				key()));
		manager = api().tokenForNewUser(managerName, List.of("MANAGER"), null);
		api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		browser = new Browser(port, 1280, 1400);
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	// ------------------------------------------------------------------ the category tree

	@Test
	@Order(1)
	void theManagerBuildsTheCategoryTree() {
		browser.open("/#/products?view=categories");
		signIn(browser, managerName);
		browser.textContaining("#categories-none", "No category yet");
		long before = categories();

		// nothing typed, then a name too long: said at the field, nothing created
		browser.click("#category-new-form button[type=submit]");
		assertThat(browser.text("#category-new-name-error")).isEqualTo("Category name is required.");
		browser.type("#category-new-name", "x".repeat(101));
		browser.click("#category-new-form button[type=submit]");
		assertThat(browser.text("#category-new-name-error")).isEqualTo("Category name may have at most 100 characters.");
		assertThat(categories()).isEqualTo(before);

		createCategory("Drinks", null);
		createCategory("Tea", "Drinks");
		createCategory("Snacks", null);
		browser.textContaining("#category-tree", "Snacks");
		tea = categoryId("Tea");

		// a name that is already there: the server's refusal at the name
		browser.type("#category-new-name", "drinks");
		browser.click("#category-new-form button[type=submit]");
		assertThat(browser.textContaining("#category-new-name-error", "already there"))
			.isEqualTo("A category named drinks is already there: choose another name or place.");
		assertThat(categories()).isEqualTo(before + 3);

		// Snacks renamed and moved below Drinks; Drinks may not be moved below itself or Tea
		browser.click("#category-tree li[data-path='Snacks'] button");
		browser.find("#category-edit-form");
		assertThat(browser.all("#category-edit-parent option")).hasSize(3);
		var drinks = categoryId("Drinks");
		browser.type("#category-edit-name", "Savouries");
		browser.find("#category-edit-parent option[value='" + drinks + "']").click();
		browser.click("#category-edit-form button[type=submit]");
		browser.textContaining("#categories-notice", "Category Savouries saved.");
		browser.find("#category-tree li[data-path='Drinks / Savouries']");
		var savouries = ok(api().get("/api/v1/categories/" + categoryId("Savouries"), manager)).json();
		assertThat(savouries.path("parent_id").asString()).isEqualTo(drinks);
		browser.click("#category-tree li[data-path='Drinks'] button");
		assertThat(browser.text("#category-edit-parent")).doesNotContain("Tea").doesNotContain("Savouries");
		browser.screenshot("60-catalog-categories");
		accessible("the category tree");

		// Drinks has subcategories: refused, nothing deleted; the empty Savouries goes
		browser.click("#category-tree li[data-path='Drinks'] button.danger");
		assertThat(browser.textContaining("#categories-failure", "still has"))
			.isEqualTo("Category Drinks still has subcategories or products: move them elsewhere first. Nothing was deleted.");
		browser.click("#category-tree li[data-path='Drinks / Savouries'] button.danger");
		browser.textContaining("#categories-notice", "Category Savouries deleted.");
		assertThat(categories()).isEqualTo(before + 2);
	}

	// ------------------------------------------------------------------ a product, its barcodes and prices

	@Test
	@Order(2)
	void theManagerCreatesAProductWithTwoBarcodesRefusingBadInput() {
		browser.click("#tab-products");
		browser.click("#product-new");
		browser.find("#product-form");
		long before = products();

		// nothing typed: each required field says so
		browser.click("#product-form button[type=submit]");
		assertThat(browser.text("#product-sku-error")).isEqualTo("SKU is required.");
		assertThat(browser.text("#product-name-error")).isEqualTo("Name is required.");
		assertThat(browser.text("#product-price-error")).isEqualTo("Price is required.");
		assertThat(browser.text("#product-tax_class_id-error")).isEqualTo("Tax class is required.");
		focused("product-sku");

		// oversized, malformed, a barcode typed twice
		browser.type("#product-sku", "TEA 1");
		browser.type("#product-name", "n".repeat(201));
		browser.type("#product-price", "12.345");
		browser.type("#product-hsn_code", "12");
		browser.find("#product-tax_class_id option[value='" + GST_5 + "']").click();
		browser.type("#product-barcode-0", barcode1);
		browser.click("#product-barcode-add");
		focused("product-barcode-1");
		browser.keys(barcode1);
		browser.click("#product-form button[type=submit]");
		assertThat(browser.text("#product-sku-error")).isEqualTo("SKU may have only letters, digits and signs, without spaces.");
		assertThat(browser.text("#product-name-error")).isEqualTo("Name may have at most 200 characters.");
		assertThat(browser.text("#product-price-error")).isEqualTo("Price may have at most 2 decimals.");
		assertThat(browser.text("#product-hsn_code-error")).isEqualTo("HSN code must be 4 to 8 digits.");
		assertThat(browser.text("#product-barcode-1-error")).isEqualTo("Barcode 2 repeats another barcode of this product.");
		browser.type("#product-price", "abc");
		browser.click("#product-form button[type=submit]");
		assertThat(browser.text("#product-price-error")).startsWith("Price must be a number");
		browser.screenshot("62-catalog-refused-input");
		accessible("the product form with its errors");
		assertThat(products()).isEqualTo(before);

		// right: created with its category, tax class and two barcodes
		browser.type("#product-sku", sku);
		browser.type("#product-name", "Darjeeling tea 250 g");
		browser.type("#product-description", "First flush");
		browser.find("#product-category_id option[value='" + tea + "']").click();
		browser.type("#product-price", "100");
		browser.type("#product-hsn_code", "0902");
		browser.type("#product-barcode-1", barcode2);
		browser.click("#product-form button[type=submit]");
		browser.textContaining("#product-notice", "Darjeeling tea 250 g created.");
		var created = ok(api().get("/api/v1/products/by-sku/" + sku, manager)).json();
		product = created.path("id").asString();
		assertThat(created.path("category_id").asString()).isEqualTo(tea);
		assertThat(created.path("tax_class_id").asString()).isEqualTo(GST_5);
		assertThat(created.path("price").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(created.path("hsn_code").asString()).isEqualTo("0902");
		assertThat(created.path("price_includes_tax").asBoolean()).isTrue();
		assertThat(texts(created.path("barcodes"))).containsExactlyInAnyOrder(barcode1, barcode2);
		assertThat(browser.driver.getCurrentUrl()).endsWith("#/products?product=" + product);
		assertThat(products()).isEqualTo(before + 1);

		// another product with the same SKU, then with one of its barcodes: the server's refusals at the fields
		browser.open("/#/products?product=new");
		browser.find("#product-form");
		browser.type("#product-sku", sku.toLowerCase());
		browser.type("#product-name", "Copy");
		browser.type("#product-price", "10");
		browser.find("#product-tax_class_id option[value='" + GST_5 + "']").click();
		browser.type("#product-barcode-0", barcode2);
		browser.click("#product-form button[type=submit]");
		assertThat(browser.textContaining("#product-sku-error", "another product"))
			.isEqualTo("SKU " + sku.toLowerCase() + " belongs to another product already: choose another.");
		browser.type("#product-sku", sku + "-2");
		browser.click("#product-form button[type=submit]");
		assertThat(browser.textContaining("#product-barcodes-error", "another product")).isEqualTo(
				"Barcode " + barcode2 + " belongs to another product already: remove it here, or from that product first.");
		assertThat(products()).isEqualTo(before + 1);
	}

	@Test
	@Order(3)
	void theManagerEditsTheProductAndSeesItsPriceHistory() {
		browser.open("/#/products");
		browser.type("#product-search", "Darjeeling");
		browser.click("#product-list tr[data-sku='" + sku + "'] a");
		browser.find("#product-form");
		assertThat(browser.find("#product-price").getAttribute("value")).isEqualTo("100.00");
		assertThat(browser.all("#price-history-table tbody tr")).hasSize(1);

		// an empty name refused; then the price and a barcode changed, the product deactivated and again active
		browser.type("#product-name", "");
		browser.click("#product-form button[type=submit]");
		assertThat(browser.text("#product-name-error")).isEqualTo("Name is required.");
		browser.type("#product-name", "Darjeeling tea 250 g");
		browser.type("#product-price", "120");
		var barcode3 = barcode2 + "9";
		browser.type("#product-barcode-1", barcode3);
		browser.click("#product-form button[type=submit]");
		browser.textContaining("#product-notice", "Darjeeling tea 250 g saved.");
		browser.waitFor(d -> browser.all("#price-history-table tbody tr").size() == 2 ? true : null);
		assertThat(browser.text("#price-history-table")).contains("₹100.00").contains("₹120.00");
		var edited = ok(api().get("/api/v1/products/" + product, manager)).json();
		assertThat(edited.path("price").decimalValue()).isEqualByComparingTo("120.00");
		assertThat(texts(edited.path("barcodes"))).containsExactlyInAnyOrder(barcode1, barcode3);
		assertThat(ok(api().get("/api/v1/products/" + product + "/price-history", manager)).json().path("items")).hasSize(2);
		browser.screenshot("61-catalog-product");
		accessible("a product's page");

		// changed by someone else meanwhile: this page does not overwrite it
		ok(api().put("/api/v1/products/" + product, manager, Map.of("sku", sku, "name", "Darjeeling tea 250 g (new pack)",
				"unit", "PIECE", "price", 120, "price_includes_tax", true, "tax_class_id", GST_5, "category_id", tea)));
		browser.type("#product-description", "Second flush");
		browser.click("#product-form button[type=submit]");
		assertThat(browser.textContaining("#product-form-failure", "Someone changed")).contains("Nothing was saved");
		var kept = ok(api().get("/api/v1/products/" + product, manager)).json();
		assertThat(kept.path("name").asString()).isEqualTo("Darjeeling tea 250 g (new pack)");
		assertThat(kept.path("description").isNull() || kept.path("description").isMissingNode()).as(kept.toString()).isTrue();
	}

	// ------------------------------------------------------------------ import and export

	@Test
	@Order(4)
	void theManagerImportsAThousandProductsAndSavesTheThreeRowErrors() throws IOException {
		browser.click("#tab-import");
		browser.find("#import-form");
		long imports = count("SELECT count(*) FROM product_imports");
		browser.click("#import-submit");
		assertThat(browser.text("#import-file-error")).isEqualTo("CSV file is required.");
		assertThat(count("SELECT count(*) FROM product_imports")).isEqualTo(imports);

		var folder = Files.createTempDirectory("kassa-import-");
		var file = folder.resolve("tea-1000.csv");
		var lines = new ArrayList<String>();
		lines.add("sku,name,category,unit,price,price_includes_tax,tax_class,barcodes");
		for (int i = 1; i <= 1000; i++) {
			var price = i == 10 ? "abc" : "50.00";
			var unit = i == 500 ? "BOX" : "PIECE";
			var tax = i == 999 ? "GST_99" : "GST_5";
			lines.add("%s,Import tea %04d,Drinks/Tea,%s,%s,true,%s,%s".formatted(importSku(i), i, unit, price, tax,
					"77" + digits + "%05d".formatted(i)));
		}
		Files.write(file, lines, StandardCharsets.UTF_8);
		try {
			browser.find("#import-file").sendKeys(file.toAbsolutePath().toString());
			browser.click("#import-submit");
			browser.find("#import-progress");
			var seen = new ArrayList<String>();
			browser.waitFor(Duration.ofSeconds(60), d -> {
				seen.add(browser.find("#import-progress").getAttribute("data-percent"));
				return browser.present("#import-job[data-status='COMPLETED']") ? true : null;
			});
			assertThat(browser.find("#import-progress").getAttribute("data-percent")).isEqualTo("100");
			assertThat(browser.find("#import-progress").getAttribute("value"))
				.isEqualTo(browser.find("#import-progress").getAttribute("max"));
			assertThat(browser.text("#import-created")).isEqualTo("997");
			assertThat(browser.text("#import-rejected")).isEqualTo("3");
			assertThat(browser.text("#import-state")).isEqualTo("Finished: 1000 rows read.");
		}
		finally {
			Files.deleteIfExists(file);
			Files.deleteIfExists(folder);
		}
		var importId = browser.driver.getCurrentUrl().replaceAll(".*import=", "");
		assertThat(ok(api().get("/api/v1/products/imports/" + importId, manager)).json().path("created").asLong()).isEqualTo(997);

		browser.click("#import-errors");
		var errors = csvLines(downloaded("#import-errors-file"));
		assertThat(errors).hasSize(4);
		assertThat(errors.get(0)).isEqualTo("line,field,message");
		assertThat(errors.get(1)).startsWith("11,price,");
		assertThat(errors.get(2)).startsWith("501,unit,");
		assertThat(errors.get(3)).startsWith("1000,tax_class,");
		browser.screenshot("63-catalog-import");
		accessible("the import");

		// away and back: the import is shown again, from this browser's memory of it
		browser.click("#tab-products");
		browser.find("#product-list");
		browser.click("#tab-import");
		browser.find("#import-job[data-status='COMPLETED']");
		assertThat(browser.text("#import-created")).isEqualTo("997");
		assertThat(browser.driver.getCurrentUrl()).endsWith("import=" + importId);
	}

	@Test
	@Order(5)
	void theManagerExportsTheCategory() throws IOException {
		browser.click("#tab-products");
		browser.find("#product-category option[value='" + tea + "']").click();
		browser.textContaining("#products-status", "25 shown");
		browser.click("#export");
		var exported = csvLines(downloaded("#export-file"));
		assertThat(exported.get(0)).startsWith("sku,name,description,category,unit,price");
		assertThat(exported).hasSize(1 + 998);
		assertThat(exported).anyMatch(l -> l.startsWith(sku + ",")).anyMatch(l -> l.startsWith(importSku(1) + ","));
		assertThat(exported).noneMatch(l -> l.startsWith(importSku(10) + ","));
	}

	// ------------------------------------------------------------------ bulk changes

	@Test
	@Order(6)
	void theManagerRaisesTheCategorysPricesByTenPercentAndDeactivatesTwoSelected() {
		long changes = count("SELECT count(*) FROM product_prices");
		browser.click("#price-change-form button[type=submit]");
		assertThat(browser.text("#price-change-category-error")).isEqualTo("Category is required.");
		assertThat(browser.text("#price-change-percent-error")).isEqualTo("Percent is required.");
		browser.type("#price-change-percent", "ten");
		browser.click("#price-change-form button[type=submit]");
		assertThat(browser.text("#price-change-percent-error")).startsWith("Percent must be a number");
		browser.type("#price-change-percent", "-150");
		browser.click("#price-change-form button[type=submit]");
		assertThat(browser.text("#price-change-percent-error")).isEqualTo("Percent cannot lower prices by more than 100 %.");
		assertThat(count("SELECT count(*) FROM product_prices")).isEqualTo(changes);

		browser.find("#price-change-category option[value='" + tea + "']").click();
		browser.type("#price-change-percent", "10");
		browser.click("#price-change-form button[type=submit]");
		assertThat(browser.textContaining("#price-change-done", "Prices changed"))
			.isEqualTo("Prices changed: 998 of 998 products in the category.");
		assertThat(price(sku)).isEqualByComparingTo("132.00");
		assertThat(price(importSku(1))).isEqualByComparingTo("55.00");
		assertThat(count("SELECT count(*) FROM product_prices")).isEqualTo(changes + 998);

		// two selected with the keyboard, deactivated together
		browser.type("#product-search", "Import tea 000");
		browser.waitFor(d -> browser.present("#product-list tr[data-sku='" + importSku(2) + "']")
				&& browser.all("#product-list tbody tr").size() == 9 ? true : null);
		browser.find("#product-list tr[data-sku='" + importSku(1) + "'] input.select-product").sendKeys(Keys.SPACE);
		browser.find("#product-list tr[data-sku='" + importSku(2) + "'] input.select-product").sendKeys(Keys.SPACE);
		browser.textContaining("#selected-count", "2 selected");
		browser.screenshot("64-catalog-products-selected");
		accessible("the product list with a selection");
		browser.click("#bulk-deactivate");
		assertThat(browser.textContaining("#products-notice", "Deactivated"))
			.isEqualTo("Deactivated: 2 of 2 selected were active.");
		browser.waitFor(d -> browser.all("#product-list tbody tr").size() == 7 ? true : null);
		assertThat(active(importSku(1))).isFalse();
		assertThat(active(importSku(2))).isFalse();
		assertThat(active(importSku(3))).isTrue();
		browser.textContaining("#selected-count", "0 selected");
	}

	// ------------------------------------------------------------------ the till follows the catalog

	@Test
	@Order(7)
	void aPriceChangedInTheBackOfficeReachesAnOpenTill() {
		try (var till = new Browser(port, 1280, 800)) {
			till.open("/");
			signIn(till, cashierName);
			till.find("#terminal-setup");
			till.textContaining("#terminal", "Tea counter");
			till.click("#terminal-setup button[type=submit]");
			till.type("#opening-float", "1000", Keys.ENTER);
			till.find("#sale");
			till.textContaining("#till-live", "Live");
			till.find("body").click();
			till.scan(barcode1);
			var line = "#cart-lines tr.line[data-sku='" + sku + "']";
			assertThat(till.textContaining(line, "₹132.00")).contains("Darjeeling tea");

			browser.open("/#/products?product=" + product);
			browser.find("#product-form");
			browser.textContaining("#price-history-table", "₹132.00");
			browser.type("#product-price", "150");
			browser.click("#product-form button[type=submit]");
			browser.textContaining("#product-notice", "saved.");

			assertThat(till.textContaining(line, "₹150.00")).contains("Darjeeling tea");
			till.screenshot("65-catalog-till-follows-price");

			// the cashier at the catalog's address: refused, and told why
			till.open("/#/products?view=import");
			assertThat(till.textContaining("#refused", "managers and admins")).contains("Not for your role");
			till.screenshot("66-catalog-refused");
		}
	}

	// ------------------------------------------------------------------ helpers

	/** Waits until the element with the id has the focus (the page moves it after its render). */
	private void focused(String id) {
		browser.waitFor(d -> id.equals(d.switchTo().activeElement().getAttribute("id")) ? true : null);
	}

	private String importSku(int i) {
		return "IMP-%s-%04d".formatted(suffix, i);
	}

	private void createCategory(String name, String parent) {
		browser.type("#category-new-name", name);
		if (parent != null) {
			browser.find("#category-new-parent option[value='" + categoryId(parent) + "']").click();
		}
		browser.click("#category-new-form button[type=submit]");
		browser.textContaining("#categories-notice", "Category " + name + " created.");
	}

	private String categoryId(String name) {
		for (var c : ok(api().get("/api/v1/categories?limit=200", manager)).json().path("items")) {
			if (c.path("name").asString().equals(name)) {
				return c.path("id").asString();
			}
		}
		throw new AssertionError("no category " + name);
	}

	private long categories() {
		return count("SELECT count(*) FROM categories");
	}

	private long products() {
		return count("SELECT count(*) FROM products");
	}

	private java.math.BigDecimal price(String sku) {
		return ok(api().get("/api/v1/products/by-sku/" + sku, manager)).json().path("price").decimalValue();
	}

	private boolean active(String sku) {
		return ok(api().get("/api/v1/products/by-sku/" + sku, manager)).json().path("active").asBoolean();
	}

	private static List<String> texts(JsonNode array) {
		var out = new ArrayList<String>();
		array.forEach(n -> out.add(n.asString()));
		return out;
	}

	/**
	 * The file a download link holds (a blob URL of the page), saved by the browser as a click on it saves it:
	 * downloads go to a folder of the test's, set through the DevTools protocol (the page's CSP keeps a script
	 * from reading the blob itself).
	 */
	private String downloaded(String css) throws IOException {
		var link = browser.find(css);
		assertThat(link.getAttribute("href")).startsWith("blob:");
		var name = link.getAttribute("download");
		var folder = Files.createTempDirectory("kassa-downloads-");
		browser.driver.executeCdpCommand("Browser.setDownloadBehavior",
				Map.of("behavior", "allow", "downloadPath", folder.toAbsolutePath().toString()));
		link.click();
		var file = folder.resolve(name);
		browser.waitFor(Duration.ofSeconds(20), d -> Files.exists(file) && !Files.exists(folder.resolve(name + ".crdownload")) ? true : null);
		var text = Files.readString(file, StandardCharsets.UTF_8);
		try (var files = Files.list(folder)) {
			for (var f : files.toList()) {
				Files.delete(f);
			}
		}
		Files.delete(folder);
		return text;
	}

	private static List<String> csvLines(String text) {
		return text.lines().filter(l -> !l.isEmpty()).toList();
	}

	private void accessible(String screen) {
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on " + screen).isEmpty();
	}

	private static void signIn(Browser on, String username) {
		on.type("#username", username);
		on.type("#password", PASSWORD);
		on.find("#password").sendKeys(Keys.ENTER);
	}
}

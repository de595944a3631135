package dev.kassa.ui;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
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

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The back office's live dashboard in headless Chromium: a manager watches today's figures while sales are
 * made through the API, and the figures follow them without a reload, equal to the report endpoint's, also
 * after the stream was cut and resumed. A cashier at the same address is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private static final int BISCUITS = 28;

	private Browser browser;

	private String location;

	private String tea;

	private String cashier;

	private final String managerName = "dash-manager-" + UUID.randomUUID().toString().substring(0, 8);

	private final String cashierName = "dash-cashier-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	void start() {
		var admin = api().adminToken();
		ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Dashboard Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata")));
		var today = LocalDate.now(KOLKATA);
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				key()));
		var gst18 = id(api().post("/api/v1/tax-classes", admin,
				Map.of("code", "GST18", "name", "GST 18%", "kind", "GST", "rate", 18), key()));
		location = id(api().post("/api/v1/locations", admin, Map.of("code", "D1", "name", "Dashboard Store", "type",
				"STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
		var product = new LinkedHashMap<String, Object>();
		product.put("sku", "TEA-" + UUID.randomUUID().toString().substring(0, 8));
		product.put("name", "Masala tea");
		product.put("unit", "PIECE");
		product.put("price", new BigDecimal("100.00"));
		product.put("price_includes_tax", false);
		product.put("tax_class_id", gst18);
		product.put("track_stock", true);
		product.put("allow_negative_stock", true);
		tea = id(api().post("/api/v1/products", admin, product, key()));
		for (int i = 1; i <= BISCUITS; i++) {
			product.put("sku", "BIS-" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
			product.put("name", "Biscuit pack " + i);
			product.put("price", new BigDecimal("10.00"));
			ok(api().post("/api/v1/products", admin, product, key()));
		}
		api().tokenForNewUser(managerName, List.of("MANAGER"), null);
		cashier = api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		browser = new Browser(port, 1280, 900);
		browser.followStreams();
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	/** A sale of {@code quantity} teas at 100.00 + 18% GST, paid in cash, through the API. */
	private void sell(int quantity) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("lines", List.of(Map.of("product_id", tea, "quantity", quantity)));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("118.00").multiply(BigDecimal.valueOf(quantity)))));
		var response = api().post("/api/v1/sales", cashier, body, key());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	private BigDecimal reportNet() {
		var report = ok(api().get("/api/v1/reports/daily?location_id=" + location, api().token("MANAGER")));
		return report.json().path("summary").path("net").decimalValue();
	}

	private long reportCount() {
		var report = ok(api().get("/api/v1/reports/daily?location_id=" + location, api().token("MANAGER")));
		return report.json().path("summary").path("count").asLong();
	}

	/** Waits until the dashboard's net sales (its raw figure) is the given amount; answers what it shows. */
	private String netShown(BigDecimal expected) {
		browser.waitFor(d -> {
			var raw = browser.find("#figure-net").getAttribute("data-value");
			return raw != null && !raw.isBlank() && new BigDecimal(raw).compareTo(expected) == 0 ? raw : null;
		});
		return browser.text("#figure-net");
	}

	private void signIn(String username) {
		browser.type("#username", username);
		browser.type("#password", PASSWORD);
		browser.find("#password").sendKeys(Keys.ENTER);
	}

	@Test
	@Order(1)
	void theManagersFiguresFollowSalesMadeThroughTheApiWithoutAReload() {
		sell(1);
		browser.open("/#/dashboard");
		signIn(managerName);
		browser.find("#dashboard");
		browser.textContaining("#live-status", "Live");
		browser.find("#dash-location option[value='" + location + "']").click();
		assertThat(netShown(reportNet())).isEqualTo("₹100.00");
		assertThat(browser.text("#figure-tickets")).isEqualTo("1");

		// the page is not reloaded: a mark left on the window survives the updates
		browser.script("window.kassaMark = 'still here'");
		sell(2);
		var expected = reportNet();
		assertThat(expected).isEqualByComparingTo("300.00");
		assertThat(netShown(expected)).isEqualTo("₹300.00");
		assertThat(browser.text("#figure-tickets")).isEqualTo(String.valueOf(reportCount()));
		assertThat(browser.text("#figure-average")).isEqualTo("₹177.00");
		assertThat(browser.text("#by-method")).contains("Cash").contains("₹354.00");
		assertThat(browser.text("#top-products")).contains("Masala tea").contains("₹354.00");
		assertThat(browser.text("#by-cashier")).contains(cashierName).contains("₹354.00");
		assertThat(browser.script("return window.kassaMark")).isEqualTo("still here");
		// the chart's figures are in a table for a screen reader
		assertThat((String) browser.script("return document.querySelector('#by-hour-table tbody').textContent"))
			.contains("₹354.00");
		browser.find("#hour-chart canvas");
		browser.screenshot("20-dashboard-live");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the dashboard").isEmpty();
	}

	@Test
	@Order(2)
	void salesMadeWhileTheStreamIsCutAreCountedAfterItResumes() {
		// the browser loses the network (the page has no hook for it): the stream breaks, every reconnection
		// fails until the network is back, and the page says so
		browser.offline(true);
		browser.cutStreams();
		browser.textContaining("#live-status", "Disconnected");
		browser.screenshot("21-dashboard-disconnected");
		sell(1);
		sell(3);
		var expected = reportNet();
		assertThat(expected).isEqualByComparingTo("700.00");
		assertThat(new BigDecimal(browser.find("#figure-net").getAttribute("data-value"))).isEqualByComparingTo("300.00");
		browser.offline(false);
		// it reconnects by itself, after a back-off that may have grown to a few seconds while it was cut
		browser.waitFor(Duration.ofSeconds(40), d -> browser.text("#live-status").contains("Live") ? true : null);
		assertThat(netShown(expected)).isEqualTo("₹700.00");
		assertThat(browser.text("#figure-tickets")).isEqualTo("4");
		// and the stream goes on after the resumption
		sell(1);
		assertThat(netShown(reportNet())).isEqualTo("₹800.00");
		assertThat(browser.script("return window.kassaMark")).isEqualTo("still here");
	}

	@Test
	@Order(3)
	void theManagerSearchesTheProductsAndPagesThroughThem() {
		browser.click("#nav-products");
		browser.find("#products");
		browser.textContaining("#product-list", "Masala tea");
		browser.type("#product-search", "MASALA");
		browser.waitFor(d -> browser.all("#product-list tbody tr").size() == 1 ? true : null);
		assertThat(browser.text("#product-list tbody")).contains("Masala tea").contains("₹100.00 + tax");

		browser.type("#product-search", "biscuit");
		browser.waitFor(d -> browser.all("#product-list tbody tr").size() == 25 ? true : null);
		assertThat(browser.find("#products-previous").isEnabled()).isFalse();
		browser.screenshot("23-products");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the product list").isEmpty();
		browser.click("#products-next");
		browser.waitFor(d -> browser.all("#product-list tbody tr").size() == BISCUITS - 25 ? true : null);
		assertThat(browser.find("#products-next").isEnabled()).isFalse();
		browser.click("#products-previous");
		browser.waitFor(d -> browser.all("#product-list tbody tr").size() == 25 ? true : null);

		browser.type("#product-search", "no such thing");
		browser.find("#products-none");
		browser.click("#nav-dashboard");
		browser.find("#dashboard");
	}

	@Test
	@Order(4)
	void aCashierAtTheDashboardsAddressIsRefused() {
		browser.click("#sign-out");
		browser.find("#signin");
		signIn(cashierName);
		assertThat(browser.text("#refused")).contains("for managers and admins");
		assertThat(browser.present("#dashboard")).isFalse();
		browser.screenshot("22-dashboard-refused");
	}
}

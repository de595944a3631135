package dev.kassa.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

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
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Returns and voids at the till in headless Chromium, with a manager approving at the till, and a price and
 * stock changed in the back office reaching the open till through the event stream, across a lost connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TillReturnsBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String CASHIER = "returns-cashier";

	private static final String MANAGER = "returns-manager";

	private Browser browser;

	private String location;

	private String terminal;

	private String product;

	private String cashierToken;

	@BeforeAll
	void start() {
		var admin = api().adminToken();
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int year = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on", LocalDate.of(year, 4, 1).toString(),
				"ends_on", LocalDate.of(year + 1, 3, 31).toString()), key()));
		location = fixtures.location("RET1", "29");
		product = fixtures.product("TEA-250", "100.00", Fixtures.GST_5, "track_stock", true, "allow_negative_stock", false,
				"name", "Assam tea 250 g");
		ok(api().post("/api/v1/stock/receipts", admin, Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", product, "quantity", "50"))), key()));
		terminal = ok(api().post("/api/v1/terminals", admin, Map.of("location_id", location, "code", "TILL-7", "name",
				"Counter 7", "paper_width", 80), key())).json().path("id").asString();
		cashierToken = api().tokenForNewUser(CASHIER, List.of("CASHIER"), null);
		api().tokenForNewUser(MANAGER, List.of("MANAGER"), null);
		api().tokenForNewUser("returns-other", List.of("CASHIER"), null);
		browser = new Browser(port, 1280, 800);
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	private JsonNode sell(String quantity, String amount) {
		return ok(api().post("/api/v1/sales", cashierToken, Map.of("location_id", location, "terminal_id", terminal,
				"lines", List.of(Map.of("product_id", product, "quantity", new BigDecimal(quantity))), "payments",
				List.of(Map.of("method", "CASH", "amount", new BigDecimal(amount)))), key())).json();
	}

	private void accessible(String screen) {
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on " + screen).isEmpty();
	}

	private void openReturn(String number) {
		browser.click("#return-open");
		browser.find("#return-find");
		browser.type("#return-number", number, Keys.ENTER);
	}

	private void approve(String who, String password) {
		browser.type("#approver-name", who);
		browser.type("#approver-password", password);
	}

	@Test
	@Order(1)
	void aCashierReturnsLinesOfAReceiptWithTheServersRefundAndAManagersApproval() {
		// the test's own script (through DevTools, the page ships no hook) keeps the page's event streams, so
		// that a lost connection can be made: the browser's offline mode does not break a stream already open
		browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
				(() => {
				  const Native = window.EventSource;
				  const open = [];
				  window.EventSource = class extends Native {
				    constructor(...args) { super(...args); open.push(this); }
				  };
				  Object.defineProperty(window, '__kassaStreams', { value: open });
				})();
				"""));
		browser.open("/");
		browser.type("#username", CASHIER);
		browser.type("#password", PASSWORD, Keys.ENTER);
		browser.find("#terminal-setup");
		browser.textContaining("#terminal", "Counter 7");
		browser.click("#terminal-setup button[type=submit]");
		browser.type("#opening-float", "1000", Keys.ENTER);
		browser.find("#sale");
		var sale = sell("3", "315.00");
		var number = sale.path("number").asString();

		// bad input: nothing typed, a number no sale has
		browser.click("#return-open");
		browser.find("#return-find");
		browser.click("#return-find-submit");
		assertThat(browser.text("#return-number-error")).isEqualTo("Receipt number is required.");
		browser.type("#return-number", "NOPE/0000/1", Keys.ENTER);
		assertThat(browser.textContaining("#return-number-error", "No sale")).contains("NOPE/0000/1");
		// the receipt's number as a scanner types it: characters then Enter, into the focused field
		browser.type("#return-number", number, Keys.ENTER);
		browser.find("#return-lines");
		assertThat(browser.text("#return-sale")).contains(number);
		browser.find("#approval");

		browser.type("#return-qty-0", "1.5");
		assertThat(browser.textContaining("#return-qty-0-error", "whole number")).startsWith("Line 1 quantity returned");
		browser.type("#return-qty-0", "4");
		assertThat(browser.textContaining("#return-qty-0-error", "at most")).contains("at most 3");
		browser.type("#return-qty-0", "2");
		browser.textContaining("#return-total", "210.00");
		browser.click("#return-submit");
		assertThat(browser.text("#return-reason-error")).isEqualTo("Reason is required.");
		assertThat(browser.text("#approver-name-error")).isEqualTo("Manager user name is required.");
		assertThat(browser.text("#approver-password-error")).isEqualTo("Manager password is required.");
		browser.type("#return-reason", "x".repeat(501));
		browser.click("#return-submit");
		assertThat(browser.text("#return-reason-error")).contains("at most 500");
		browser.type("#return-reason", "the lid was broken");
		// the wrong role approves: another cashier cannot
		approve("returns-other", PASSWORD);
		browser.click("#return-submit");
		assertThat(browser.textContaining("#approver-name-error", "could not approve")).contains("MANAGER");
		approve(MANAGER, "not the password");
		browser.click("#return-submit");
		browser.textContaining("#approver-name-error", "could not approve");
		assertThat(count("SELECT count(*) FROM sale_returns")).as("nothing written yet").isZero();
		accessible("return dialog");
		browser.screenshot("r1-return-dialog");

		approve(MANAGER, PASSWORD);
		browser.click("#return-submit");
		assertThat(browser.textContaining("#sale-message", "credit note")).contains("210.00");
		assertThat(count("SELECT count(*) FROM sale_returns WHERE total = 210.00")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM till_session_sales WHERE kind = 'RETURN' AND total = -210.00")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM stock_levels WHERE product_id = '" + product + "' AND on_hand = 49"))
			.as("two of three back on the shelf").isEqualTo(1);
		browser.screenshot("r2-returned");

		// what is left of the line: one
		openReturn(number);
		browser.find("#return-lines");
		assertThat(browser.text("#return-lines")).contains("1");
		browser.type("#return-qty-0", "2");
		browser.textContaining("#return-qty-0-error", "at most 1");
		browser.keys(Keys.ESCAPE);
	}

	@Test
	@Order(2)
	void aSaleIsVoidedFromTheTillWithAManagersApproval() {
		var sale = sell("1", "105.00");
		openReturn(sale.path("number").asString());
		browser.find("#return-lines");
		browser.click("#void-submit");
		assertThat(browser.text("#return-reason-error")).isEqualTo("Reason is required.");
		browser.type("#return-reason", "rang up twice");
		approve(MANAGER, PASSWORD);
		browser.click("#void-submit");
		assertThat(browser.textContaining("#sale-message", "voided")).contains(sale.path("number").asString());
		assertThat(ok(api().get("/api/v1/sales/" + sale.path("id").asString(), cashierToken)).json().path("status")
			.asString()).isEqualTo("VOIDED");
		assertThat(count("SELECT count(*) FROM till_session_sales WHERE kind = 'VOID'")).isEqualTo(1);

		// a voided sale has nothing to return
		openReturn(sale.path("number").asString());
		browser.textContaining("#return-number-error", "voided");
		browser.screenshot("r3-voided");
		browser.keys(Keys.ESCAPE);
	}

	private void price(String price) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", "TEA-250");
		body.put("name", "Assam tea 250 g");
		body.put("unit", "PIECE");
		body.put("price", new BigDecimal(price));
		body.put("price_includes_tax", false);
		body.put("tax_class_id", Fixtures.GST_5);
		body.put("track_stock", true);
		body.put("allow_negative_stock", false);
		ok(api().put("/api/v1/products/" + product, api().token("MANAGER"), body));
	}

	/** The network lost or back; lost, the page's open streams break as they do when a cable is pulled. */
	private void network(boolean offline) {
		browser.driver.executeCdpCommand("Network.enable", Map.of());
		browser.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
				"downloadThroughput", -1, "uploadThroughput", -1));
		if (offline) {
			browser.script("for (const s of window.__kassaStreams) { if (s.readyState !== EventSource.CLOSED) { "
					+ "s.close(); s.dispatchEvent(new Event('error')); } }");
		}
	}

	@Test
	@Order(3)
	void aPriceAndStockChangedInTheBackOfficeReachTheOpenTillAcrossALostConnection() {
		browser.find("[data-state=live]");
		browser.click("#favourites .tile[data-sku='TEA-250']");
		browser.textContaining("#total", "105.00");
		browser.textContaining("#favourites .tile[data-sku='TEA-250']", "in stock");

		price("120.00");
		browser.textContaining("#total", "126.00");
		browser.textContaining("#favourites .tile[data-sku='TEA-250']", "120.00");
		assertThat(browser.text("#sale-message")).contains("now").contains("120.00");
		ok(api().post("/api/v1/stock/receipts", api().adminToken(), Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", product, "quantity", "10"))), key()));
		var tile = "#favourites .tile[data-sku='TEA-250']";
		var before = browser.text(tile);
		browser.waitFor(d -> !browser.text(tile).equals(before));
		assertThat(browser.text(tile)).contains("in stock");
		browser.screenshot("r4-live-price");

		// the connection is lost: the till says so; a price changed meanwhile arrives once it is back
		network(true);
		new WebDriverWait(browser.driver, Duration.ofSeconds(30))
			.until(d -> "offline".equals(browser.find("#till-live").getDomAttribute("data-state")));
		assertThat(browser.text("#till-live")).contains("Connection lost");
		browser.screenshot("r5-connection-lost");
		price("110.00");
		network(false);
		new WebDriverWait(browser.driver, Duration.ofSeconds(60))
			.until(d -> "live".equals(browser.find("#till-live").getDomAttribute("data-state")));
		new WebDriverWait(browser.driver, Duration.ofSeconds(30))
			.until(d -> browser.text("#total").contains("115.50"));
		assertThat(browser.text(tile)).contains("110.00");
		accessible("sale screen, live");

		// the cart, for a customer created in two fields, is paid at the server's new total
		browser.keys(Keys.F4);
		browser.type("#customer-phone", "98450 54321", Keys.ENTER);
		browser.find("#customer-create");
		browser.type("#customer-new-name", "Meera Iyer", Keys.ENTER);
		browser.textContaining("#customer-name", "Meera Iyer");
		browser.keys(Keys.F9);
		browser.find("#tender-form");
		browser.textContaining("#tender-total", "115.50");
		browser.find("#tender-amount").sendKeys(Keys.ENTER);
		browser.find("#receipt-screen");
		assertThat(browser.text("#receipt-customer")).isEqualTo("Customer: Meera Iyer");
		browser.screenshot("r6-receipt-customer");
		assertThat(count("SELECT count(*) FROM sales WHERE total = 115.50 AND customer_id IS NOT NULL")).isEqualTo(1);
	}
}

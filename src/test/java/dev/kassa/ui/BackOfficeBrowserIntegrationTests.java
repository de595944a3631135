package dev.kassa.ui;

import java.math.BigDecimal;
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

import tools.jackson.databind.JsonNode;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The back office's screens in headless Chromium against a real Kassa: the dashboard's tills, terminals, low
 * stock and deliveries follow what is done through the API without a reload; stock is adjusted, counted,
 * transferred and given a threshold on its screen, users are created and deactivated on theirs, each checked
 * through the API; bad input on every form shows its message on screen and writes nothing; a manager is
 * refused the users screen and a cashier every back-office screen; axe-core finds nothing serious.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackOfficeBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private final String suffix = UUID.randomUUID().toString().substring(0, 6);

	private final String managerName = "office-manager-" + suffix;

	private final String cashierName = "office-cashier-" + suffix;

	private final String adminName = "office-admin-" + suffix;

	private Browser browser;

	private String store;

	private String warehouse;

	private String rice;

	private String terminal;

	private String cashier;

	private String manager;

	@BeforeAll
	void start() {
		var admin = api().adminToken();
		ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Back Office Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata")));
		var today = LocalDate.now(KOLKATA);
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				key()));
		var gst5 = id(api().post("/api/v1/tax-classes", admin,
				Map.of("code", "GST5", "name", "GST 5%", "kind", "GST", "rate", 5), key()));
		store = id(api().post("/api/v1/locations", admin, Map.of("code", "BO1", "name", "Back Office Store", "type",
				"STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
		warehouse = id(api().post("/api/v1/locations", admin, Map.of("code", "BO2", "name", "Back Office Godown",
				"type", "WAREHOUSE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
		var product = new LinkedHashMap<String, Object>();
		product.put("sku", "RICE-" + suffix);
		product.put("name", "Basmati rice 1 kg");
		product.put("unit", "PIECE");
		product.put("price", new BigDecimal("100.00"));
		product.put("price_includes_tax", false);
		product.put("tax_class_id", gst5);
		product.put("track_stock", true);
		product.put("allow_negative_stock", false);
		rice = id(api().post("/api/v1/products", admin, product, key()));
		ok(api().post("/api/v1/stock/receipts", admin, Map.of("location_id", store, "lines",
				List.of(Map.of("product_id", rice, "quantity", 10)), "note", "opening stock"), key()));
		ok(api().put("/api/v1/stock/" + store + "/" + rice + "/threshold", admin, Map.of("low_stock_threshold", 5)));
		terminal = id(api().post("/api/v1/terminals", admin, Map.of("location_id", store, "code", "BO-T1", "name",
				"Front counter"), key()));
		manager = api().tokenForNewUser(managerName, List.of("MANAGER"), null);
		cashier = api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		api().tokenForNewUser(adminName, List.of("ADMIN"), null);
		browser = new Browser(port, 1280, 1400);
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	// ------------------------------------------------------------------ the dashboard's panels

	@Test
	@Order(1)
	void theDashboardFollowsTillsTerminalsLowStockAndDeliveriesWithoutAReload() {
		browser.open("/#/dashboard");
		signIn(managerName);
		browser.textContaining("#live-status", "Live");
		browser.find("#dash-location option[value='" + store + "']").click();
		browser.textContaining("#tills", "No till is open");
		browser.textContaining("#low-stock", "Nothing is at or below");
		browser.script("window.kassaMark = 'still here'");

		// a cashier opens a session: it shows as open, from the tills topic
		var session = id(api().post("/api/v1/till-sessions", cashier, Map.of("terminal_id", terminal,
				"opening_float", new BigDecimal("500.00")), key()));
		browser.waitFor(d -> browser.present("#tills-table tr[data-session='" + session + "'][data-state='OPEN']") ? true : null);
		assertThat(browser.text("#tills-table")).contains("BO-T1").contains("Open");

		// six sold at the terminal: available 4 is under the threshold 5, and the terminal's takings show
		sell(6);
		browser.waitFor(d -> browser.present("#low-stock-table tr[data-product='" + rice + "']") ? true : null);
		assertThat(browser.text("#low-stock-table")).contains("Basmati rice 1 kg").contains("4").contains("5");
		var bySession = ok(api().get("/api/v1/till-reports/sales?location_id=" + store + "&from=" + todayFrom() + "&to="
				+ todayTo(), manager)).json().path("items");
		assertThat(bySession).hasSize(1);
		var net = bySession.get(0).path("net").decimalValue();
		assertThat(bySession.get(0).path("sales").asLong()).isEqualTo(1);
		browser.waitFor(d -> {
			var row = browser.all("#by-terminal-table tr[data-terminal='" + terminal + "']");
			return !row.isEmpty() && new BigDecimal(row.get(0).getAttribute("data-net")).compareTo(net) == 0 ? true : null;
		});
		assertThat(browser.text("#by-terminal-table")).contains("BO-T1");

		// a delivery for today, then cancelled: the states follow the deliveries topic
		var delivery = id(api().post("/api/v1/delivery-orders", manager, delivery(), key()));
		browser.waitFor(d -> browser.present("#deliveries-table tr[data-state='PENDING'][data-count='1']") ? true : null);
		ok(api().post("/api/v1/delivery-orders/" + delivery + "/cancel", manager, Map.of("reason", "customer away"), key()));
		browser.waitFor(d -> browser.present("#deliveries-table tr[data-state='CANCELLED'][data-count='1']")
				&& browser.present("#deliveries-table tr[data-state='PENDING'][data-count='0']") ? true : null);

		// the blind close, 2.00 short: closed, with the variance the variance report gives
		ok(api().post("/api/v1/till-sessions/" + session + "/close", cashier,
				Map.of("counted", List.of(Map.of("method", "CASH", "amount", new BigDecimal("1128.00")))), key()));
		var variances = ok(api().get("/api/v1/till-reports/variances?location_id=" + store + "&from=" + todayFrom()
				+ "&to=" + todayTo(), manager)).json().path("sessions");
		assertThat(variances).hasSize(1);
		var variance = variances.get(0).path("variance_total").decimalValue();
		assertThat(variance).isEqualByComparingTo("-2.00");
		browser.waitFor(d -> {
			var row = browser.all("#tills-table tr[data-session='" + session + "'][data-state='CLOSED']");
			return !row.isEmpty() && new BigDecimal(row.get(0).getAttribute("data-variance")).compareTo(variance) == 0 ? true : null;
		});
		assertThat(browser.text("#tills-table")).contains("Closed").contains("-₹2.00").contains(cashierName);
		assertThat(browser.script("return window.kassaMark")).isEqualTo("still here");
		browser.screenshot("24-dashboard-tills-stock-deliveries");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the dashboard's panels").isEmpty();

		// all locations: the same rows, with the location named on the low-stock ones
		browser.find("#dash-location option[value='']").click();
		browser.waitFor(d -> browser.text("#low-stock-table").contains("BO1") ? true : null);
	}

	// ------------------------------------------------------------------ stock

	@Test
	@Order(2)
	void theManagerAdjustsCountsTransfersAndSetsAThresholdOnTheStockScreen() {
		browser.click("#low-stock-table a");
		browser.find("#stock");
		browser.find("#product-stock");
		assertThat(browser.find("#stock-on-hand").getAttribute("data-value")).isEqualTo("4");
		assertThat(browser.text("#stock-levels")).contains("Basmati rice 1 kg").contains("(low)");
		assertThat(browser.text("#stock-ledger")).contains("Received").contains("opening stock").contains("Sold");
		int movements = movements(store).size();

		// bad input: nothing is sent, each message is next to its field
		browser.click("#adjust-form button[type=submit]");
		assertThat(browser.text("#adjust-amount-error")).isEqualTo("Change (minus to take away) is required.");
		assertThat(browser.text("#adjust-reason-error")).isEqualTo("Reason is required.");
		browser.type("#adjust-amount", "abc");
		browser.type("#adjust-reason", "x".repeat(501));
		browser.click("#adjust-form button[type=submit]");
		assertThat(browser.text("#adjust-amount-error")).contains("must be a number");
		assertThat(browser.text("#adjust-reason-error")).isEqualTo("Reason may have at most 500 characters.");
		browser.type("#adjust-amount", "1.2345");
		browser.click("#adjust-form button[type=submit]");
		assertThat(browser.text("#adjust-amount-error")).contains("at most 3 decimals");
		// past what the server takes (11 digits): its refusal is shown next to the field
		browser.type("#adjust-amount", "99999999999.5");
		browser.type("#adjust-reason", "found in the back room");
		browser.click("#adjust-form button[type=submit]");
		assertThat(browser.textContaining("#adjust-amount-error", "Change (minus to take away):")).contains("99999999999");
		assertThat(browser.find("#adjust-amount").getAttribute("aria-invalid")).isEqualTo("true");
		browser.screenshot("26-stock-refused-input");
		assertThat(movements(store)).hasSize(movements);

		// a change, then a count
		browser.type("#adjust-amount", "6");
		browser.click("#adjust-form button[type=submit]");
		browser.textContaining("#stock-notice", "Adjusted: 10 on hand now.");
		assertThat(level(store).path("on_hand").decimalValue()).isEqualByComparingTo("10");
		browser.click("#adjust-by-count");
		browser.type("#adjust-amount", "8");
		browser.type("#adjust-reason", "shelf count");
		browser.click("#adjust-form button[type=submit]");
		browser.textContaining("#stock-notice", "Adjusted: 8 on hand now.");
		assertThat(level(store).path("on_hand").decimalValue()).isEqualByComparingTo("8");
		var latest = movements(store);
		assertThat(latest).hasSize(movements + 2);
		assertThat(latest.get(0).path("kind").asString()).isEqualTo("ADJUSTMENT");
		assertThat(latest.get(0).path("quantity").decimalValue()).isEqualByComparingTo("-2");
		assertThat(latest.get(0).path("reason").asString()).isEqualTo("shelf count");
		browser.textContaining("#stock-ledger", "shelf count");

		// a transfer: more than there is is refused by the server, with the figures, at the quantity
		browser.click("#transfer-form button[type=submit]");
		assertThat(browser.text("#transfer-to-error")).isEqualTo("To location is required.");
		assertThat(browser.text("#transfer-amount-error")).isEqualTo("Quantity is required.");
		browser.find("#transfer-to option[value='" + warehouse + "']").click();
		browser.type("#transfer-amount", "100");
		browser.click("#transfer-form button[type=submit]");
		assertThat(browser.textContaining("#transfer-amount-error", "Not enough stock")).contains("100 asked, 8 in stock");
		assertThat(level(warehouse).path("on_hand").decimalValue()).isEqualByComparingTo("0");
		browser.type("#transfer-amount", "3");
		browser.type("#transfer-note", "for the weekend");
		browser.click("#transfer-form button[type=submit]");
		browser.textContaining("#stock-notice", "3 transferred to BO2.");
		assertThat(level(store).path("on_hand").decimalValue()).isEqualByComparingTo("5");
		assertThat(level(warehouse).path("on_hand").decimalValue()).isEqualByComparingTo("3");

		// the threshold: negative refused, then set
		browser.type("#threshold-value", "-1");
		browser.click("#threshold-form button[type=submit]");
		assertThat(browser.text("#threshold-value-error")).isEqualTo("Low-stock threshold cannot be negative.");
		assertThat(level(store).path("low_stock_threshold").decimalValue()).isEqualByComparingTo("5");
		browser.type("#threshold-value", "2");
		browser.click("#threshold-form button[type=submit]");
		browser.textContaining("#stock-notice", "Threshold set to 2.");
		assertThat(level(store).path("low_stock_threshold").decimalValue()).isEqualByComparingTo("2");
		assertThat(level(store).path("low").asBoolean()).isFalse();
		browser.waitFor(d -> browser.text("#stock-levels").contains("(low)") ? null : true);

		// a product with no stock row at the godown yet is found by name
		browser.find("#stock-location option[value='" + warehouse + "']").click();
		browser.waitFor(d -> browser.text("#stock-levels").contains("Basmati rice 1 kg") ? true : null);
		browser.click("#stock-find-button");
		assertThat(browser.text("#stock-find-error")).isEqualTo("Product name is required.");
		browser.type("#stock-find", "basmati");
		browser.find("#stock-find").sendKeys(Keys.ENTER);
		browser.click("#stock-found button[data-product='" + rice + "']");
		browser.textContaining("#product-stock-title", "Basmati rice 1 kg at BO2");
		assertThat(browser.find("#stock-on-hand").getAttribute("data-value")).isEqualTo("3");
		browser.textContaining("#stock-ledger", "Transferred in");
		browser.screenshot("25-stock");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the stock screen").isEmpty();
	}

	// ------------------------------------------------------------------ customers

	@Test
	@Order(3)
	void theManagerFindsACustomerSeesTheirPurchasesAndEditsThem() {
		var customer = new LinkedHashMap<String, Object>();
		customer.put("name", "Asha Rao");
		customer.put("phone", "+919845012345");
		customer.put("billing_address", Map.of("line1", "12 MG Road", "city", "Bengaluru", "state_code", "29"));
		customer.put("tags", List.of("regular"));
		var asha = id(api().post("/api/v1/customers", manager, customer, key()));
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", store);
		body.put("customer_id", asha);
		body.put("lines", List.of(Map.of("product_id", rice, "quantity", 1)));
		body.put("payments", List.of(Map.of("method", "UPI", "amount", new BigDecimal("105.00"))));
		var number = ok(api().post("/api/v1/sales", manager, body, key())).json().path("number").asString();

		browser.click("#nav-customers");
		browser.find("#customers");
		browser.type("#customer-search", "asha");
		browser.waitFor(d -> browser.all("#customer-list tbody tr").size() == 1 ? true : null);
		browser.click("#customer-list tr[data-customer='" + asha + "'] button");
		browser.textContaining("#customer-sales", number);
		assertThat(browser.find("#customer-summary").getAttribute("data-count")).isEqualTo("1");
		assertThat(browser.text("#customer-summary")).contains("1 purchases, ₹105.00 in all.");
		var before = ok(api().get("/api/v1/customers/" + asha, manager)).json();

		// bad input: the messages at the fields, nothing written
		browser.type("#customer-name", "");
		browser.type("#customer-email", "not-an-email");
		browser.type("#customer-gstin", "29ABCDE1234F1Z5X");
		browser.click("#customer-form button[type=submit]");
		assertThat(browser.text("#customer-name-error")).isEqualTo("Name is required.");
		assertThat(browser.text("#customer-email-error")).isEqualTo("The email address must look like name@example.com.");
		assertThat(browser.text("#customer-gstin-error")).isEqualTo("GSTIN (optional) may have at most 15 characters.");
		browser.type("#customer-name", "n".repeat(201));
		browser.type("#customer-email", "asha@example.com");
		browser.type("#customer-gstin", "");
		browser.click("#customer-form button[type=submit]");
		assertThat(browser.text("#customer-name-error")).isEqualTo("Name may have at most 200 characters.");
		// a phone number only the server can tell is not one
		browser.type("#customer-name", "Asha Rao");
		browser.type("#customer-phone", "12");
		browser.click("#customer-form button[type=submit]");
		assertThat(browser.textContaining("#customer-phone-error", "Phone number:")).isNotEqualTo("Phone number:");
		browser.screenshot("31-customers-refused-input");
		assertThat(ok(api().get("/api/v1/customers/" + asha, manager)).json()).isEqualTo(before);

		browser.type("#customer-phone", "+91 98450 12345");
		browser.type("#customer-notes", "Prefers delivery after 6 pm");
		browser.click("#customer-form button[type=submit]");
		browser.textContaining("#customers-notice", "Asha Rao saved.");
		var after = ok(api().get("/api/v1/customers/" + asha, manager)).json();
		assertThat(after.path("email").asString()).isEqualTo("asha@example.com");
		assertThat(after.path("notes").asString()).isEqualTo("Prefers delivery after 6 pm");
		// what the form does not show is kept
		assertThat(after.path("billing_address").path("city").asString()).isEqualTo("Bengaluru");
		assertThat(after.path("tags").toString()).isEqualTo("[\"regular\"]");
		browser.screenshot("30-customers");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the customers screen").isEmpty();

		// a new customer with a phone that is taken: the server's refusal at the phone, nothing created
		browser.click("#customer-new");
		browser.type("#customer-name", "Ravi Kumar");
		browser.type("#customer-phone", "+919845012345");
		browser.click("#customer-form button[type=submit]");
		assertThat(browser.textContaining("#customer-phone-error", "Phone number:")).contains("already used");
		assertThat(ok(api().get("/api/v1/customers?name=ravi", manager)).json().path("items")).isEmpty();
		browser.type("#customer-phone", "+919845099999");
		browser.click("#customer-form button[type=submit]");
		browser.textContaining("#customers-notice", "Customer Ravi Kumar created.");
		assertThat(ok(api().get("/api/v1/customers?name=ravi", manager)).json().path("items")).hasSize(1);
	}

	// ------------------------------------------------------------------ sales

	@Test
	@Order(4)
	void theManagerFindsSalesByNumberAndByCustomerAndGetsTheReceiptAgain() {
		var sales = ok(api().get("/api/v1/sales?location_id=" + store + "&limit=50", manager)).json().path("items");
		assertThat(sales).hasSize(2);
		// newest first: the customer's UPI sale, then the six sold at the terminal
		var customers = sales.get(0);
		var terminalSale = sales.get(1);
		assertThat(terminalSale.path("total").decimalValue()).isEqualByComparingTo("630.00");

		browser.click("#nav-sales");
		browser.find("#sales");
		browser.click("#sale-number-form button[type=submit]");
		assertThat(browser.text("#sale-number-error")).isEqualTo("Sale number is required.");
		browser.type("#sale-number", "X".repeat(17));
		browser.click("#sale-number-form button[type=submit]");
		assertThat(browser.text("#sale-number-error")).isEqualTo("Sale number may have at most 16 characters.");
		browser.type("#sale-number", "BO1 42!");
		browser.click("#sale-number-form button[type=submit]");
		assertThat(browser.text("#sale-number-error")).isEqualTo("A sale number has only letters, digits, / _ and -.");
		browser.type("#sale-number", "ZZ9/0000/000001");
		browser.click("#sale-number-form button[type=submit]");
		assertThat(browser.textContaining("#sale-number-error", "No sale")).isEqualTo("No sale has the number ZZ9/0000/000001.");
		assertThat(browser.present("#sale")).isFalse();

		browser.type("#sale-number", terminalSale.path("number").asString());
		browser.click("#sale-number-form button[type=submit]");
		browser.textContaining("#sale-title", terminalSale.path("number").asString());
		assertThat(browser.text("#sale-lines")).contains("Basmati rice 1 kg").contains("₹630.00");
		browser.click("#get-receipt");
		var link = browser.find("#file-receipt");
		assertThat(link.getAttribute("download")).endsWith(".pdf");
		assertThat(Long.parseLong(link.getAttribute("data-bytes"))).isGreaterThan(1000);
		assertThat(link.getAttribute("href")).startsWith("blob:");
		var receipt = api().get("/api/v1/sales/" + terminalSale.path("id").asString() + "/receipt.pdf", manager);
		assertThat(receipt.status()).isEqualTo(200);
		assertThat(receipt.body()).startsWith("%PDF");

		// the period: To before From, an empty day, a phone that is not one
		var tomorrow = LocalDate.now(KOLKATA).plusDays(1).toString();
		setValue("#sale-from", tomorrow);
		browser.click("#sale-period-form button[type=submit]");
		assertThat(browser.text("#sale-to-error")).isEqualTo("To must not be before From.");
		setValue("#sale-from", "");
		browser.type("#sale-phone", "call me");
		browser.click("#sale-period-form button[type=submit]");
		assertThat(browser.text("#sale-from-error")).isEqualTo("From must be a date.");
		assertThat(browser.text("#sale-phone-error")).startsWith("The phone number must have");
		assertThat(browser.present("#sale-list")).isFalse();

		// today's sales of the customer whose phone starts so: only theirs
		setValue("#sale-from", LocalDate.now(KOLKATA).toString());
		browser.type("#sale-phone", "+9198450123");
		browser.click("#sale-period-form button[type=submit]");
		browser.waitFor(d -> browser.all("#sale-list tbody tr").size() == 1 ? true : null);
		assertThat(browser.text("#sale-list")).contains(customers.path("number").asString()).contains("₹105.00");
		browser.type("#sale-phone", "");
		browser.click("#sale-period-form button[type=submit]");
		browser.waitFor(d -> browser.all("#sale-list tbody tr").size() == 2 ? true : null);
		browser.screenshot("32-sales");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the sales screen").isEmpty();
	}

	/** Sets an input's value as the browser's own picker would, with the input event the page listens to. */
	private void setValue(String css, String value) {
		browser.script("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
				+ " e.dispatchEvent(new Event('input', { bubbles: true }));", css, value);
	}

	// ------------------------------------------------------------------ shop settings

	@Test
	@Order(5)
	void theManagerCreatesALocationAndATerminalAndDeactivatesTheTerminal() {
		browser.click("#nav-settings");
		browser.find("#settings");
		browser.textContaining("#location-list", "BO2");
		int locations = ok(api().get("/api/v1/locations?limit=200", manager)).json().path("items").size();

		browser.click("#new-location button[type=submit]");
		assertThat(browser.text("#location-code-error")).isEqualTo("Code is required.");
		assertThat(browser.text("#location-name-error")).isEqualTo("Name is required.");
		browser.type("#location-code", "TOOLONG99");
		browser.type("#location-name", "Back Office Kiosk");
		browser.type("#location-state_code", "2A");
		browser.type("#location-time_zone", "Mars/Olympus");
		browser.click("#new-location button[type=submit]");
		assertThat(browser.text("#location-code-error")).isEqualTo("Code may have at most 8 characters.");
		assertThat(browser.text("#location-state_code-error")).startsWith("The GST state code has two digits");
		assertThat(browser.text("#location-time_zone-error")).isEqualTo("The time zone must be a region such as Asia/Kolkata.");
		browser.type("#location-code", "B-3");
		browser.type("#location-state_code", "29");
		browser.type("#location-time_zone", "Asia/Kolkata");
		browser.click("#new-location button[type=submit]");
		assertThat(browser.text("#location-code-error")).startsWith("A location code has 1 to 8 letters or digits");
		// a code another location has: the server's refusal, at the code
		browser.type("#location-code", "BO1");
		browser.click("#new-location button[type=submit]");
		assertThat(browser.textContaining("#location-code-error", "BO1")).startsWith("Kassa refused:");
		assertThat(ok(api().get("/api/v1/locations?limit=200", manager)).json().path("items")).hasSize(locations);
		browser.type("#location-code", "BO3");
		browser.click("#new-location button[type=submit]");
		browser.textContaining("#settings-notice", "Location BO3 created.");
		var kiosk = locationCoded("BO3");
		assertThat(kiosk.path("name").asString()).isEqualTo("Back Office Kiosk");
		assertThat(kiosk.path("state_code").asString()).isEqualTo("29");
		assertThat(kiosk.path("time_zone").asString()).isEqualTo("Asia/Kolkata");

		browser.click("#new-terminal button[type=submit]");
		assertThat(browser.text("#terminal-location-error")).isEqualTo("Location is required.");
		assertThat(browser.text("#terminal-code-error")).isEqualTo("Code is required.");
		assertThat(browser.text("#terminal-name-error")).isEqualTo("Name is required.");
		browser.find("#terminal-location option[value='" + store + "']").click();
		browser.type("#terminal-code", "TILL 2");
		browser.type("#terminal-name", "Kiosk till");
		browser.click("#new-terminal button[type=submit]");
		assertThat(browser.text("#terminal-code-error")).startsWith("The terminal code may have only letters");
		browser.type("#terminal-code", "BO-T1");
		browser.click("#new-terminal button[type=submit]");
		assertThat(browser.textContaining("#terminal-code-error", "BO-T1")).startsWith("Kassa refused:");
		assertThat(ok(api().get("/api/v1/terminals?limit=200", manager)).json().path("items")).hasSize(1);
		browser.find("#terminal-location option[value='" + kiosk.path("id").asString() + "']").click();
		browser.type("#terminal-code", "BO-T2");
		browser.find("#terminal-paper option[value='58']").click();
		browser.click("#new-terminal button[type=submit]");
		browser.textContaining("#settings-notice", "Terminal BO-T2 created.");
		var terminals = ok(api().get("/api/v1/terminals?location_id=" + kiosk.path("id").asString(), manager)).json().path("items");
		assertThat(terminals).hasSize(1);
		assertThat(terminals.get(0).path("code").asString()).isEqualTo("BO-T2");
		assertThat(terminals.get(0).path("paper_width").asInt()).isEqualTo(58);

		browser.click("#terminal-list tr[data-code='BO-T2'] button");
		browser.textContaining("#settings-notice", "BO-T2 is deactivated.");
		assertThat(ok(api().get("/api/v1/terminals/" + terminals.get(0).path("id").asString(), manager)).json()
			.path("active").asBoolean()).isFalse();
		browser.textContaining("#terminal-list tr[data-code='BO-T2']", "inactive");
		browser.screenshot("35-settings");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the shop settings").isEmpty();
	}

	private JsonNode locationCoded(String code) {
		for (var l : ok(api().get("/api/v1/locations?limit=200", manager)).json().path("items")) {
			if (l.path("code").asString().equals(code)) {
				return l;
			}
		}
		throw new AssertionError("no location " + code);
	}

	// ------------------------------------------------------------------ refusals by role

	@Test
	@Order(6)
	void aManagerIsRefusedTheUsersScreenAndIsNotOfferedIt() {
		assertThat(browser.present("#nav-users")).isFalse();
		browser.open("/#/users");
		assertThat(browser.text("#refused")).contains("for admins only");
		assertThat(browser.present("#user-list")).isFalse();
		// the audit trail is theirs, but not the chain check, which the API keeps for admins
		browser.open("/#/audit");
		browser.find("#event-list");
		assertThat(browser.present("#verify-chain")).isFalse();
	}

	@Test
	@Order(7)
	void aCashierIsRefusedEveryBackOfficeScreen() {
		browser.open("/#/dashboard");
		browser.click("#sign-out");
		browser.find("#signin");
		signIn(cashierName);
		browser.textContaining("#refused", "for managers and admins");
		for (var screen : List.of("products", "stock", "customers", "sales", "settings", "audit", "users")) {
			browser.open("/#/" + screen);
			assertThat(browser.textContaining("#refused", "Not for your role")).as(screen).contains("for managers and admins");
			assertThat(browser.present("#" + screen)).as(screen).isFalse();
		}
		browser.screenshot("29-stock-refused-to-a-cashier");
	}

	// ------------------------------------------------------------------ users

	@Test
	@Order(8)
	void theAdminCreatesAUserLimitedToALocationAndDeactivatesIt() {
		// the cashier's tab is closed: its session goes with it
		browser.script("sessionStorage.clear(); location.reload()");
		browser.find("#signin");
		signIn(adminName);
		browser.find("#users");
		browser.textContaining("#user-list", managerName);
		int users = allUsers().size();
		var created = "new-cashier-" + suffix;

		browser.click("#new-user button[type=submit]");
		assertThat(browser.text("#user-username-error")).isEqualTo("User name is required.");
		assertThat(browser.text("#user-password-error")).isEqualTo("Password is required.");
		assertThat(browser.text("#user-roles-error")).isEqualTo("Choose at least one role.");
		browser.type("#user-username", "two words");
		browser.type("#user-display", "d".repeat(201));
		browser.type("#user-password", "short");
		browser.click("#role-ADMIN");
		browser.click("#new-user button[type=submit]");
		assertThat(browser.text("#user-username-error")).contains("without spaces");
		assertThat(browser.text("#user-display-error")).isEqualTo("Display name (optional) may have at most 200 characters.");
		assertThat(browser.text("#user-password-error")).isEqualTo("The password must have at least 12 characters for these roles.");
		// a name that is taken: the server's refusal, at the user name
		browser.type("#user-username", managerName);
		browser.type("#user-display", "Second manager");
		browser.type("#user-password", PASSWORD);
		browser.click("#role-ADMIN");
		browser.click("#role-CASHIER");
		browser.click("#new-user button[type=submit]");
		assertThat(browser.textContaining("#user-username-error", "taken")).contains(managerName);
		browser.screenshot("28-users-refused-input");
		assertThat(allUsers()).hasSize(users);

		browser.type("#user-username", created);
		browser.type("#user-display", "New Cashier");
		browser.click("#user-location-BO1");
		browser.click("#new-user button[type=submit]");
		browser.textContaining("#users-notice", "User " + created + " created.");
		var user = allUsers().stream().filter(u -> u.path("username").asString().equals(created)).findFirst().orElseThrow();
		assertThat(user.path("roles").toString()).isEqualTo("[\"CASHIER\"]");
		assertThat(user.path("location_ids").toString()).isEqualTo("[\"" + store + "\"]");
		assertThat(user.path("active").asBoolean()).isTrue();
		assertThat(api().login(created, PASSWORD).status()).isEqualTo(200);
		browser.textContaining("#user-list tr[data-username='" + created + "']", "BO1");

		browser.click("#user-list tr[data-username='" + created + "'] button");
		browser.textContaining("#users-notice", created + " is deactivated");
		assertThat(ok(api().get("/api/v1/users/" + user.path("id").asString(), api().adminToken())).json()
			.path("active").asBoolean()).isFalse();
		assertThat(api().login(created, PASSWORD).status()).isIn(401, 403);
		browser.textContaining("#user-list tr[data-username='" + created + "']", "inactive");
		browser.screenshot("27-users");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the users screen").isEmpty();
	}

	// ------------------------------------------------------------------ audit

	@Test
	@Order(9)
	void theAdminFiltersTheEventLogReadsAnEntitysHistoryAndChecksTheChain() {
		browser.click("#nav-audit");
		browser.find("#audit");
		browser.waitFor(d -> browser.all("#event-list tbody tr").size() == 25 ? true : null);

		browser.type("#audit-types", "user.created, Sale.Completed");
		browser.click("#audit-filter button[type=submit]");
		assertThat(browser.text("#audit-types-error")).contains("“Sale.Completed” has more");
		// more types than the server takes: its refusal, at the field
		var many = new StringBuilder("user.created");
		for (int i = 1; i <= 50; i++) {
			many.append(",type").append(i);
		}
		browser.type("#audit-types", many.toString());
		browser.click("#audit-filter button[type=submit]");
		assertThat(browser.textContaining("#audit-types-error", "Event types")).contains("at most 50 types");
		browser.screenshot("34-audit-refused-input");

		browser.type("#audit-types", "user.deactivated");
		browser.click("#audit-filter button[type=submit]");
		browser.waitFor(d -> browser.all("#event-list tbody tr").size() == 1 ? true : null);
		var logged = ok(api().get("/api/v1/events?types=user.deactivated", api().adminToken())).json().path("items");
		assertThat(logged).hasSize(1);
		assertThat(browser.find("#event-list tbody tr").getAttribute("data-seq")).isEqualTo(logged.get(0).path("seq").asString());

		browser.click("#event-list tbody tr button");
		browser.waitFor(d -> browser.all("#history-list tbody tr").size() >= 2 ? true : null);
		assertThat(browser.text("#history-list")).contains("user.created").contains("user.deactivated");

		browser.click("#verify-chain");
		browser.waitFor(d -> !browser.find("#chain-answer").getAttribute("data-ok").isEmpty() ? true : null);
		var verified = ok(api().post("/api/v1/events/verify", api().adminToken(), null)).json();
		assertThat(verified.path("ok").asBoolean()).isTrue();
		assertThat(browser.find("#chain-answer").getAttribute("data-ok")).isEqualTo("true");
		assertThat(browser.text("#chain-answer")).startsWith("The log is intact:");
		browser.screenshot("33-audit");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the audit trail").isEmpty();
	}

	// ------------------------------------------------------------------ helpers

	private void sell(int quantity) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", store);
		body.put("terminal_id", terminal);
		body.put("lines", List.of(Map.of("product_id", rice, "quantity", quantity)));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("105.00").multiply(BigDecimal.valueOf(quantity)))));
		var response = api().post("/api/v1/sales", cashier, body, key());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	private Map<String, Object> delivery() {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", store);
		body.put("recipient_name", "Asha Rao");
		body.put("recipient_phone", "+919845012345");
		body.put("address", "12 MG Road, Bengaluru");
		body.put("latitude", 12.9716);
		body.put("longitude", 77.5946);
		body.put("items", List.of(Map.of("product_id", rice, "quantity", 1)));
		body.put("delivery_date", LocalDate.now(KOLKATA).toString());
		return body;
	}

	private String todayFrom() {
		return LocalDate.now(KOLKATA).atStartOfDay(KOLKATA).toOffsetDateTime().toInstant().toString();
	}

	private String todayTo() {
		return LocalDate.now(KOLKATA).plusDays(1).atStartOfDay(KOLKATA).toOffsetDateTime().toInstant().toString();
	}

	private JsonNode level(String location) {
		return ok(api().get("/api/v1/stock/" + location + "/" + rice, manager)).json();
	}

	private List<JsonNode> movements(String location) {
		var page = ok(api().get("/api/v1/stock/" + location + "/" + rice + "/movements?limit=200", manager)).json();
		var list = new java.util.ArrayList<JsonNode>();
		page.path("items").forEach(list::add);
		return list;
	}

	private List<JsonNode> allUsers() {
		var list = new java.util.ArrayList<JsonNode>();
		ok(api().get("/api/v1/users?limit=200", api().adminToken())).json().path("items").forEach(list::add);
		return list;
	}

	private void signIn(String username) {
		browser.type("#username", username);
		browser.type("#password", PASSWORD);
		browser.find("#password").sendKeys(Keys.ENTER);
	}
}

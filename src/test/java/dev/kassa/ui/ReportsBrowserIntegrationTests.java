package dev.kassa.ui;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import tools.jackson.databind.JsonNode;

import dev.kassa.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The back office's reports in headless Chromium against a real Kassa: a shop sells through the API across two
 * cashiers, three payment methods and two GST rates, takes a return and closes two tills, one short and one over;
 * the reports screen shows the report endpoints' own figures for the day and for a range (by day, by hour, by
 * method, cashier, terminal, product and GST rate), the till variances per cashier with their sessions, and a
 * table's CSV download holds its rows. Bad periods are refused on screen, the server's refusal is shown, the
 * address holds the filters (the back button returns to the previous report), and a cashier is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private static final Path DOWNLOADS = Path.of("target", "downloads", "reports").toAbsolutePath();

	private final String suffix = UUID.randomUUID().toString().substring(0, 6);

	private final String managerName = "reports-manager-" + suffix;

	private final String asha = "reports-asha-" + suffix;

	private final String ravi = "reports-ravi-" + suffix;

	private Browser browser;

	private String store;

	private String rice;

	private String tea;

	private String manager;

	private String ashaSession;

	private String raviSession;

	private final String today = LocalDate.now(KOLKATA).toString();

	private final String weekAgo = LocalDate.now(KOLKATA).minusDays(6).toString();

	@BeforeAll
	void start() throws IOException {
		var admin = api().adminToken();
		ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Reports Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata")));
		var now = LocalDate.now(KOLKATA);
		int startYear = now.getMonthValue() >= 4 ? now.getYear() : now.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				key()));
		var gst5 = id(api().post("/api/v1/tax-classes", admin,
				Map.of("code", "R5", "name", "GST 5%", "kind", "GST", "rate", 5), key()));
		var gst18 = id(api().post("/api/v1/tax-classes", admin,
				Map.of("code", "R18", "name", "GST 18%", "kind", "GST", "rate", 18), key()));
		store = id(api().post("/api/v1/locations", admin, Map.of("code", "RP1", "name", "Reports Store", "type",
				"STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
		rice = product(admin, "RICE-" + suffix, "Basmati rice 1 kg", gst5);
		tea = product(admin, "TEA-" + suffix, "Masala tea 250 g", gst18);
		var front = id(api().post("/api/v1/terminals", admin, Map.of("location_id", store, "code", "RP-T1", "name",
				"Front counter"), key()));
		var back = id(api().post("/api/v1/terminals", admin, Map.of("location_id", store, "code", "RP-T2", "name",
				"Back counter"), key()));
		manager = api().tokenForNewUser(managerName, List.of("MANAGER"), null);
		var ashaToken = api().tokenForNewUser(asha, List.of("CASHIER"), null);
		var raviToken = api().tokenForNewUser(ravi, List.of("CASHIER"), null);

		ashaSession = id(api().post("/api/v1/till-sessions", ashaToken, Map.of("terminal_id", front,
				"opening_float", new BigDecimal("500.00")), key()));
		raviSession = id(api().post("/api/v1/till-sessions", raviToken, Map.of("terminal_id", back,
				"opening_float", new BigDecimal("500.00")), key()));
		// Asha: 2 rice in cash (210.00), 1 tea by UPI (118.00); Ravi: 1 tea in cash (118.00), rice and tea by card (223.00)
		var riceSale = sell(ashaToken, front, Map.of(rice, 2), "CASH", "210.00");
		sell(ashaToken, front, Map.of(tea, 1), "UPI", "118.00");
		sell(raviToken, back, Map.of(tea, 1), "CASH", "118.00");
		var both = new LinkedHashMap<String, Integer>();
		both.put(rice, 1);
		both.put(tea, 1);
		sell(raviToken, back, both, "CARD", "223.00");
		// one rice back, refunded in cash at the front counter
		ok(api().post("/api/v1/sales/" + riceSale.path("id").asString() + "/returns", manager,
				Map.of("lines", List.of(Map.of("sale_line_id", riceSale.path("lines").get(0).path("id").asString(),
						"quantity", 1, "restock", true)), "refunds", List.of(Map.of("method", "CASH", "amount", "105.00")),
						"reason", "torn bag", "terminal_id", front), key()));
		// Asha counts 2.00 short, Ravi 1.00 over
		close(ashaToken, ashaSession, new BigDecimal("-2.00"));
		close(raviToken, raviSession, new BigDecimal("1.00"));

		Files.createDirectories(DOWNLOADS);
		try (var old = Files.list(DOWNLOADS)) {
			for (var file : old.toList()) {
				Files.delete(file);
			}
		}
		browser = new Browser(port, 1280, 1400);
		browser.driver.executeCdpCommand("Browser.setDownloadBehavior",
				Map.of("behavior", "allow", "downloadPath", DOWNLOADS.toString()));
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	@Order(1)
	void theDaysReportShowsTheEndpointsFiguresInEveryDimension() {
		browser.open("/#/reports?location=" + store + "&from=" + today + "&to=" + today);
		signIn(managerName);
		browser.find("#report-figures");
		var report = report(today, today);
		var s = report.path("summary");
		assertThat(s.path("count").asLong()).isEqualTo(4);
		assertThat(s.path("net").decimalValue()).isEqualByComparingTo("600.00");
		assertThat(s.path("total").decimalValue()).isEqualByComparingTo("669.00");
		assertThat(browser.find("#figure-count").getAttribute("data-value")).isEqualTo("4");
		assertThat(money("#figure-net")).isEqualByComparingTo(s.path("net").decimalValue());
		assertThat(money("#figure-tax")).isEqualByComparingTo(s.path("tax").decimalValue()).isEqualByComparingTo("69.00");
		assertThat(money("#figure-total")).isEqualByComparingTo(s.path("total").decimalValue());
		assertThat(money("#figure-average")).isEqualByComparingTo(s.path("average_ticket").decimalValue());
		assertThat(money("#figure-returns")).isEqualByComparingTo(report.path("returns").path("total").decimalValue())
			.isEqualByComparingTo("105.00");
		assertThat(browser.text("#figure-total")).isEqualTo("₹669.00");

		// by payment method: Card 223.00, Cash 328.00, UPI 118.00, as the endpoint has them
		var methods = rows("#by-method-table");
		assertThat(methods).hasSize(report.path("by_payment_method").size());
		for (var m : report.path("by_payment_method")) {
			var label = Map.of("CASH", "Cash", "CARD", "Card", "UPI", "UPI").get(m.path("method").asString());
			assertThat(methods).contains(List.of(label, m.path("sales").asString(), inr(m.path("amount").decimalValue())));
		}
		assertThat(methods).contains(List.of("Cash", "2", "₹328.00"));
		// by cashier, by their user names
		var cashiers = rows("#by-cashier-table");
		for (var c : report.path("by_cashier")) {
			assertThat(cashiers).contains(List.of(c.path("username").asString(), c.path("sales").asString(),
					inr(c.path("total").decimalValue())));
		}
		assertThat(cashiers).containsExactlyInAnyOrder(List.of(asha, "2", "₹328.00"), List.of(ravi, "2", "₹341.00"));
		// by hour: the chart, and its table with the same figures
		browser.find("#by-hour-chart canvas");
		var hours = rows("#by-hour-table");
		assertThat(hours).hasSize(report.path("by_hour").size());
		assertThat(sum(report.path("by_hour"), "total")).isEqualByComparingTo("669.00");
		// top products and categories
		var products = rows("#top-products-table");
		for (var p : report.path("top_products")) {
			assertThat(products).contains(List.of(p.path("name").asString(), p.path("sku").asString(),
					p.path("quantity").asString(), p.path("sales").asString(), inr(p.path("net").decimalValue()),
					inr(p.path("total").decimalValue())));
		}
		assertThat(products).hasSize(2);
		// by terminal, from the till report: net of the front counter is its sales less the return
		var terminals = rows("#by-terminal-table");
		assertThat(terminals).contains(List.of("RP-T1", "1", "2", "₹328.00", "₹0.00", "-₹105.00", "₹223.00"));
		assertThat(terminals).contains(List.of("RP-T2", "1", "2", "₹341.00", "₹0.00", "₹0.00", "₹341.00"));
		// refunds of the return
		assertThat(rows("#refunds-table")).containsExactly(List.of("Cash", "1", "₹105.00"));
		browser.screenshot("50-reports-day");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the day's report").isEmpty();

		// by keyboard: a part's link moves the focus to it, so that Tab goes on from there
		var gstLink = browser.find(".report-sections a[href='#report-gst']");
		gstLink.sendKeys(Keys.ENTER);
		browser.waitFor(d -> "report-gst".equals(browser.script("return document.activeElement.id")) ? true : null);
		assertThat(browser.driver.getCurrentUrl()).contains("#/reports?");

		// printed: the filters and downloads are left out, every table (the charts' too) is printed
		browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
		try {
			assertThat(browser.find("#by-hour-table").isDisplayed()).isTrue();
			assertThat(browser.driver.findElement(By.id("report-form")).isDisplayed()).isFalse();
			assertThat(browser.driver.findElement(By.id("by-cashier-csv")).isDisplayed()).isFalse();
			browser.screenshot("55-reports-print");
		}
		finally {
			browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
		}
	}

	@Test
	@Order(2)
	void theGstSummaryIsTheEndpointsByRate() {
		var report = report(today, today);
		var gst = rows("#gst-table");
		var taxes = report.path("tax_summary");
		assertThat(taxes).hasSize(2);
		for (var r : taxes) {
			assertThat(gst).contains(List.of(r.path("rate").asString() + " %", r.path("cess_rate").asString() + " %",
					inr(r.path("taxable").decimalValue()), inr(r.path("cgst").decimalValue()), inr(r.path("sgst").decimalValue()),
					inr(r.path("igst").decimalValue()), inr(r.path("cess").decimalValue()), inr(r.path("tax").decimalValue())));
		}
		assertThat(gst).contains(List.of("5 %", "0 %", "₹300.00", "₹7.50", "₹7.50", "₹0.00", "₹0.00", "₹15.00"));
		assertThat(gst).contains(List.of("18 %", "0 %", "₹300.00", "₹27.00", "₹27.00", "₹0.00", "₹0.00", "₹54.00"));
		// the totals row: every rate's tax together is the summary's tax
		var totals = browser.all("#gst-totals td");
		assertThat(new BigDecimal(totals.get(0).getAttribute("data-value"))).isEqualByComparingTo(report.path("summary").path("taxable").decimalValue());
		assertThat(new BigDecimal(totals.get(5).getAttribute("data-value"))).isEqualByComparingTo(report.path("summary").path("tax").decimalValue());

		var csv = download("#gst-csv", "report-gst-" + today + ".csv");
		assertThat(csv).containsExactly("GST rate,Cess rate,Taxable value,CGST,SGST,IGST,Cess,Tax",
				"5,0,300.00,7.50,7.50,0.00,0.00,15.00", "18,0,300.00,27.00,27.00,0.00,0.00,54.00",
				"All rates,,600.00,34.50,34.50,0.00,0.00,69.00");
		scrollTo("#report-gst");
		browser.screenshot("51-reports-gst");
	}

	@Test
	@Order(3)
	void aDownloadedCsvHoldsTheTablesRows() {
		var csv = download("#by-cashier-csv", "report-by-cashier-" + today + ".csv");
		var table = rows("#by-cashier-table");
		assertThat(csv.get(0)).isEqualTo("Cashier,Tickets,Total (with tax)");
		assertThat(csv).hasSize(table.size() + 1);
		for (var row : table) {
			assertThat(csv).contains(row.get(0) + "," + row.get(1) + "," + row.get(2).replace("₹", "").replace(",", ""));
		}
		var methods = download("#by-method-csv", "report-by-method-" + today + ".csv");
		assertThat(methods).containsExactly("Method,Tickets,Amount", "CARD,1,223.00", "CASH,2,328.00", "UPI,1,118.00");
	}

	@Test
	@Order(4)
	void theTillVariancesShowWhoWasShortOrOverWithTheSessions() {
		var variances = ok(api().get("/api/v1/till-reports/variances?location_id=" + store + "&from="
				+ LocalDate.now(KOLKATA).atStartOfDay(KOLKATA).toInstant() + "&to="
				+ LocalDate.now(KOLKATA).plusDays(1).atStartOfDay(KOLKATA).toInstant(), manager)).json();
		assertThat(variances.path("sessions")).hasSize(2);
		var perCashier = rows("#variance-cashiers-table");
		assertThat(perCashier).containsExactlyInAnyOrder(List.of(asha, "1", "-₹2.00", "₹0.00", "-₹2.00"),
				List.of(ravi, "1", "₹0.00", "₹1.00", "₹1.00"));
		for (var s : variances.path("sessions")) {
			var row = browser.driver.findElements(By.xpath("//table[@id='variance-sessions-table']//tr[td[@data-value='"
					+ s.path("variance_total").decimalValue().setScale(2).toPlainString() + "']]"));
			assertThat(row).as("the session of " + s.path("terminal_code").asString()).hasSize(1);
			assertThat(row.get(0).getText()).contains(s.path("terminal_code").asString())
				.contains(s.path("session_id").asString().equals(ashaSession) ? asha : ravi);
		}
		assertThat(browser.text("#variance-sessions-table")).contains("RP-T1").contains("-₹2.00").contains("RP-T2").contains("₹1.00");
		var shortCell = browser.find("#variance-cashiers-table td.off");
		assertThat(shortCell.getText()).isIn("-₹2.00", "₹1.00");
		scrollTo("#report-tills");
		browser.screenshot("52-reports-till-variances");
	}

	@Test
	@Order(5)
	void aRangeReportHasSalesByDayAndTheBackButtonReturnsToTheDay() {
		browser.click("#report-mode-range");
		setDate("#report-from", weekAgo);
		setDate("#report-to", today);
		browser.click("#report-show");
		browser.waitFor(d -> d.getCurrentUrl().contains("from=" + weekAgo) ? true : null);
		assertThat(browser.driver.getCurrentUrl()).contains("location=" + store).contains("to=" + today);
		browser.waitFor(d -> browser.all("#by-day-table tbody tr").size() == 7 ? true : null);
		var report = report(weekAgo, today);
		assertThat(money("#figure-total")).isEqualByComparingTo(report.path("summary").path("total").decimalValue());
		var days = rows("#by-day-table");
		assertThat(days.get(6)).containsExactly(today, "4", "₹600.00", "₹669.00");
		assertThat(days.get(0)).containsExactly(weekAgo, "0", "₹0.00", "₹0.00");
		browser.find("#by-day-chart canvas");
		assertThat(browser.text("#report-period")).contains(weekAgo + " to " + today);
		browser.screenshot("53-reports-range");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the range report").isEmpty();

		// the address is the report: back goes to the day, forward to the range again
		browser.driver.navigate().back();
		browser.waitFor(d -> browser.present("#report-figures") && !browser.present("#by-day") ? true : null);
		assertThat(browser.text("#report-period")).endsWith(today);
		browser.driver.navigate().forward();
		browser.waitFor(d -> browser.all("#by-day-table tbody tr").size() == 7 ? true : null);

		// a long range has its days too, from the report's own by_day (one read, not one a day)
		browser.open("/#/reports?location=" + store + "&from=" + LocalDate.now(KOLKATA).minusDays(40) + "&to=" + today);
		browser.waitFor(d -> browser.all("#by-day-table tbody tr").size() == 41 ? true : null);
		browser.find("#by-day-chart canvas");
		browser.driver.navigate().back();
		browser.waitFor(d -> browser.all("#by-day-table tbody tr").size() == 7 ? true : null);

		// all locations: the endpoint's figures of every location
		browser.find("#report-location option[value='']").click();
		browser.find("#report-from").sendKeys(Keys.ENTER);
		browser.waitFor(d -> !d.getCurrentUrl().contains("location=") ? true : null);
		var all = ok(api().get("/api/v1/reports/range?from=" + weekAgo + "&to=" + today, manager)).json();
		browser.waitFor(d -> browser.present("#report-figures") && browser.text("#report-period").startsWith("All locations") ? true : null);
		assertThat(money("#figure-total")).isEqualByComparingTo(all.path("summary").path("total").decimalValue());
	}

	@Test
	@Order(6)
	void badPeriodsAreRefusedOnScreenAndTheServersRefusalIsShown() {
		browser.open("/#/reports?location=" + store + "&from=" + today + "&to=" + weekAgo);
		assertThat(browser.text("#report-to-error")).isEqualTo("To must not be before From.");
		assertThat(browser.present("#report-figures")).isFalse();
		assertThat(browser.find("#report-to").getAttribute("aria-invalid")).isEqualTo("true");

		setDate("#report-from", LocalDate.now(KOLKATA).minusDays(400).toString());
		browser.click("#report-show");
		assertThat(browser.textContaining("#report-to-error", "at most 366 days")).contains("choose a later From");
		browser.screenshot("54-reports-refused-input");

		browser.open("/#/reports?from=2026-02-30&to=2026-03-01");
		assertThat(browser.text("#report-from-error")).isEqualTo("From must be a date (day, month and year).");

		// a location the server does not know: its refusal, in words, and no crash
		browser.open("/#/reports?location=" + UUID.randomUUID() + "&from=" + today + "&to=" + today);
		assertThat(browser.text("#report-failure")).isEqualTo("Kassa refused: Location: names no location");
		assertThat(browser.present("#report-form")).isTrue();
		assertThat(browser.present("#report-figures")).isFalse();
	}

	@Test
	@Order(7)
	void aCashierAtTheReportsAddressIsRefused() {
		browser.open("/#/reports?location=" + store + "&from=" + today + "&to=" + today);
		browser.click("#sign-out");
		browser.find("#signin");
		browser.open("/#/reports?location=" + store + "&from=" + today + "&to=" + today);
		signIn(asha);
		assertThat(browser.text("#refused")).contains("for managers and admins");
		assertThat(browser.present("#reports")).isFalse();
		var refused = api().get("/api/v1/reports/range?from=" + today + "&to=" + today, api().token("CASHIER"));
		assertThat(refused.status()).isEqualTo(403);
	}

	// ------------------------------------------------------------------ helpers

	private String product(String admin, String sku, String name, String taxClass) {
		var product = new LinkedHashMap<String, Object>();
		product.put("sku", sku);
		product.put("name", name);
		product.put("unit", "PIECE");
		product.put("price", new BigDecimal("100.00"));
		product.put("price_includes_tax", false);
		product.put("tax_class_id", taxClass);
		product.put("track_stock", true);
		product.put("allow_negative_stock", true);
		return id(api().post("/api/v1/products", admin, product, key()));
	}

	private JsonNode sell(String cashier, String terminal, Map<String, Integer> lines, String method, String amount) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", store);
		body.put("terminal_id", terminal);
		body.put("lines", lines.entrySet().stream().map(e -> Map.of("product_id", e.getKey(), "quantity", e.getValue())).toList());
		body.put("payments", List.of(Map.of("method", method, "amount", new BigDecimal(amount))));
		var response = api().post("/api/v1/sales", cashier, body, key());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	/** Closes a session with every method counted as expected, but the cash off by {@code variance}. */
	private void close(String cashier, String session, BigDecimal variance) {
		var x = ok(api().get("/api/v1/till-sessions/" + session + "/x-report", manager)).json();
		var counted = new ArrayList<Map<String, Object>>();
		for (var m : x.path("methods")) {
			var expected = m.path("expected").decimalValue();
			var cash = m.path("method").asString().equals("CASH");
			counted.add(Map.of("method", m.path("method").asString(), "amount", cash ? expected.add(variance) : expected));
		}
		assertThat(counted).as("the methods the drawer holds").isNotEmpty();
		var closed = ok(api().post("/api/v1/till-sessions/" + session + "/close", cashier, Map.of("counted", counted),
				key())).json();
		assertThat(closed.path("session").path("state").asString()).as(closed.toString()).isEqualTo("CLOSED");
	}

	private JsonNode report(String from, String to) {
		return ok(api().get("/api/v1/reports/range?location_id=" + store + "&from=" + from + "&to=" + to, manager)).json();
	}

	private static BigDecimal sum(JsonNode rows, String field) {
		var total = BigDecimal.ZERO;
		for (var r : rows) {
			total = total.add(r.path(field).decimalValue());
		}
		return total;
	}

	private BigDecimal money(String css) {
		return new BigDecimal(browser.find(css).getAttribute("data-value"));
	}

	/** An amount as the screen shows rupees, for amounts under 1,000 (no grouping): ₹328.00, -₹2.00. */
	private static String inr(BigDecimal amount) {
		return (amount.signum() < 0 ? "-" : "") + "₹" + amount.abs().setScale(2).toPlainString();
	}

	private void scrollTo(String css) {
		browser.script("document.querySelector(arguments[0]).scrollIntoView()", css);
	}

	/** The body rows of a table as their cells' texts, the row header first. */
	private List<List<String>> rows(String table) {
		browser.find(table);
		var out = new ArrayList<List<String>>();
		for (WebElement tr : browser.all(table + " tbody tr")) {
			var cells = new ArrayList<String>();
			for (var cell : tr.findElements(By.cssSelector("th, td"))) {
				cells.add(cell.getText().trim());
			}
			out.add(cells);
		}
		return out;
	}

	/** Clicks a CSV link and answers the lines of the file the browser saved. */
	private List<String> download(String link, String name) {
		var file = DOWNLOADS.resolve(name);
		assertThat(browser.find(link).getAttribute("download")).isEqualTo(name);
		browser.click(link);
		browser.waitFor(Duration.ofSeconds(10), d -> Files.exists(file) && !Files.exists(DOWNLOADS.resolve(name + ".crdownload")) ? true : null);
		try {
			var text = Files.readString(file);
			assertThat(text).endsWith("\r\n");
			return List.of(text.split("\r\n"));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Sets a date input as a person picking a day does: its value, then the input event the screen listens to. */
	private void setDate(String css, String day) {
		browser.script("""
				const el = document.querySelector(arguments[0]);
				Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);
				el.dispatchEvent(new Event('input', { bubbles: true }));
				""", css, day);
	}

	private void signIn(String username) {
		browser.type("#username", username);
		browser.type("#password", PASSWORD);
		browser.find("#password").sendKeys(Keys.ENTER);
	}
}

package dev.kassa.ui;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

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
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The organization's settings in the back office, in headless Chromium against a real Kassa: an admin edits the
 * organization, adds a GST registration (a malformed GSTIN and a duplicate refused at the field), a bank account
 * (a bad IFSC refused) and a financial year (reversed and overlapping dates refused), closes a year from the
 * keyboard and adds a document series; every refusal leaves nothing written, checked through the API. A manager
 * sees the profile, the registrations and the years without a way to change them, no bank account at all, and
 * may add a series, as the API allows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String GSTIN = "27AAPFU0939F1ZV";

	private Browser browser;

	private String admin;

	private String currentYear;

	@BeforeAll
	void start() {
		admin = api().adminToken();
		ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Org Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata")));
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int year = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		currentYear = ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(year, 4, 1).toString(), "ends_on", LocalDate.of(year + 1, 3, 31).toString()), key()))
			.json().path("code").asString();
		ok(api().post("/api/v1/locations", admin, Map.of("code", "ORG1", "name", "Org Store", "type", "STORE",
				"state_code", "27", "time_zone", "Asia/Kolkata"), key()));
		api().tokenForNewUser("org-manager", List.of("MANAGER"), null);
		browser = new Browser(port, 1280, 1600);
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	@Order(1)
	void theAdminEditsTheOrganization() {
		browser.open("/#/settings?view=organization");
		signIn("admin", TestClient.ADMIN_PASSWORD);
		browser.find("#tab-organization[aria-current='page']");
		// the form shows the profile as read (waitFor fails the test when it never does)
		browser.waitFor(d -> "Org Traders".equals(browser.find("#org-legal_name").getDomProperty("value")));

		// nothing typed where a name is required, a time zone that is none: said at the fields, nothing sent
		browser.type("#org-legal_name", Keys.SPACE);
		browser.type("#org-time_zone", "Mars/Olympus");
		browser.click("#org-profile button[type=submit]");
		assertThat(browser.text("#org-legal_name-error")).isEqualTo("Legal name is required.");
		assertThat(browser.text("#org-time_zone-error")).isEqualTo("The time zone must be a region such as Asia/Kolkata.");
		assertThat(browser.find("#org-legal_name").getDomAttribute("aria-invalid")).isEqualTo("true");
		// a country of the right shape that is none: the server's refusal, at the country
		browser.type("#org-legal_name", "Shree Ganesh Traders Pvt Ltd");
		browser.type("#org-time_zone", "Asia/Kolkata");
		browser.type("#org-country", "QQ");
		browser.click("#org-profile button[type=submit]");
		assertThat(browser.textContaining("#org-country-error", "ISO 3166"))
			.startsWith("Country (ISO code, e.g. IN): must be an ISO 3166");
		assertThat(profile().path("legal_name").asString()).isEqualTo("Org Traders");

		browser.type("#org-country", "IN");
		browser.type("#org-trade_name", "Ganesh Stores");
		browser.type("#org-address", "14 Laxmi Road", Keys.ENTER, "Pune 411030");
		browser.click("#org-profile button[type=submit]");
		browser.textContaining("#org-notice", "The organization is saved.");
		var saved = profile();
		assertThat(saved.path("legal_name").asString()).isEqualTo("Shree Ganesh Traders Pvt Ltd");
		assertThat(saved.path("trade_name").asString()).isEqualTo("Ganesh Stores");
		assertThat(saved.path("address").asString()).isEqualTo("14 Laxmi Road\nPune 411030");
		assertThat(saved.path("country").asString()).isEqualTo("IN");
		assertThat(browser.present("#org-country-error")).isFalse();
		accessible("the organization, an admin");
	}

	@Test
	@Order(2)
	void theAdminAddsAGstRegistrationRefusingMalformedAndDuplicateNumbers() {
		browser.click("#new-tax button[type=submit]");
		assertThat(browser.text("#tax-number-error")).isEqualTo("GSTIN or tax number is required.");
		browser.type("#tax-number", "27AAPFU0939F1Z");
		browser.click("#new-tax button[type=submit]");
		assertThat(browser.text("#tax-number-error")).startsWith("A GSTIN has 15 characters");
		browser.type("#tax-number", "27AAPFU0939F1ZW");
		browser.click("#new-tax button[type=submit]");
		assertThat(browser.text("#tax-number-error")).startsWith("This GSTIN has a wrong check character");
		browser.type("#tax-number", "99AAPFU0939F1ZV");
		browser.click("#new-tax button[type=submit]");
		assertThat(browser.text("#tax-number-error")).startsWith("This GSTIN starts with 99");
		assertThat(registrations()).isEmpty();

		browser.type("#tax-number", GSTIN);
		browser.type("#tax-label", "Pune");
		browser.click("#new-tax button[type=submit]");
		browser.textContaining("#org-notice", "Registration " + GSTIN + " added.");
		browser.textContaining("#tax-list tr[data-number='" + GSTIN + "']", "Pune");
		assertThat(registrations()).hasSize(1);
		assertThat(registrations().get(0).path("state_code").asString()).isEqualTo("27");

		// the same number in small letters with a space: the server knows it, and says so at the number
		browser.type("#tax-number", "27aapfu0939f1zv ");
		browser.click("#new-tax button[type=submit]");
		assertThat(browser.textContaining("#tax-number-error", "registered already"))
			.startsWith("This number is registered already.").contains(GSTIN);
		assertThat(registrations()).hasSize(1);

		// a second one added and deleted again, after the question
		browser.type("#tax-number", "29AAGCB7383J1Z4");
		browser.click("#new-tax button[type=submit]");
		browser.textContaining("#org-notice", "Registration 29AAGCB7383J1Z4 added.");
		assertThat(registrations()).hasSize(2);
		browser.click("#tax-list tr[data-number='29AAGCB7383J1Z4'] button");
		browser.textContaining("#tax-confirm-29AAGCB7383J1Z4", "Delete the registration 29AAGCB7383J1Z4?");
		assertThat(registrations()).hasSize(2);
		browser.click("#tax-confirm-29AAGCB7383J1Z4 button.danger");
		browser.textContaining("#org-notice", "Registration 29AAGCB7383J1Z4 deleted.");
		assertThat(registrations()).extracting(r -> r.path("number").asString()).containsExactly(GSTIN);
		assertThat(browser.present("#tax-list tr[data-number='29AAGCB7383J1Z4']")).isFalse();
	}

	@Test
	@Order(3)
	void theAdminAddsABankAccountRefusingABadIfsc() {
		browser.click("#new-bank button[type=submit]");
		assertThat(browser.text("#bank-bank_name-error")).isEqualTo("Bank is required.");
		assertThat(browser.text("#bank-account_name-error")).isEqualTo("Account holder is required.");
		assertThat(browser.text("#bank-ifsc-error")).startsWith("Give either an IFSC");
		browser.type("#bank-bank_name", "HDFC Bank");
		browser.type("#bank-account_name", "Shree Ganesh Traders Pvt Ltd");
		browser.type("#bank-ifsc", "HDFC1001234");
		browser.type("#bank-account_number", "5010 0012");
		browser.click("#new-bank button[type=submit]");
		assertThat(browser.text("#bank-ifsc-error")).startsWith("An IFSC is 4 letters, a zero and 6 letters or digits");
		assertThat(browser.text("#bank-account_number-error")).isEqualTo("The account number has 9 to 18 digits.");
		// both an IFSC and an IBAN: one or the other
		browser.type("#bank-ifsc", "hdfc0001234");
		browser.type("#bank-account_number", "50100012345678");
		browser.type("#bank-iban", "GB82 WEST 1234 5698 7654 32");
		browser.click("#new-bank button[type=submit]");
		assertThat(browser.text("#bank-iban-error")).startsWith("Give either an IFSC");
		assertThat(browser.present("#bank-ifsc-error")).isFalse();
		assertThat(bankAccounts()).isEmpty();

		browser.type("#bank-iban", Keys.BACK_SPACE);
		browser.click("#new-bank button[type=submit]");
		browser.textContaining("#org-notice", "Bank account at HDFC Bank added.");
		browser.textContaining("#bank-list tr[data-number='50100012345678']", "HDFC0001234");
		var accounts = bankAccounts();
		assertThat(accounts).hasSize(1);
		assertThat(accounts.get(0).path("ifsc").asString()).isEqualTo("HDFC0001234");
		assertThat(accounts.get(0).path("account_number").asString()).isEqualTo("50100012345678");
		browser.screenshot("70-settings-organization");
		accessible("the organization with a registration and a bank account");
	}

	@Test
	@Order(4)
	void theAdminAddsAFinancialYearRefusingReversedAndOverlappingDatesThenClosesIt() {
		browser.click("#tab-years");
		browser.find("#tab-years[aria-current='page']");
		browser.find("#year-list tr[data-code='" + currentYear + "']");
		int before = years().size();

		browser.click("#new-year button[type=submit]");
		assertThat(browser.text("#year-starts_on-error")).isEqualTo("Starts on is required.");
		assertThat(browser.text("#year-ends_on-error")).isEqualTo("Ends on (included) is required.");
		setDate("#year-starts_on", "2090-04-01");
		setDate("#year-ends_on", "2090-03-31");
		browser.click("#new-year button[type=submit]");
		assertThat(browser.text("#year-ends_on-error")).isEqualTo("The year cannot end before it starts.");
		setDate("#year-ends_on", "2091-12-31");
		browser.click("#new-year button[type=submit]");
		assertThat(browser.text("#year-ends_on-error")).isEqualTo("A financial year lasts less than 18 months.");
		// a year overlapping the current one, which the list holds: named at the start
		var current = years().stream().filter(y -> y.path("code").asString().equals(currentYear)).findFirst().orElseThrow();
		setDate("#year-starts_on", LocalDate.parse(current.path("ends_on").asString()).minusDays(10).toString());
		setDate("#year-ends_on", LocalDate.parse(current.path("ends_on").asString()).plusMonths(6).toString());
		browser.click("#new-year button[type=submit]");
		assertThat(browser.text("#year-starts_on-error"))
			.isEqualTo("These dates overlap the financial year " + currentYear + " (" + current.path("starts_on").asString()
					+ " to " + current.path("ends_on").asString() + ").");
		browser.type("#year-code", "fy 90");
		setDate("#year-starts_on", "2090-04-01");
		setDate("#year-ends_on", "2091-03-31");
		browser.click("#new-year button[type=submit]");
		assertThat(browser.text("#year-code-error")).startsWith("The code has 2 to 8 capital letters or digits");
		assertThat(years()).hasSize(before);

		browser.type("#year-code", Keys.BACK_SPACE);
		browser.click("#new-year button[type=submit]");
		browser.textContaining("#years-notice", "Financial year 9091 created.");
		browser.textContaining("#year-list tr[data-code='9091']", "open");
		assertThat(years()).hasSize(before + 1);

		// closed from the keyboard: the question takes the focus, Enter answers it
		browser.find("#year-list tr[data-code='9091'] button").sendKeys(Keys.ENTER);
		browser.textContaining("#year-confirm-9091", "cannot be undone");
		browser.waitFor(d -> "Close".equals(browser.script("return document.activeElement.textContent")));
		assertThat(year("9091").path("closed").asBoolean()).isFalse();
		browser.keys(Keys.ENTER);
		browser.textContaining("#years-notice", "Financial year 9091 is closed.");
		browser.textContaining("#year-list tr[data-code='9091']", "closed");
		assertThat(year("9091").path("closed").asBoolean()).isTrue();
		assertThat(browser.all("#year-list tr[data-code='9091'] button")).isEmpty();
		assertThat(year(currentYear).path("closed").asBoolean()).isFalse();
		browser.screenshot("71-settings-years");
		accessible("the financial years, an admin");
	}

	@Test
	@Order(5)
	void theAdminSeesTheDocumentSeriesAndAddsOne() {
		browser.click("#tab-series");
		browser.find("#tab-series[aria-current='page']");
		// the location got its default series when it was created
		assertThat(browser.text("#series-list tr[data-key='ORG1/" + currentYear + "/SALE'] .next-number"))
			.isEqualTo("ORG1/" + currentYear + "/000001");
		browser.find("#series-list tr[data-key='ORG1/" + currentYear + "/ESTIMATE']");
		int before = series().size();
		// the closed year is not offered
		assertThat(browser.all("#series-financial_year_id option")).extracting(o -> o.getText())
			.noneMatch(text -> text.startsWith("9091"));

		browser.click("#new-series button[type=submit]");
		assertThat(browser.text("#series-location_id-error")).isEqualTo("Location is required.");
		assertThat(browser.text("#series-financial_year_id-error")).isEqualTo("Financial year is required.");
		browser.find("#series-document_type option[value='DELIVERY']").click();
		browser.find("#series-location_id option:nth-child(2)").click();
		browser.find("#series-financial_year_id option:nth-child(2)").click();
		browser.type("#series-format", "{LOC}/{FY}/{SEQ:8}");
		browser.click("#new-series button[type=submit]");
		assertThat(browser.text("#series-format-error")).isEqualTo("This format gives numbers of 18 characters, such as ORG1/"
				+ currentYear + "/99999999; in India a document number has at most 16.");
		browser.type("#series-format", "{LOC}{FY}");
		browser.click("#new-series button[type=submit]");
		assertThat(browser.text("#series-format-error")).startsWith("The format holds the number as {SEQ:n}");
		browser.type("#series-format", "DL-{LOC}/{FY}/{SEQ:5}");
		browser.click("#new-series button[type=submit]");
		assertThat(browser.text("#series-format-error")).startsWith("This format gives numbers of 18 characters");
		browser.type("#series-format", "D{LOC}/{FY}/{SEQ:4}");
		assertThat(browser.textContaining("#series-preview", "DORG1")).isEqualTo("Its first number: DORG1/" + currentYear + "/0001");
		assertThat(series()).hasSize(before);
		browser.click("#new-series button[type=submit]");
		browser.textContaining("#series-notice", "Series D{LOC}/{FY}/{SEQ:4} for Delivery at ORG1 created.");
		assertThat(browser.text("#series-list tr[data-key='ORG1/" + currentYear + "/DELIVERY'] .next-number"))
			.isEqualTo("DORG1/" + currentYear + "/0001");
		assertThat(series()).hasSize(before + 1);

		// a second sale series for the same location and year: the server's refusal, at the document
		browser.find("#series-location_id option:nth-child(2)").click();
		browser.find("#series-financial_year_id option:nth-child(2)").click();
		browser.click("#new-series button[type=submit]");
		assertThat(browser.textContaining("#series-document_type-error", "already")).startsWith("Kassa refused:");
		assertThat(series()).hasSize(before + 1);
		browser.screenshot("72-settings-series");
		accessible("the document series");
	}

	@Test
	@Order(6)
	void aManagerSeesWhatOnlyAnAdminChangesWithoutAWayToChangeIt() {
		browser.click("#sign-out");
		browser.find("#signin");
		browser.open("/#/settings?view=organization");
		signIn("org-manager", PASSWORD);
		browser.textContaining("#profile-facts", "Shree Ganesh Traders Pvt Ltd");
		browser.find("#org-read-only");
		browser.textContaining("#tax-list", GSTIN);
		browser.textContaining("#banks-admin-only", "Only admins see the bank accounts.");
		assertThat(browser.present("#org-profile")).isFalse();
		assertThat(browser.present("#new-tax")).isFalse();
		assertThat(browser.present("#new-bank")).isFalse();
		assertThat(browser.present("#bank-list")).isFalse();
		assertThat(browser.all("#tax-list button")).isEmpty();
		assertThat(browser.present("#taxes-failure")).isFalse();
		browser.screenshot("73-settings-manager-organization");
		accessible("the organization, a manager");

		browser.click("#tab-years");
		browser.find("#years-read-only");
		browser.textContaining("#year-list tr[data-code='9091']", "closed");
		browser.textContaining("#year-list tr[data-code='" + currentYear + "']", "open");
		assertThat(browser.all("#year-list button")).isEmpty();
		assertThat(browser.present("#new-year")).isFalse();

		// series are the manager's to add too
		browser.click("#tab-series");
		browser.find("#series-list tr[data-key='ORG1/" + currentYear + "/DELIVERY']");
		browser.find("#new-series");
		browser.screenshot("74-settings-manager-series");
		accessible("the document series, a manager");

		// the locations stay the first tab
		browser.click("#tab-locations");
		browser.textContaining("#location-list", "ORG1");
	}

	private JsonNode profile() {
		return ok(api().get("/api/v1/organization", admin)).json();
	}

	private List<JsonNode> registrations() {
		return items("/api/v1/organization/tax-registrations?limit=200");
	}

	private List<JsonNode> bankAccounts() {
		return items("/api/v1/organization/bank-accounts?limit=200");
	}

	private List<JsonNode> years() {
		return items("/api/v1/organization/financial-years?limit=200");
	}

	private JsonNode year(String code) {
		return years().stream().filter(y -> y.path("code").asString().equals(code)).findFirst().orElseThrow();
	}

	private List<JsonNode> series() {
		return items("/api/v1/document-series?limit=200");
	}

	private List<JsonNode> items(String path) {
		var list = new java.util.ArrayList<JsonNode>();
		ok(api().get(path, api().adminToken())).json().path("items").forEach(list::add);
		return list;
	}

	private void accessible(String screen) {
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on " + screen).isEmpty();
	}

	/** Sets a date input as a person picking a day does: its value, then the input event the screen listens to. */
	private void setDate(String css, String day) {
		browser.script("""
				const el = document.querySelector(arguments[0]);
				Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);
				el.dispatchEvent(new Event('input', { bubbles: true }));
				""", css, day);
	}

	private void signIn(String username, String password) {
		browser.type("#username", username);
		browser.type("#password", password);
		browser.find("#password").sendKeys(Keys.ENTER);
	}
}

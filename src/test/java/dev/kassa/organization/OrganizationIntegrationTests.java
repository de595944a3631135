package dev.kassa.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

class OrganizationIntegrationTests extends IntegrationTestSupport {

	private static Map<String, Object> profile(String country, String currency, String zone) {
		var body = new HashMap<String, Object>();
		body.put("legal_name", "Kassa Traders Private Limited");
		body.put("trade_name", "Kassa Traders");
		body.put("country", country);
		body.put("currency", currency);
		body.put("time_zone", zone);
		return body;
	}

	private TestClient.Response postNew(String path, Object body) {
		return api().post(path, api().adminToken(), body, UUID.randomUUID().toString());
	}

	@BeforeEach
	void setUpProfile() {
		assertThat(api().put("/api/v1/organization", api().adminToken(), profile("IN", "INR", "Asia/Kolkata")).status())
			.isEqualTo(200);
	}

	@Nested
	class Profile {

		@Test
		void everyRoleReadsItAndOnlyAdminChangesIt() {
			var read = api().get("/api/v1/organization", api().token("CASHIER"));
			assertThat(read.status()).isEqualTo(200);
			assertThat(read.json().path("currency").asString()).isEqualTo("INR");
			assertThat(read.json().path("time_zone").asString()).isEqualTo("Asia/Kolkata");
			long events = count("SELECT count(*) FROM events WHERE type LIKE 'organization.%'");
			var refused = api().put("/api/v1/organization", api().token("MANAGER"), profile("DE", "EUR", "Europe/Berlin"));
			assertThat(refused.status()).isEqualTo(403);
			assertThat(count("SELECT count(*) FROM events WHERE type LIKE 'organization.%'")).isEqualTo(events);
			assertThat(count("SELECT count(*) FROM organization WHERE country = 'IN'")).isEqualTo(1);
		}

		@Test
		void anUpdateAppendsAnEvent() {
			long before = count("SELECT count(*) FROM events WHERE type = 'organization.updated'");
			var body = profile("IN", "INR", "Asia/Kolkata");
			body.put("address", "12 MG Road, Bengaluru");
			var response = api().put("/api/v1/organization", api().adminToken(), body);
			assertThat(response.json().path("address").asString()).isEqualTo("12 MG Road, Bengaluru");
			assertThat(count("SELECT count(*) FROM events WHERE type = 'organization.updated'")).isEqualTo(before + 1);
		}

		@Test
		void badCurrencyZoneCountryAndOversizedNamesAreRefused() {
			assertThat(api().put("/api/v1/organization", api().adminToken(), profile("IN", "XYZ", "Asia/Kolkata"))
				.errorFields()).containsExactly("currency");
			assertThat(api().put("/api/v1/organization", api().adminToken(), profile("IN", "INR", "Asia/Bangalore"))
				.errorFields()).containsExactly("time_zone");
			assertThat(api().put("/api/v1/organization", api().adminToken(), profile("QQ", "INR", "Asia/Kolkata"))
				.errorFields()).containsExactly("country");
			var big = profile("IN", "INR", "Asia/Kolkata");
			big.put("legal_name", "x".repeat(201));
			var response = api().put("/api/v1/organization", api().adminToken(), big);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errorFields()).containsExactly("legal_name");
			assertThat(api().put("/api/v1/organization", api().adminToken(), Map.of()).errorFields())
				.contains("legal_name", "country", "currency", "time_zone");
			assertThat(count("SELECT count(*) FROM organization WHERE currency <> 'INR' OR length(legal_name) > 200"))
				.isZero();
		}
	}

	@Nested
	class TaxRegistrations {

		@Test
		void aValidGstinIsRegisteredOnceWithItsStateCode() {
			var created = postNew("/api/v1/organization/tax-registrations",
					Map.of("country", "IN", "number", "27AAPFU0939F1ZV", "label", "Maharashtra"));
			assertThat(created.status()).isEqualTo(201);
			assertThat(created.json().path("kind").asString()).isEqualTo("GSTIN");
			assertThat(created.json().path("state_code").asString()).isEqualTo("27");
			var again = postNew("/api/v1/organization/tax-registrations",
					Map.of("country", "IN", "number", "27AAPFU0939F1ZV"));
			assertThat(again.status()).isEqualTo(409);
			assertThat(again.json().path("code").asString()).isEqualTo("tax_registration_exists");
			var id = created.json().path("id").asString();
			assertThat(api().get("/api/v1/organization/tax-registrations/" + id, api().token("MANAGER")).status())
				.isEqualTo(200);
			assertThat(api().delete("/api/v1/organization/tax-registrations/" + id, api().token("MANAGER")).status())
				.isEqualTo(403);
			assertThat(api().delete("/api/v1/organization/tax-registrations/" + id, api().adminToken()).status())
				.isEqualTo(204);
			assertThat(count("SELECT count(*) FROM events WHERE type = 'tax_registration.deleted'")).isEqualTo(1);
		}

		@Test
		void badGstinsAreRefusedNamingTheNumber() {
			long before = count("SELECT count(*) FROM tax_registrations");
			for (var bad : new String[] { "27AAPFU0939F1ZW", "39AAPFU0939F1ZV", "27AAPFU0939F1Z", "ABCDEFGHIJKLMNO" }) {
				var response = postNew("/api/v1/organization/tax-registrations", Map.of("country", "IN", "number", bad));
				assertThat(response.status()).as(bad).isEqualTo(400);
				assertThat(response.errorFields()).as(bad).containsExactly("number");
			}
			assertThat(postNew("/api/v1/organization/tax-registrations", Map.of("country", "IN", "number", "x".repeat(41)))
				.errorFields()).containsExactly("number");
			assertThat(postNew("/api/v1/organization/tax-registrations", Map.of("number", "27AAPFU0939F1ZV"))
				.errorFields()).containsExactly("country");
			assertThat(count("SELECT count(*) FROM tax_registrations")).isEqualTo(before);
		}

		@Test
		void otherCountriesTakeAGenericTaxIdAndWrongRolesNothing() {
			assertThat(postNew("/api/v1/organization/tax-registrations", Map.of("country", "DE", "number", "DE123456789"))
				.json()
				.path("kind")
				.asString()).isEqualTo("TAX_ID");
			var refused = api().post("/api/v1/organization/tax-registrations", api().token("MANAGER"),
					Map.of("country", "DE", "number", "DE999999999"), UUID.randomUUID().toString());
			assertThat(refused.status()).isEqualTo(403);
			assertThat(count("SELECT count(*) FROM tax_registrations WHERE number = 'DE999999999'")).isZero();
			assertThat(api().get("/api/v1/organization/tax-registrations/" + UUID.randomUUID(), api().adminToken())
				.status()).isEqualTo(404);
		}

		@Test
		void aCreateWithoutIdempotencyKeyIsRefused() {
			var response = api().post("/api/v1/organization/tax-registrations", api().adminToken(),
					Map.of("country", "IN", "number", "29AAGCB7383J1Z4"));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errorFields()).containsExactly("Idempotency-Key");
			assertThat(count("SELECT count(*) FROM tax_registrations WHERE number = '29AAGCB7383J1Z4'")).isZero();
		}
	}

	@Nested
	class BankAccounts {

		@Test
		void ifscAndIbanAccountsAreAdded() {
			var indian = postNew("/api/v1/organization/bank-accounts", Map.of("bank_name", "HDFC Bank", "account_name",
					"Kassa Traders", "account_number", "50100012345678", "ifsc", "hdfc0001234"));
			assertThat(indian.status()).isEqualTo(201);
			assertThat(indian.json().path("ifsc").asString()).isEqualTo("HDFC0001234");
			var european = postNew("/api/v1/organization/bank-accounts",
					Map.of("bank_name", "Commerzbank", "account_name", "Kassa GmbH", "iban", "DE89 3704 0044 0532 0130 00"));
			assertThat(european.status()).isEqualTo(201);
			assertThat(european.json().path("iban").asString()).isEqualTo("DE89370400440532013000");
			assertThat(api().get("/api/v1/organization/bank-accounts", api().token("MANAGER")).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/organization/bank-accounts?limit=1", api().adminToken())
				.json()
				.path("next_cursor")
				.isNull()).isFalse();
		}

		@Test
		void badIfscIbanAndMissingFieldsAreRefused() {
			long before = count("SELECT count(*) FROM bank_accounts");
			assertThat(postNew("/api/v1/organization/bank-accounts", Map.of("bank_name", "B", "account_name", "A",
					"account_number", "50100012345678", "ifsc", "HDFC1001234")).errorFields()).containsExactly("ifsc");
			assertThat(postNew("/api/v1/organization/bank-accounts",
					Map.of("bank_name", "B", "account_name", "A", "iban", "DE89370400440532013001")).errorFields())
				.containsExactly("iban");
			assertThat(postNew("/api/v1/organization/bank-accounts",
					Map.of("bank_name", "B", "account_name", "A", "ifsc", "HDFC0001234")).errorFields())
				.containsExactly("account_number");
			assertThat(postNew("/api/v1/organization/bank-accounts", Map.of("bank_name", "B", "account_name", "A"))
				.errorFields()).containsExactly("ifsc");
			assertThat(postNew("/api/v1/organization/bank-accounts", Map.of("account_name", "A", "iban",
					"DE89370400440532013000")).errorFields()).containsExactly("bank_name");
			assertThat(count("SELECT count(*) FROM bank_accounts")).isEqualTo(before);
		}
	}

	@Nested
	class Years {

		@Test
		void yearsNeverOverlapAndTheRefusalNamesTheOtherYear() {
			var first = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "2030-04-01", "ends_on", "2031-03-31"));
			assertThat(first.status()).isEqualTo(201);
			assertThat(first.json().path("code").asString()).isEqualTo("3031");
			long before = count("SELECT count(*) FROM financial_years");
			var overlapping = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "2031-01-01", "ends_on", "2031-12-31"));
			assertThat(overlapping.status()).isEqualTo(409);
			assertThat(overlapping.json().path("code").asString()).isEqualTo("financial_years_overlap");
			assertThat(overlapping.json().path("detail").asString()).contains("3031");
			assertThat(count("SELECT count(*) FROM financial_years")).isEqualTo(before);
		}

		@Test
		void theDatabaseRefusesOverlapsToo() {
			postNew("/api/v1/organization/financial-years", Map.of("starts_on", "2040-04-01", "ends_on", "2041-03-31"));
			var error = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.sql("""
					INSERT INTO financial_years (id, code, starts_on, ends_on, created_at)
					VALUES (gen_random_uuid(), 'X', '2041-03-31', '2041-06-30', now())
					""").update());
			assertThat(error).hasMessageContaining("financial_years_no_overlap");
		}

		@Test
		void badDatesAndCodesAreRefused() {
			long before = count("SELECT count(*) FROM financial_years");
			assertThat(postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "2050-04-01", "ends_on", "2050-03-31")).errorFields()).containsExactly("ends_on");
			assertThat(postNew("/api/v1/organization/financial-years", Map.of("starts_on", "2050-04-01")).errorFields())
				.containsExactly("ends_on");
			assertThat(postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "2050-13-01", "ends_on", "2051-03-31")).status()).isEqualTo(400);
			assertThat(postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "2050-04-01", "ends_on", "2051-03-31", "code", "a/b")).errorFields())
				.containsExactly("code");
			var manager = api().post("/api/v1/organization/financial-years", api().token("MANAGER"),
					Map.of("starts_on", "2050-04-01", "ends_on", "2051-03-31"), UUID.randomUUID().toString());
			assertThat(manager.status()).isEqualTo(403);
			assertThat(count("SELECT count(*) FROM financial_years")).isEqualTo(before);
		}

		/** Years past 9999 parse as ISO dates ("+100000-04-01") but broke the length check or the database. */
		@Test
		void datesOutsideFourDigitYearsAreRefusedNamingTheField() {
			long before = count("SELECT count(*) FROM financial_years");
			var huge = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "+999999999-04-01", "ends_on", "+999999999-12-31"));
			assertThat(huge.status()).isEqualTo(400);
			assertThat(huge.errorFields()).containsExactly("starts_on");
			var past = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "+6000000-04-01", "ends_on", "+6000001-03-31"));
			assertThat(past.status()).isEqualTo(400);
			assertThat(past.errorFields()).containsExactly("starts_on");
			var ends = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "9999-04-01", "ends_on", "+10000-03-31"));
			assertThat(ends.status()).isEqualTo(400);
			assertThat(ends.errorFields()).containsExactly("ends_on");
			var early = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "-0001-04-01", "ends_on", "0000-03-31"));
			assertThat(early.status()).isEqualTo(400);
			assertThat(early.errorFields()).containsExactly("starts_on");
			assertThat(count("SELECT count(*) FROM financial_years")).isEqualTo(before);
		}

		@Test
		void aYearClosesOnce() {
			var year = postNew("/api/v1/organization/financial-years",
					Map.of("starts_on", "2060-04-01", "ends_on", "2061-03-31"));
			var id = year.json().path("id").asString();
			assertThat(api().post("/api/v1/organization/financial-years/" + id + "/close", api().token("MANAGER"), null)
				.status()).isEqualTo(403);
			var closed = api().post("/api/v1/organization/financial-years/" + id + "/close", api().adminToken(), null);
			assertThat(closed.status()).isEqualTo(200);
			assertThat(closed.json().path("closed").asBoolean()).isTrue();
			var again = api().post("/api/v1/organization/financial-years/" + id + "/close", api().adminToken(), null);
			assertThat(again.status()).isEqualTo(409);
			assertThat(count("SELECT count(*) FROM events WHERE type = 'financial_year.closed'")).isEqualTo(1);
			assertThat(api().post("/api/v1/organization/financial-years/" + UUID.randomUUID() + "/close",
					api().adminToken(), null).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/organization/financial-years/" + id, api().token("MANAGER")).status())
				.isEqualTo(200);
		}
	}
}

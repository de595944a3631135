package dev.kassa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API4:2023 Unrestricted Resource Consumption, tried by a signed-in cashier: oversized bodies, deeply nested
 * or huge-number JSON, long strings, page sizes beyond the limit and huge headers are refused with a 4xx at once,
 * nothing is written and the server stays up.
 * <p>
 * Proved elsewhere: the bound on concurrent Argon2 hashes and waiting logins
 * ({@code identity.LoginBudgetIntegrationTests}), rate limits before authentication
 * ({@code platform.RateLimitIntegrationTests}), the cap on live connections per user
 * ({@code events.StreamAccessIntegrationTests}), multipart only where an endpoint takes it and the bounded bucket
 * memory ({@code platform.SecurityHolesIntegrationTests}), the CSV import's size limit
 * ({@code catalog.ImportSizeLimitIntegrationTests}).
 */
class Api4UnrestrictedResourceConsumptionIntegrationTests extends IntegrationTestSupport {

	@Test
	void hugeOrDeepBodiesAreRefusedAndNothingIsWritten() {
		var token = api().token("MANAGER");
		long customers = count("SELECT count(*) FROM customers");
		var cases = Map.of(
				"2 MB body", "{\"name\": \"" + "x".repeat(2_000_000) + "\"}",
				"nested 100,000 deep", "[".repeat(100_000) + "]".repeat(100_000),
				"nested objects", "{\"name\": \"x\", \"billing_address\": " + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}",
				"a long name", "{\"name\": \"" + "x".repeat(100_000) + "\"}");
		for (var body : cases.entrySet()) {
			var response = api().send("POST", "/api/v1/customers", token, body.getValue(),
					Map.of("Idempotency-Key", "api4-" + body.getKey().hashCode()));
			assertThat(response.status()).as(body.getKey() + " " + response.status()).isIn(400, 413);
			assertThat(response.body()).as(body.getKey()).doesNotContain("Exception");
		}
		assertThat(count("SELECT count(*) FROM customers")).isEqualTo(customers);
		long sales = count("SELECT count(*) FROM sales");
		var number = api().send("POST", "/api/v1/sales", api().token("CASHIER"),
				"{\"location_id\": \"0190b7a0-0000-7000-8000-0000000000ff\", \"discount\": 1" + "0".repeat(100_000) + "}",
				Map.of("Idempotency-Key", "api4-number"));
		assertThat(number.status()).as("a 100,000-digit number " + number.status()).isEqualTo(400);
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
		assertThat(api().get("/api/v1/me", token).status()).isEqualTo(200);
	}

	@Test
	void pageSizesBeyondTheLimitAreRefused() {
		var token = api().adminToken();
		for (var list : List.of("/api/v1/sales", "/api/v1/customers", "/api/v1/products", "/api/v1/users",
				"/api/v1/orders", "/api/v1/estimates", "/api/v1/webhooks", "/api/v1/messages")) {
			for (var limit : List.of("100000", "-1", "0", "99999999999999999999")) {
				var response = api().get(list + "?limit=" + limit, token);
				assertThat(response.status()).as(list + "?limit=" + limit + " " + response).isEqualTo(400);
				assertThat(response.errorFields()).as(list).contains("limit");
			}
		}
	}

	@Test
	void aHugeHeaderIsRefusedByTheServerNotParsed() {
		var response = api().send("GET", "/api/v1/me", api().token("CASHIER"), null,
				Map.of("X-Padding", "x".repeat(64 * 1024)));
		assertThat(response.status()).isIn(400, 413, 431);
	}
}

package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API3 (broken object property level authorization, mass assignment): a body with a field Kassa does not
 * know is refused with 400 naming the field, at any depth, so a misspelt field changes no money unnoticed and
 * no hidden property can be set; nothing is written.
 */
class UnknownFieldsIntegrationTests extends IntegrationTestSupport {

	@Test
	void aSaleWithAMisspeltDiscountFieldIsRefusedNamingItAndWritesNothing() {
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var location = fixtures.location("UF" + (System.nanoTime() % 10000), "29");
		var tea = fixtures.product("UF-" + UUID.randomUUID(), "100", Fixtures.GST_5);
		var sale = new LinkedHashMap<String, Object>();
		sale.put("location_id", location);
		sale.put("lines", List.of(Map.of("product_id", tea, "quantity", 1)));
		sale.put("discount", 5);
		sale.put("is_percent_discount", true);
		sale.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("105"))));
		long before = count("SELECT count(*) FROM sales");
		var refused = api().post("/api/v1/sales", api().token("CASHIER"), sale, UUID.randomUUID().toString());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.errorFields()).containsExactly("is_percent_discount");

		sale.remove("is_percent_discount");
		sale.put("lines", List.of(Map.of("product_id", tea, "quantity", 1, "bogus_field", 1)));
		var nested = api().post("/api/v1/sales", api().token("CASHIER"), sale, UUID.randomUUID().toString());
		assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
		assertThat(nested.errorFields()).containsExactly("lines[0].bogus_field");
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(before);
	}

	@Test
	void aUserCannotBeCreatedWithAPropertyTheApiDoesNotOffer() {
		long before = count("SELECT count(*) FROM users");
		var body = Map.of("username", "mass-" + System.nanoTime(), "password", "correct horse battery staple",
				"roles", List.of("CASHIER"), "password_hash", "x", "active", false);
		var refused = api().post("/api/v1/users", api().adminToken(), body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.errorFields()).containsAnyOf("password_hash", "active");
		assertThat(count("SELECT count(*) FROM users")).isEqualTo(before);
	}
}

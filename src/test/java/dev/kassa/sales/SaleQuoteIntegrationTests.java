package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/sales/quote: the till's totals are the sale's, and pricing a cart writes nothing. */
class SaleQuoteIntegrationTests extends Selling {

	@Test
	void aQuoteHasTheFiguresTheSaleThenRecordsAndWritesNothing() {
		var f = fixture();
		var tea = product("120.00");
		var rice = product("68.50");
		receive(f.location(), tea, "10");
		receive(f.location(), rice, "10");
		long sales = count("SELECT count(*) FROM sales");
		long events = count("SELECT count(*) FROM events WHERE type LIKE 'sale%'");
		long saleLines = count("SELECT count(*) FROM sale_lines");
		var lines = List.of(line(tea, "2"), withDiscount(line(rice, "1"), "3.25"));
		var quoted = ok(api().post("/api/v1/sales/quote", api().token("CASHIER"), body(f.location(), lines))).json();
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
		assertThat(count("SELECT count(*) FROM events WHERE type LIKE 'sale%'")).isEqualTo(events);
		assertThat(count("SELECT count(*) FROM sale_lines")).isEqualTo(saleLines);
		assertThat(quoted.path("lines")).hasSize(2);
		assertThat(quoted.path("supply").asString()).isEqualTo("INTRA_STATE");

		var sale = body(f.location(), lines);
		sale.put("payments", List.of(cash(quoted.path("total").decimalValue().toPlainString())));
		sale.put("total", quoted.path("total").decimalValue());
		var sold = ok(api().post("/api/v1/sales", api().token("CASHIER"), sale, key())).json();
		for (var field : List.of("subtotal", "discount_total", "taxable", "cgst", "sgst", "igst", "cess", "tax_total",
				"total")) {
			assertThat(sold.path(field).decimalValue()).as(field).isEqualByComparingTo(quoted.path(field).decimalValue());
		}
		for (int i = 0; i < 2; i++) {
			assertThat(sold.path("lines").get(i).path("total").decimalValue())
				.isEqualByComparingTo(quoted.path("lines").get(i).path("total").decimalValue());
		}
	}

	@Nested
	class Refusals {

		@Test
		void aCashiersPriceOverrideBeyondTheLimitIsRefusedInWords() {
			var f = fixture();
			var tea = product("120.00");
			var line = line(tea, "1");
			line.put("unit_price", new BigDecimal("10"));
			var refused = api().post("/api/v1/sales/quote", api().token("CASHIER"), body(f.location(), List.of(line)));
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.json().path("code").asString()).isEqualTo("price_override_not_allowed");
			assertThat(refused.errorFields()).containsExactly("lines[0].unit_price");
			assertThat(ok(api().post("/api/v1/sales/quote", api().token("MANAGER"), body(f.location(), List.of(line))))
				.json()
				.path("lines")
				.get(0)
				.path("unit_price")
				.decimalValue()).isEqualByComparingTo("10");
		}

		@Test
		void missingMalformedUnknownAndOversizedCartsAreNamed() {
			var f = fixture();
			var tea = product("120.00");
			var token = api().token("CASHIER");
			var empty = api().post("/api/v1/sales/quote", token, body(f.location(), List.of()));
			assertThat(empty.status()).isEqualTo(400);
			assertThat(empty.errorFields()).contains("lines");
			var noLocation = new LinkedHashMap<String, Object>(Map.of("lines", List.of(line(tea, "1"))));
			assertThat(api().post("/api/v1/sales/quote", token, noLocation).errorFields()).contains("location_id");
			var unknown = api().post("/api/v1/sales/quote", token,
					body(f.location(), List.of(line(UUID.randomUUID().toString(), "1"))));
			assertThat(unknown.status()).isEqualTo(422);
			assertThat(unknown.errorFields()).contains("lines[0].product_id");
			var fraction = api().post("/api/v1/sales/quote", token, body(f.location(), List.of(line(tea, "1.5"))));
			assertThat(fraction.status()).isEqualTo(400);
			assertThat(fraction.errorFields()).contains("lines[0].quantity");
			var zero = api().post("/api/v1/sales/quote", token, body(f.location(), List.of(line(tea, "0"))));
			assertThat(zero.status()).isEqualTo(400);
			var many = java.util.Collections.nCopies(501, line(tea, "1"));
			assertThat(api().post("/api/v1/sales/quote", token, body(f.location(), many)).status()).isEqualTo(400);
			var wrongType = new LinkedHashMap<String, Object>(body(f.location(), List.of(line(tea, "1"))));
			wrongType.put("lines", "tea");
			assertThat(api().post("/api/v1/sales/quote", token, wrongType).status()).isEqualTo(400);
		}

		@Test
		void onlySellersMayPrice() {
			var f = fixture();
			var tea = product("120.00");
			var cart = body(f.location(), List.of(line(tea, "1")));
			assertThat(api().post("/api/v1/sales/quote", api().token("DRIVER"), cart).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/sales/quote", null, cart).status()).isEqualTo(401);
		}
	}

	private static Map<String, Object> withDiscount(Map<String, Object> line, String discount) {
		line.put("discount", new BigDecimal(discount));
		return line;
	}
}

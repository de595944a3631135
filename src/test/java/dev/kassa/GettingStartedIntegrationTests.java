package dev.kassa;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** docs/getting-started.md, call by call with the same bodies: an empty Kassa to a first sale, nothing refused. */
class GettingStartedIntegrationTests extends IntegrationTestSupport {

	@Test
	void fromAnEmptyKassaToAFirstSaleInSixCallsAfterTheLogin() {
		var token = api().adminToken();

		ok(api().put("/api/v1/organization", token,
				Map.of("legal_name", "Kassa Traders", "country", "IN", "currency", "INR", "time_zone", "Asia/Kolkata")));

		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", token, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()), key()));

		var location = ok(api().post("/api/v1/locations", token,
				Map.of("code", "BLR1", "name", "Bengaluru One", "type", "STORE", "state_code", "29"), key()))
			.json().path("id").asString();

		var product = ok(api().post("/api/v1/products", token, Map.of("sku", "TEA-250", "name", "Tea 250 g", "unit",
				"PIECE", "price", new BigDecimal("100.00"), "price_includes_tax", false, "tax_class_id",
				"0190a000-0000-7000-8000-000000001800", "track_stock", true, "allow_negative_stock", false), key()))
			.json().path("id").asString();

		ok(api().post("/api/v1/stock/receipts", token, Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", product, "quantity", 10))), key()));

		var sale = ok(api().post("/api/v1/sales", token, Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", product, "quantity", 2)), "payments",
				List.of(Map.of("method", "CASH", "amount", new BigDecimal("236.00")))), key()));
		assertThat(sale.status()).isEqualTo(201);
		assertThat(sale.json().path("number").asString()).startsWith("BLR1/").endsWith("000001");
		assertThat(sale.json().path("total").decimalValue()).isEqualByComparingTo("236.00");

		var receipt = api().get("/api/v1/sales/" + sale.json().path("id").asString() + "/receipt.pdf", token);
		assertThat(receipt.status()).isEqualTo(200);
	}
}

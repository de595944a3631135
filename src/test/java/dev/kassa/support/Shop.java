package dev.kassa.support;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A shop ready to sell, made through the API: the organization and its financial year (once per database),
 * a store of its own, tea and rice with stock received, and a cashier. What the reliability tests sell.
 */
public record Shop(TestClient api, String location, String tea, String rice, BigDecimal stock, String cashier) {

	/** 20.00 and 80.00 with 5 % GST on top: 105.00 for one of each. */
	public static Shop open(TestClient api, String code, BigDecimal stock) {
		var fixtures = new Fixtures(api);
		var admin = api.adminToken();
		fixtures.organization();
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		// a 409 when the year exists already is as good
		api.post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				UUID.randomUUID().toString());
		var location = fixtures.location(code, "29");
		var tea = fixtures.product(code + "-TEA", "20.00", Fixtures.GST_5, "track_stock", true,
				"allow_negative_stock", false);
		var rice = fixtures.product(code + "-RICE", "80.00", Fixtures.GST_5, "track_stock", true,
				"allow_negative_stock", false);
		for (var product : List.of(tea, rice)) {
			var receipt = api.post("/api/v1/stock/receipts", admin, Map.of("location_id", location, "lines",
					List.of(Map.of("product_id", product, "quantity", stock))), UUID.randomUUID().toString());
			if (receipt.status() != 201) {
				throw new IllegalStateException("stock receipt failed: " + receipt);
			}
		}
		return new Shop(api, location, tea, rice, stock, api.token("CASHIER"));
	}

	/** {@code quantity} of tea and of rice, paid in cash. */
	public Map<String, Object> sale(int quantity) {
		return Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", tea, "quantity", quantity), Map.of("product_id", rice, "quantity", quantity)),
				"payments", List.of(Map.of("method", "CASH",
						"amount", new BigDecimal("105.00").multiply(BigDecimal.valueOf(quantity)))));
	}
}

package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code kassa.sales.estimate-prices=reprice}, a conversion prices the products anew from the catalog. */
@TestPropertySource(properties = "kassa.sales.estimate-prices=reprice")
class EstimateRepriceIntegrationTests extends Selling {

	@Test
	void aConversionTakesTheCatalogPriceOfTheDay() {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var manager = api().token("MANAGER");
		var estimate = ok(api().post("/api/v1/estimates", manager, body(f.location(), List.of(line(tea, "2"))), key()))
			.json();
		assertThat(estimate.path("total").decimalValue()).isEqualByComparingTo("210.00");
		changePrice(tea, "120.00");
		var order = api().post("/api/v1/estimates/" + estimate.path("id").asString() + "/convert", manager, null);
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		// 2 x 120.00 = 240.00, 2.5% CGST and SGST: 6.00 each
		assertThat(order.json().path("total").decimalValue()).isEqualByComparingTo("252.00");
		assertThat(order.json().path("lines").get(0).path("unit_price").decimalValue()).isEqualByComparingTo("120.00");
		assertThat(level(f.location(), tea).reserved()).isEqualByComparingTo("2");
	}
}

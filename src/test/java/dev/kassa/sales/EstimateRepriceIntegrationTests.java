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

	/**
	 * A cashier's estimate with a discount a MANAGER approved is converted by the cashier: re-priced, the
	 * estimate's approval covers the order (it was refused as above the cashier's limit) and is bound to it.
	 */
	@Test
	void anEstimatesApprovalCoversItsRepricedConversion() {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var manager = "mgr-reprice-" + System.nanoTime();
		api().tokenForNewUser(manager, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		var approval = api().post("/api/v1/approvals", cashier, java.util.Map.of("approver_username", manager,
				"approver_password", "correct horse battery staple", "location_id", f.location(), "max_percent", 50))
			.json().path("approval_token").asString();
		var cart = body(f.location(), List.of(line(tea, "2")));
		cart.put("discount", 50);
		cart.put("is_percentage_discount", true);
		var estimate = ok(api().send("POST", "/api/v1/estimates", cashier, cart,
				java.util.Map.of("Idempotency-Key", key(), "Kassa-Approval", approval))).json();
		changePrice(tea, "120.00");

		var order = api().post("/api/v1/estimates/" + estimate.path("id").asString() + "/convert", cashier, null);
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		// 2 x 120.00 = 240.00, half off 120.00, 2.5% CGST and SGST: 3.00 each
		assertThat(order.json().path("total").decimalValue()).isEqualByComparingTo("126.00");
		assertThat(jdbc.sql("SELECT order_id::text FROM approvals WHERE estimate_id = :e::uuid")
			.param("e", estimate.path("id").asString()).query(String.class).single())
			.isEqualTo(order.json().path("id").asString());
	}

	@Test
	void aCashierConvertingAnEstimateWithoutApprovalIsStillHeldToTheLimit() {
		var f = fixture();
		var tea = product("100.00");
		receive(f.location(), tea, "10");
		var cart = body(f.location(), List.of(line(tea, "1")));
		cart.put("discount", 50);
		cart.put("is_percentage_discount", true);
		var estimate = ok(api().post("/api/v1/estimates", api().token("MANAGER"), cart, key())).json();
		var order = api().post("/api/v1/estimates/" + estimate.path("id").asString() + "/convert",
				api().token("CASHIER"), null);
		assertThat(order.status()).as(order.toString()).isEqualTo(403);
		assertThat(order.json().path("code").asString()).isEqualTo("discount_not_allowed");
	}
}

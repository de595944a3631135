package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * OWASP API6 (unrestricted access to sensitive business flows): a CASHIER or EMPLOYEE may give a line or
 * sale discount only up to their role's limit (kassa.sales.discount-limit-percent, 10% by default), on
 * sales, orders and estimates alike; above it a MANAGER rings it up. A refusal writes nothing.
 */
class DiscountLimitIntegrationTests extends Selling {

	@Test
	void aCashierCannotGiveAHundredPercentAndTakeTheStock() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "5");
		var sale = body(f.location(), List.of(line(tea, "1")));
		sale.put("discount", 100);
		sale.put("is_percentage_discount", true);
		sale.put("payments", List.of(cash("0")));
		long before = count("SELECT count(*) FROM sales");
		var refused = api().post("/api/v1/sales", api().token("CASHIER"), sale, key());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.json().path("code").asString()).isEqualTo("discount_not_allowed");
		assertThat(refused.errorFields()).containsExactly("discount");
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(before);
		assertThat(level(f.location(), tea).onHand()).isEqualByComparingTo("5");
		var byManager = api().post("/api/v1/sales", api().token("MANAGER"), sale, key());
		assertThat(byManager.status()).as(byManager.toString()).isEqualTo(201);
		assertThat(byManager.json().path("total").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
	}

	@Test
	void aCashierMayGiveUpToTheLimitOnALineAndOnTheSaleButNotAboveIt() {
		var f = fixture();
		var tea = product("100");
		receive(f.location(), tea, "10");
		var cashier = api().token("CASHIER");
		var within = body(f.location(), List.of(withDiscount(line(tea, "2"), "20")));
		within.put("discount", 10);
		within.put("is_percentage_discount", true);
		within.put("payments", List.of(cash("170.10")));
		var ok = api().post("/api/v1/sales", cashier, within, key());
		assertThat(ok.status()).as(ok.toString()).isEqualTo(201);

		var lineOver = body(f.location(), List.of(line(tea, "1"), withDiscount(line(tea, "2"), "20.01")));
		lineOver.put("payments", List.of(cash("400")));
		var refusedLine = api().post("/api/v1/sales", cashier, lineOver, key());
		assertThat(refusedLine.status()).isEqualTo(403);
		assertThat(refusedLine.errorFields()).containsExactly("lines[1].discount");

		var amountOver = body(f.location(), List.of(line(tea, "1")));
		amountOver.put("discount", 11);
		amountOver.put("payments", List.of(cash("100")));
		var refusedAmount = api().post("/api/v1/sales", cashier, amountOver, key());
		assertThat(refusedAmount.status()).isEqualTo(403);
		assertThat(refusedAmount.errorFields()).containsExactly("discount");
	}

	@Test
	void ordersAndEstimatesHaveTheSameLimit() {
		var f = fixture();
		var tea = product("100");
		var big = body(f.location(), List.of(line(tea, "1")));
		big.put("discount", 50);
		big.put("is_percentage_discount", true);
		long orders = count("SELECT count(*) FROM orders");
		long estimates = count("SELECT count(*) FROM estimates");
		var order = api().post("/api/v1/orders", api().token("CASHIER"), big, key());
		assertThat(order.status()).as(order.toString()).isEqualTo(403);
		assertThat(order.errorFields()).containsExactly("discount");
		var estimate = api().post("/api/v1/estimates", api().token("EMPLOYEE"), big, key());
		assertThat(estimate.status()).as(estimate.toString()).isEqualTo(403);
		assertThat(estimate.errorFields()).containsExactly("discount");
		assertThat(count("SELECT count(*) FROM orders")).isEqualTo(orders);
		assertThat(count("SELECT count(*) FROM estimates")).isEqualTo(estimates);
		assertThat(api().post("/api/v1/estimates", api().token("MANAGER"), big, key()).status()).isEqualTo(201);
	}

	private static Map<String, Object> withDiscount(Map<String, Object> line, String discount) {
		line.put("discount", new BigDecimal(discount));
		return line;
	}
}

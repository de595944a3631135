package dev.kassa.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.SalesCheck;
import dev.kassa.support.Shop;
import dev.kassa.support.Tills;

/**
 * The campaign's control run: a loss injected on purpose must be caught, or a campaign that passes proves
 * nothing. A committed, acknowledged sale is deleted with SQL behind Kassa's back (its lines and payments
 * with it, the triggers switched off as only a superuser can); the checker, which finds
 * nothing wrong before, names the lost sale after.
 */
class CheckerControlIntegrationTests extends IntegrationTestSupport {

	@Test
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void aSaleDeletedBehindKassasBackIsCaughtByTheChecker() throws Exception {
		var shop = Shop.open(api(), "CTRL", new BigDecimal("1000"));
		var tills = new Tills(shop, this::api);
		var sales = new ArrayList<Tills.Sale>();
		for (int i = 0; i < 5; i++) {
			var sale = new Tills.Sale(1);
			tills.sell(sale, Duration.ofMillis(50));
			sales.add(sale);
		}
		assertThat(SalesCheck.violations(jdbc, shop, sales)).as("before the loss").isEmpty();

		var lost = sales.get(2).acknowledged().json().path("id").asString();
		jdbc.sql("""
				DO $$ BEGIN
				  SET LOCAL session_replication_role = replica;
				  DELETE FROM sale_lines WHERE sale_id = '%1$s';
				  DELETE FROM sale_payments WHERE sale_id = '%1$s';
				  DELETE FROM sales WHERE id = '%1$s';
				END $$
				""".formatted(lost)).update();
		assertThat(count("SELECT count(*) FROM sales WHERE id = '" + lost + "'")).isZero();

		var violations = SalesCheck.violations(jdbc, shop, sales);
		assertThat(violations).as("the checker catches the deleted sale")
			.anySatisfy(v -> assertThat(v).contains(lost).contains("LOST"));
	}
}

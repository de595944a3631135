package dev.kassa.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.kassa.platform.KassaClock;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.SalesCheck;
import dev.kassa.support.Shop;
import dev.kassa.support.Tills;

/**
 * Fault 8 of docs/reliability.md: clocks apart. Kassa dates everything (a sale's business day and time, its
 * number's financial year, events, tokens, the made_at check) by {@link KassaClock}, the database's clock carried
 * forward by the monotonic timer, not by the host's wall clock. So while tills sell, this host's clock is made to
 * jump a day and two hours ahead, then two minutes behind the database's, as a host with a bad NTP step would:
 * every sale is still filed under the database's day and time, numbered without a gap, its event chained; a token issued meanwhile is valid; a made_at ten minutes past the database's now is refused as in the
 * future although the host's clock is a day past it.
 */
class ClockSkewIntegrationTests extends IntegrationTestSupport {

	@AfterEach
	void clockBack() {
		KassaClock.skewHost(Duration.ZERO);
	}

	@Test
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void aHostClockFarOffTheDatabasesMisfilesNoSaleAndBreaksNoNumberOrToken() throws Exception {
		var shop = Shop.open(api(), "SKEW", new BigDecimal("100000"));
		try (var tills = new Tills(shop, this::api).start(3, Duration.ofMillis(10))) {
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged(tills) >= 10);
			for (var skew : List.of(Duration.ofHours(26), Duration.ofMinutes(-2))) {
				KassaClock.skewHost(skew);
				int before = acknowledged(tills);
				await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged(tills) >= before + 10);
				var token = api().tokenForNewUser("skew-" + System.nanoTime(), List.of("CASHIER"), null);
				var me = api().get("/api/v1/me", token);
				assertThat(me.status()).as("a token issued with the host " + skew + " off: " + me).isEqualTo(200);
			}
			KassaClock.skewHost(Duration.ofHours(26));
			var future = OffsetDateTime.parse(jdbc.sql("SELECT to_char((now() + interval '10 minutes') AT TIME ZONE 'UTC', "
					+ "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')").query(String.class).single());
			var sale = new HashMap<>(shop.sale(1));
			sale.put("made_at", future.toString());
			var refused = api().post("/api/v1/sales", shop.cashier(), sale, UUID.randomUUID().toString());
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.body()).contains("made_at");
			tills.stop(Duration.ofSeconds(60));
			assertThat(SalesCheck.violations(jdbc, shop, tills.sales())).isEmpty();
		}
		var location = shop.location();
		assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + location + "'::uuid AND business_date <> "
				+ "(now() AT TIME ZONE 'Asia/Kolkata')::date")).as("sales filed under another day").isZero();
		assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + location + "'::uuid AND (created_at > "
				+ "now() + interval '5 seconds' OR created_at < now() - interval '10 minutes')")).as("sales dated off").isZero();
		assertThat(count("SELECT count(*) FROM events WHERE location_id = '" + location + "'::uuid AND occurred_at > "
				+ "now() + interval '5 seconds'")).as("events dated in the future").isZero();
	}

	private static int acknowledged(Tills tills) {
		return (int) tills.sales().stream().filter(s -> s.acknowledged() != null).count();
	}
}

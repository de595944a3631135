package dev.kassa.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.SalesCheck;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;
import dev.kassa.support.Tills;

/**
 * Fault 6 of docs/reliability.md: a storm of duplicates. Many tills post the same sales at once, each in
 * its own order, every sale under one Idempotency-Key, as tills re-posting an outbox after an outage would.
 * Each sale is recorded once, every till is told the same sale and number for the same key, and no post
 * fails with a 5xx. The suite runs 8 tills over 40 sales; {@code -Dkassa.chaos.full=true} runs the
 * campaign's 100 tills over 1,000 sales.
 */
class DuplicateStormIntegrationTests extends IntegrationTestSupport {

	private static final boolean FULL = Boolean.getBoolean("kassa.chaos.full");

	private static final int TILLS = FULL ? 100 : 8;

	private static final int SALES = FULL ? 1000 : 40;

	@Test
	@Timeout(value = 20, unit = TimeUnit.MINUTES)
	void hundredsOfTillsRepostingTheSameSalesRecordEachOnce() throws Exception {
		var shop = Shop.open(api(), "STORM", new BigDecimal("1000000"));
		var sales = new ArrayList<Tills.Sale>();
		for (int i = 0; i < SALES; i++) {
			sales.add(new Tills.Sale(i % 3 + 1));
		}
		var answers = new ConcurrentHashMap<String, String>();
		var disagreements = Collections.synchronizedList(new ArrayList<String>());
		var failures = new AtomicInteger();
		var start = new CountDownLatch(1);
		long started;
		try (var tills = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int t = 0; t < TILLS; t++) {
				var order = new ArrayList<>(sales);
				Collections.shuffle(order, new Random(t));
				tills.submit(() -> {
					start.await();
					for (var sale : order) {
						TestClient.Response answer = api().post("/api/v1/sales", shop.cashier(), shop.sale(sale.quantity),
								sale.key);
						if (answer.status() != 201) {
							failures.incrementAndGet();
							disagreements.add(sale.key + ": " + answer);
							continue;
						}
						var told = answer.json().path("id").asString() + " " + answer.json().path("number").asString();
						var first = answers.putIfAbsent(sale.key, told);
						if (first != null && !first.equals(told)) {
							disagreements.add(sale.key + " was told " + first + " and " + told);
						}
					}
					return null;
				});
			}
			started = System.nanoTime();
			start.countDown();
		}
		var took = Duration.ofNanos(System.nanoTime() - started);
		System.out.printf("duplicate storm: %d tills x %d sales = %d posts in %d ms (%.0f posts/s)%n", TILLS, SALES,
				TILLS * SALES, took.toMillis(), TILLS * SALES * 1000.0 / Math.max(1, took.toMillis()));
		assertThat(disagreements).as("posts answered differently or not 201").isEmpty();
		assertThat(failures).hasValue(0);

		// the checker wants each sale's answer: the one every till was told
		var tills = new Tills(shop, this::api);
		for (var sale : sales) {
			tills.sell(sale, Duration.ofMillis(50));
		}
		assertThat(SalesCheck.violations(jdbc, shop, sales)).isEmpty();
		assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + shop.location() + "'")).isEqualTo(SALES);
	}
}

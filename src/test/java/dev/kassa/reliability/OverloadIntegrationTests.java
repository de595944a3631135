package dev.kassa.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.SalesCheck;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;
import dev.kassa.support.Tills;

/**
 * Fault 9 of docs/reliability.md: far more tills selling at once than the database pool can serve (48 tills,
 * no pause, on a pool of 6 that the background workers share). Admission control (4 served at once, 8 waiting
 * at most 200 ms) answers the excess 503 {@code overloaded} with Retry-After at once; no request waits on the pool until it times out ({@code database_unavailable}), none goes unanswered,
 * and every sale a till retried is there once. Goodput under overload is measured in bench/, not here.
 */
@TestPropertySource(properties = { "kassa.db.pool-size=6", "kassa.db.pool-timeout=2s", "kassa.admission.in-flight=4",
		"kassa.admission.queue=8", "kassa.admission.queue-wait=200ms" })
class OverloadIntegrationTests extends IntegrationTestSupport {

	private static final boolean FULL = Boolean.getBoolean("kassa.chaos.full");

	@org.springframework.beans.factory.annotation.Autowired
	dev.kassa.platform.PlatformSettings settings;

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void moreTillsThanThePoolCanServeAreRefusedFastWithRetryAfterAndNothingIsLost() throws Exception {
		assertThat(settings.db().poolSize()).isEqualTo(6);
		var burst = Shop.open(api(), "BURST", new BigDecimal("1000000"));
		var shop = Shop.open(api(), "LOAD", new BigDecimal("1000000"));

		// a burst of 40 at once: the excess is refused at once, never left to time out
		var answers = new ArrayList<TestClient.Response>();
		var go = new CountDownLatch(1);
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = new ArrayList<java.util.concurrent.Future<TestClient.Response>>();
			for (int i = 0; i < 40; i++) {
				futures.add(executor.submit(() -> {
					go.await();
					return api().post("/api/v1/sales", burst.cashier(), burst.sale(1), UUID.randomUUID().toString());
				}));
			}
			go.countDown();
			for (var future : futures) {
				answers.add(future.get(1, TimeUnit.MINUTES));
			}
		}
		var refused = answers.stream().filter(a -> a.status() == 503).toList();
		assertThat(answers).allMatch(a -> a.status() == 201 || a.status() == 503);
		assertThat(refused).as("the burst overloads a pool of 6").isNotEmpty();
		assertThat(refused).allSatisfy(a -> {
			assertThat(a.json().path("code").asString()).isEqualTo("overloaded");
			assertThat(a.header("Retry-After")).isEqualTo("1");
		});
		long created = answers.stream().filter(a -> a.status() == 201).count();
		assertThat(jdbc.sql("SELECT count(*) FROM sales WHERE location_id = :l::uuid").param("l", burst.location())
			.query(Long.class).single()).as("a refused sale left nothing").isEqualTo(created);

		// then tills that never pause, and retry what was refused
		try (var tills = new Tills(shop, this::api).start(48, Duration.ZERO)) {
			await().atMost(Duration.ofMinutes(2))
				.until(() -> tills.sales().stream().filter(s -> s.acknowledged() != null).count() >= (FULL ? 2000 : 150));
			tills.stop(Duration.ofSeconds(60));
			System.out.printf("fault overload: %d sales acknowledged, refusals %s, %d unanswered, slowest answer %d ms%n",
					tills.sales().stream().filter(s -> s.acknowledged() != null).count(), tills.refusals(),
					tills.unanswered(), tills.slowestMillis());
			assertThat(tills.refusals()).as("refused by admission control, not by a pool timeout")
				.containsKey("503 overloaded").doesNotContainKey("503 database_unavailable");
			assertThat(tills.refusals().keySet()).allMatch(k -> k.equals("503 overloaded"));
			assertThat(tills.unanswered()).isZero();
			assertThat(SalesCheck.violations(jdbc, shop, tills.sales())).isEmpty();
		}
	}
}

package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.kassa.support.AnotherKassa;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * The mission's first promise, end to end: tills sell through one Kassa, which is killed (SIGKILL) in the
 * middle of their sales; each till then posts every sale it got no answer for again, with the same
 * Idempotency-Key, to the instance that is left, as a till behind a load balancer would. Every sale is
 * recorded exactly once, whether it had committed before the kill or not: no sale lost, none doubled, the
 * numbers gapless, the stock taken once per sale, one event per sale, the chain intact.
 */
class KilledTillsIntegrationTests extends IntegrationTestSupport {

	private static final int TILLS = 8;

	private static final BigDecimal STOCK = new BigDecimal("100000");

	@Autowired
	Environment environment;

	/** One sale a till posted: its key and body, and the answer it got, if any. */
	private record Posted(String key, Map<String, Object> body, int quantity, TestClient.@Nullable Response answer) {
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void salesCutShortByAKilledInstanceAndPostedAgainElsewhereAreRecordedOnce() throws Exception {
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var admin = api().adminToken();
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		assertThat(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				UUID.randomUUID().toString()).status()).isEqualTo(201);
		var location = fixtures.location("KT1", "29");
		var tea = fixtures.product("KT-TEA", "20.00", Fixtures.GST_5, "track_stock", true, "allow_negative_stock", false);
		var rice = fixtures.product("KT-RICE", "80.00", Fixtures.GST_5, "track_stock", true, "allow_negative_stock", false);
		for (var product : List.of(tea, rice)) {
			var receipt = api().post("/api/v1/stock/receipts", admin, Map.of("location_id", location, "lines",
					List.of(Map.of("product_id", product, "quantity", STOCK))), UUID.randomUUID().toString());
			assertThat(receipt.status()).as(receipt.toString()).isEqualTo(201);
		}
		var cashier = api().token("CASHIER");

		var posted = new ConcurrentLinkedQueue<Posted>();
		try (var child = AnotherKassa.start(environment, "killed-till-instance")) {
			var other = child.client();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> other.get("/api/v1/me", cashier).status() == 200);
			var stop = new AtomicBoolean();
			try (var tills = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int till = 0; till < TILLS; till++) {
					int quantity = till % 3 + 1;
					tills.submit(() -> {
						while (!stop.get()) {
							var key = UUID.randomUUID().toString();
							var body = sale(location, tea, rice, quantity);
							TestClient.Response answer;
							try {
								answer = other.post("/api/v1/sales", cashier, body, key);
							}
							catch (RuntimeException lost) {
								// the connection died with the instance: no answer, the till keeps the sale
								answer = null;
							}
							posted.add(new Posted(key, body, quantity, answer));
						}
					});
				}
				await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
					.until(() -> count("SELECT count(*) FROM sales WHERE location_id = '" + location + "'") >= 60);
				child.kill();
				stop.set(true);
			}
		}

		var answered = posted.stream().filter(p -> p.answer() != null).toList();
		var unanswered = posted.stream().filter(p -> p.answer() == null).toList();
		assertThat(answered).as("sales answered before the kill").hasSizeGreaterThanOrEqualTo(50);
		assertThat(unanswered).as("sales in flight at the kill").isNotEmpty();
		answered.forEach(p -> assertThat(p.answer().status()).as(p.answer().toString()).isEqualTo(201));

		// every till posts again what it got no answer for, and one answered sale, to this instance
		var again = new ArrayList<>(unanswered);
		again.add(answered.getFirst());
		var ids = new HashSet<String>();
		var numbers = new TreeSet<Long>();
		for (var p : answered) {
			ids.add(p.answer().json().path("id").asString());
		}
		for (var p : again) {
			var answer = api().post("/api/v1/sales", cashier, p.body(), p.key());
			assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
			if (p.answer() != null) {
				assertThat(answer.json().path("id").asString()).isEqualTo(p.answer().json().path("id").asString());
				assertThat(answer.json().path("number").asString()).isEqualTo(p.answer().json().path("number").asString());
			}
			else {
				ids.add(answer.json().path("id").asString());
			}
		}
		int sales = posted.size();
		assertThat(ids).as("one sale per key").hasSize(sales);
		assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + location + "'")).isEqualTo(sales);
		for (var number : jdbc.sql("SELECT number FROM sales WHERE location_id = :l::uuid")
			.param("l", UUID.fromString(location))
			.query(String.class)
			.list()) {
			numbers.add(Long.parseLong(number.replaceAll("^.*\\D", "")));
		}
		assertThat(numbers).as("gapless numbers").hasSize(sales);
		assertThat(numbers.first()).isOne();
		assertThat(numbers.last()).isEqualTo(sales);

		long pieces = posted.stream().mapToLong(Posted::quantity).sum();
		for (var product : List.of(tea, rice)) {
			assertThat(jdbc.sql("SELECT on_hand FROM stock_levels WHERE location_id = :l::uuid AND product_id = :p::uuid")
				.param("l", location)
				.param("p", product)
				.query(BigDecimal.class)
				.single()).isEqualByComparingTo(STOCK.subtract(BigDecimal.valueOf(pieces)));
			assertThat(count("SELECT count(*) FROM stock_movements WHERE location_id = '" + location
					+ "' AND product_id = '" + product + "' AND kind = 'SALE'")).isEqualTo(sales);
		}
		assertThat(count("SELECT count(*) FROM events WHERE type = 'sale.completed' AND location_id = '" + location + "'"))
			.isEqualTo(sales);
		assertThat(count("SELECT count(DISTINCT aggregate_id) FROM events WHERE type = 'sale.completed' AND location_id = '"
				+ location + "'")).isEqualTo(sales);

		// the sealer of the killed instance is gone; this one's seals what it left, and the chain holds
		await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM events WHERE seq IS NULL") == 0);
		var verified = api().post("/api/v1/events/verify", admin, null);
		assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
		assertThat(verified.json().path("ok").asBoolean()).as(verified.toString()).isTrue();
	}

	/** {@code quantity} of each: 20.00 and 80.00 with GST 5 % on top, 2.5 % CGST and SGST each, so 105.00 a pair. */
	private static Map<String, Object> sale(String location, String tea, String rice, int quantity) {
		return Map.of("location_id", location, "lines",
				List.of(Map.of("product_id", tea, "quantity", quantity), Map.of("product_id", rice, "quantity", quantity)),
				"payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("105.00").multiply(BigDecimal.valueOf(quantity)))));
	}
}

package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kassa.support.SalesCheck;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;
import dev.kassa.support.Tills;

/**
 * The database failing under tills that keep selling (faults 2, 3 and 5 of docs/reliability.md), on a
 * PostgreSQL of this class's own: killed and started again, hung and let go, and a commit whose answer is
 * lost. While it is down Kassa answers 503 with Retry-After within a bounded time and /health says so; it
 * reconnects by itself; and every sale a till was told about is there once, numbered without a gap, with its
 * stock and its event, the chain intact. The driver's timeouts are short here so that the waits are short;
 * the figures each test prints are in docs/reliability.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD,
				"kassa.rate-limit.per-user.capacity=100000", "kassa.rate-limit.per-user.per-second=100000",
				"kassa.rate-limit.per-address.capacity=100000", "kassa.rate-limit.per-address.per-second=100000",
				"kassa.rate-limit.login.capacity=100000", "kassa.rate-limit.login.per-second=100000",
				"kassa.db.user=postgres", "kassa.db.pool-size=8", "kassa.db.connect-timeout=2s",
				"kassa.db.socket-timeout=3s", "kassa.db.statement-timeout=2s", "kassa.db.pool-timeout=2s",
				"kassa.db.retry-after=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseFaultsIntegrationTests {

	/** Socket timeout, pool timeout and a margin for a loaded machine: the longest a request may wait. */
	private static final Duration BOUND = Duration.ofSeconds(12);

	/** {@code ./kassa chaos}: the campaign's sizes (hung 30 s, down 10 s); the suite's are shorter. */
	private static final boolean FULL = Boolean.getBoolean("kassa.chaos.full");

	private static OwnPostgres postgres;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		postgres = OwnPostgres.start(Files.createTempDirectory("kassa-faults-pg-"));
		var dataDir = Files.createTempDirectory("kassa-faults-");
		registry.add("kassa.db.url", postgres::url);
		registry.add("kassa.data-dir", dataDir::toString);
	}

	@AfterAll
	static void stopDatabase() throws Exception {
		postgres.close();
	}

	@Value("${local.server.port}")
	int port;

	@Autowired
	JdbcClient jdbc;

	private static TestClient client;

	private TestClient api() {
		if (client == null) {
			client = new TestClient(port);
		}
		return client;
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void aKilledDatabaseIsAnswered503WithRetryAfterUntilItIsBackAndNoSaleIsLost() throws Exception {
		var shop = Shop.open(api(), "KILL", new BigDecimal("100000"));
		try (var tills = new Tills(shop, this::api).start(4, Duration.ofMillis(10))) {
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged(tills) >= 5);
			postgres.kill();

			assertUnavailable(shop);
			// pacing: the database stays down this long while the tills keep selling
			Thread.sleep(FULL ? 10_000 : 2000);
			postgres.restart();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> api().get("/health", null).status() == 200);
			int before = acknowledged(tills);
			await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(tills) >= before + 5);
			tills.stop(Duration.ofSeconds(60));

			report("killed", tills);
			assertThat(tills.unavailable() + tills.unanswered()).as("the tills met the outage").isPositive();
			assertThat(SalesCheck.violations(jdbc, shop, tills.sales())).isEmpty();
		}
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void aHungDatabaseFailsRequestsInBoundedTimeAndThePoolAndTheSealerRecover() throws Exception {
		var shop = Shop.open(api(), "HANG", new BigDecimal("100000"));
		try (var tills = new Tills(shop, this::api).start(4, Duration.ofMillis(10))) {
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged(tills) >= 5);
			postgres.hang();
			try {
				assertUnavailable(shop);
				// pacing: the database stays hung this long while the tills keep selling
				Thread.sleep(FULL ? 30_000 : 4000);
			}
			finally {
				postgres.resume();
			}
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> api().get("/health", null).status() == 200);
			// the pool is not left exhausted: a burst of sales goes through at once
			int before = acknowledged(tills);
			await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(tills) >= before + 12);
			tills.stop(Duration.ofSeconds(60));

			report("hung", tills);
			assertThat(tills.slowestMillis()).as("the longest a till waited for an answer, ms")
				.isLessThan(BOUND.toMillis());
			assertThat(SalesCheck.violations(jdbc, shop, tills.sales())).isEmpty();
		}
		// one live session holds the sealer's lock, and it seals: the lock was not stranded on a dead one
		assertThat(jdbc.sql("""
				SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = :key
				""").param("key", 0x4b61737361L).query(Long.class).single()).isOne();
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void aSaleWhoseCommitSucceededButWhoseAnswerWasLostIsAnsweredOnceWhenPostedAgain() throws Exception {
		var shop = Shop.open(api(), "LOST", new BigDecimal("1000"));
		try (var tills = new Tills(shop, this::api)) {
			var first = new Tills.Sale(2);
			tills.sell(first, Duration.ofMillis(100));
			// every commit now waits, after it is durable, for a standby that does not exist
			postgres.execute("ALTER SYSTEM SET synchronous_standby_names = 'kassa_nobody'");
			postgres.execute("SELECT pg_reload_conf()");
			var sale = new Tills.Sale(3);
			TestClient.Response answer;
			try (var till = Executors.newVirtualThreadPerTaskExecutor()) {
				var posted = till.submit(() -> api().post("/api/v1/sales", shop.cashier(), shop.sale(sale.quantity),
						sale.key));
				// the sale's commit is on disk and waits; its connection is cut: the answer never leaves. Only the
				// sale's backend, told by the lock on sales it holds until the wait ends: the sealer's commits wait too
				await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
					try (var connection = postgres.connect(); var statement = connection.createStatement();
							var rs = statement.executeQuery("""
									SELECT count(pg_terminate_backend(a.pid)) FROM pg_stat_activity a
									WHERE a.wait_event = 'SyncRep' AND EXISTS (SELECT FROM pg_locks l
									    WHERE l.pid = a.pid AND l.relation = 'sales'::regclass AND l.mode = 'RowExclusiveLock')
									""")) {
						rs.next();
						return rs.getLong(1) > 0;
					}
				});
				answer = posted.get(BOUND.toSeconds(), TimeUnit.SECONDS);
			}
			finally {
				postgres.execute("ALTER SYSTEM RESET synchronous_standby_names");
				postgres.execute("SELECT pg_reload_conf()");
			}
			assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
			assertThat(answer.header("Retry-After")).isEqualTo("1");
			assertThat(count("SELECT count(*) FROM sales WHERE location_id = '" + shop.location() + "'"))
				.as("the sale committed though its answer was lost").isEqualTo(2);

			tills.sell(sale, Duration.ofMillis(100));
			var again = new Tills.Sale(1);
			tills.sell(again, Duration.ofMillis(100));
			assertThat(sale.acknowledged().status()).isEqualTo(201);
			var replay = api().post("/api/v1/sales", shop.cashier(), shop.sale(sale.quantity), sale.key);
			assertThat(replay.json().path("id").asString()).isEqualTo(sale.acknowledged().json().path("id").asString());
			assertThat(SalesCheck.violations(jdbc, shop, java.util.List.of(first, sale, again))).isEmpty();
		}
	}

	/** While the database is away: a sale and /health each answer 503 in bounded time, the sale with Retry-After. */
	private void assertUnavailable(Shop shop) {
		long started = System.nanoTime();
		var answer = api().post("/api/v1/sales", shop.cashier(), shop.sale(1), UUID.randomUUID().toString());
		var waited = Duration.ofNanos(System.nanoTime() - started);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
		assertThat(answer.header("Retry-After")).isEqualTo("1");
		assertThat(answer.json().path("code").asString()).isEqualTo("database_unavailable");
		assertThat(waited).isLessThan(BOUND);
		started = System.nanoTime();
		var health = api().get("/health", null);
		assertThat(health.status()).as(health.toString()).isEqualTo(503);
		assertThat(health.json().path("database").asString()).isEqualTo("down");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
	}

	private static void report(String fault, Tills tills) {
		var sales = tills.sales();
		System.out.printf("fault %s: %d sales acknowledged, %d answers 503, %d posts unanswered, slowest answer %d ms%n",
				fault, sales.stream().filter(s -> s.acknowledged() != null).count(), tills.unavailable(),
				tills.unanswered(), tills.slowestMillis());
	}

	private static int acknowledged(Tills tills) {
		return (int) tills.sales().stream().filter(s -> s.acknowledged() != null).count();
	}

	private long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}
}

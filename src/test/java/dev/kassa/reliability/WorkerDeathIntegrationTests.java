package dev.kassa.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.catalog.BulkCsv;
import dev.kassa.platform.Workers;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.SalesCheck;
import dev.kassa.support.Shop;
import dev.kassa.support.Tills;

/**
 * Fault 11 of docs/reliability.md: a background worker (the sealer, the live poller and listener, the outbox
 * and webhook dispatchers, the job runner) killed by an {@code Error} (which its own retry does not catch) or
 * an exception. It is started again within seconds, {@code /health} shows it down until it
 * is, and its work resumes: sales made meanwhile are sealed into the chain and nothing is lost.
 */
class WorkerDeathIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Workers workers;

	@Test
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void aWorkerKilledByAnErrorIsShownDownThenStartedAgainAndItsWorkResumes() throws Exception {
		var shop = Shop.open(api(), "WORK", new BigDecimal("100000"));
		await().atMost(Duration.ofSeconds(30)).until(() -> "up".equals(workers.states().get("sealer")));
		try (var tills = new Tills(shop, this::api).start(2, Duration.ofMillis(20))) {
			for (var name : List.of("sealer", "live-poller", "live-listen", "outbox", "webhooks", "jobs")) {
				int restarts = workers.restarts(name);
				var seen = new CopyOnWriteArrayList<String>();
				var watching = new AtomicBoolean(true);
				var watcher = Thread.ofVirtual().start(() -> {
					while (watching.get()) {
						seen.add(api().get("/health", null).json().path("workers").path(name).asString());
					}
				});
				workers.inject(name, new StackOverflowError("injected by the fault campaign"));
				await().atMost(Duration.ofSeconds(30)).until(() -> workers.restarts(name) > restarts
						&& "up".equals(workers.states().get(name)));
				await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty() && "up".equals(seen.getLast()));
				watching.set(false);
				watcher.join();
				assertThat(seen).as("/health saw the " + name + " down, then up again").contains("down");
				assertThat(seen.getLast()).isEqualTo("up");
			}
			// an exception is retried by the loop itself: the worker never goes down
			int restarts = workers.restarts("sealer");
			long rounds = workers.rounds("sealer");
			workers.inject("sealer", new IllegalStateException("injected by the fault campaign"));
			// the round that throws it, then one more: a loop that died would pass no round before its restart
			await().atMost(Duration.ofSeconds(30)).until(() -> workers.rounds("sealer") >= rounds + 2);
			assertThat(workers.restarts("sealer")).isEqualTo(restarts);
			int before = (int) tills.sales().stream().filter(s -> s.acknowledged() != null).count();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> tills.sales().stream().filter(s -> s.acknowledged() != null).count() >= before + 10);
			tills.stop(Duration.ofSeconds(30));
			assertThat(SalesCheck.violations(jdbc, shop, tills.sales())).isEmpty();
		}
		// the job runner started again runs jobs: a small catalog import completes
		api().adminToken();
		var manager = api().token("MANAGER");
		var upload = BulkCsv.upload(api(), manager, BulkCsv.csv(BulkCsv.HEADER,
				"WORK-1,Restarted runner,,,PIECE,10.50,true,GST_18,,,true,false,true"), "valid_rows", UUID.randomUUID().toString());
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		var job = "/api/v1/jobs/" + upload.json().path("job_id").asString();
		await().atMost(Duration.ofSeconds(60)).until(() -> api().get(job, manager).json().path("state").asString()
			.equals("SUCCEEDED"));
		var health = api().get("/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("ok");
	}
}

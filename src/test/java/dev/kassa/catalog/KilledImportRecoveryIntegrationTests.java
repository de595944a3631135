package dev.kassa.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.kassa.jobs.Jobs;
import dev.kassa.support.AnotherKassa;
import dev.kassa.support.IntegrationTestSupport;

/**
 * Two imports run by a second Kassa, a separate JVM, which is killed (SIGKILL: no shutdown hook, no
 * clean-up) while both are half done. This instance, whose scheduler is started only after the kill,
 * finds the dead executions once their heartbeats are stale and finishes both: the valid-rows import
 * goes on after its last committed batch ({@code resumed}), the all-or-nothing one starts over
 * ({@code retried}); every product is imported exactly once.
 */
// Dead after 8 s without a heartbeat rather than 30: short for the test, long enough that a stall of this
// busy instance's own heartbeats cannot make it take its own running jobs for dead.
@TestPropertySource(properties = { "kassa.jobs.run=false", "kassa.jobs.heartbeat=1s",
		"kassa.jobs.missed-heartbeats=8", "kassa.jobs.poll=200ms" })
class KilledImportRecoveryIntegrationTests extends IntegrationTestSupport {

	private static final int ROWS = 50_000;

	@Autowired
	Environment environment;

	@Autowired
	Jobs jobs;

	private String manager() {
		api().adminToken(); // TestClient.token would otherwise fetch it inside its own computeIfAbsent
		return api().token("MANAGER");
	}

	private static byte[] products(String prefix) {
		var file = new StringBuilder(ROWS * 80).append(BulkCsv.HEADER).append('\n');
		for (int i = 0; i < ROWS; i++) {
			file.append(prefix).append(i).append(",Product ").append(i).append(",,,PIECE,").append(i % 1000)
				.append(".50,true,GST_18,,").append(prefix).append("BC-").append(i).append(",true,false,true\n");
		}
		return file.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.MINUTES)
	void importsCutShortByAKilledProcessAreResumedOrRetriedHereAndImportEveryRowOnce() throws Exception {
		var token = manager();
		var resumable = products("KV-");
		var restarting = products("KA-");
		String validRows;
		String allOrNothing;
		JsonNode validRowsJob;
		JsonNode allOrNothingJob;
		try (var child = AnotherKassa.start(environment, "killed-instance", "--kassa.jobs.heartbeat=1s",
				"--kassa.jobs.missed-heartbeats=8")) {
			var other = child.client();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> other.get("/api/v1/me", token).status() == 200);
			var first = BulkCsv.upload(other, token, resumable, "valid_rows", UUID.randomUUID().toString());
			assertThat(first.status()).as(first.body()).isEqualTo(202);
			var second = BulkCsv.upload(other, token, restarting, "all_or_nothing", UUID.randomUUID().toString());
			assertThat(second.status()).as(second.body()).isEqualTo(202);
			validRows = first.json().path("id").asString();
			allOrNothing = second.json().path("id").asString();
			var validRowsJobId = first.json().path("job_id").asString();
			var allOrNothingJobId = second.json().path("job_id").asString();
			// Both under way: batches of the valid-rows import committed, the other's progress saved
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
				.until(() -> count("SELECT last_line FROM product_imports WHERE id = '" + validRows + "'") > 3 * CatalogImport.BATCH
						&& count("SELECT done FROM job_runs WHERE id = '" + allOrNothingJobId + "'") > 0);
			child.kill();
			validRowsJob = api().get("/api/v1/jobs/" + validRowsJobId, token).json();
			allOrNothingJob = api().get("/api/v1/jobs/" + allOrNothingJobId, token).json();
		}
		// What the killed process left: both jobs RUNNING, neither import finished, part of one committed
		assertThat(validRowsJob.path("state").asString()).isEqualTo("RUNNING");
		assertThat(allOrNothingJob.path("state").asString()).isEqualTo("RUNNING");
		assertThat(validRowsJob.path("recovery").isNull()).isTrue();
		long settled = count("SELECT last_line FROM product_imports WHERE id = '" + validRows + "'");
		assertThat(settled).isBetween(3L * CatalogImport.BATCH + 1, (long) ROWS);
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'KV-%'")).isEqualTo(settled - 1);
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'KA-%'")).isZero();
		assertThat(count("SELECT count(*) FROM product_imports WHERE status = 'RUNNING'")).isEqualTo(2);

		jobs.start();
		for (var id : List.of(validRows, allOrNothing)) {
			await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
				var status = api().get("/api/v1/products/imports/" + id, token).json().path("status").asString();
				return status.equals("COMPLETED") || status.equals("FAILED");
			});
		}

		var resumed = api().get("/api/v1/products/imports/" + validRows, token).json();
		assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("COMPLETED");
		assertThat(resumed.path("rows_read").asLong()).isEqualTo(ROWS);
		assertThat(resumed.path("created").asLong()).isEqualTo(ROWS);
		assertThat(resumed.path("updated").asLong()).isZero();
		assertThat(resumed.path("unchanged").asLong()).isZero();
		assertThat(resumed.path("rejected").asLong()).isZero();
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'KV-%'")).isEqualTo(ROWS);
		assertThat(count("SELECT count(DISTINCT lower(sku)) FROM products WHERE sku LIKE 'KV-%'")).isEqualTo(ROWS);
		assertThat(count("SELECT count(*) FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE p.sku LIKE 'KV-%'"))
			.isEqualTo(ROWS);
		// No batch applied twice: one event per batch of the file, their counts adding up to the file
		assertThat(count("SELECT count(*) FROM events WHERE type = 'catalog.import_batch_applied' AND aggregate_id = '"
				+ validRows + "'")).isEqualTo(ROWS / CatalogImport.BATCH);
		assertThat(count("SELECT sum((payload->>'created')::int) FROM events WHERE type = 'catalog.import_batch_applied' AND aggregate_id = '"
				+ validRows + "'")).isEqualTo(ROWS);

		var retried = api().get("/api/v1/products/imports/" + allOrNothing, token).json();
		assertThat(retried.path("status").asString()).as(retried.toString()).isEqualTo("COMPLETED");
		assertThat(retried.path("rows_read").asLong()).isEqualTo(ROWS);
		assertThat(retried.path("created").asLong()).isEqualTo(ROWS);
		assertThat(count("SELECT count(*) FROM products WHERE sku LIKE 'KA-%'")).isEqualTo(ROWS);
		assertThat(count("SELECT count(*) FROM product_barcodes WHERE code LIKE 'KA-BC-%'")).isEqualTo(ROWS);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'catalog.imported' AND aggregate_id = '"
				+ allOrNothing + "'")).isOne();

		for (var expected : List.of(new Expected(validRowsJob, "resumed", resumable.length),
				new Expected(allOrNothingJob, "retried", restarting.length))) {
			var path = "/api/v1/jobs/" + expected.before().path("id").asString();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> api().get(path, token).json().path("state").asString().equals("SUCCEEDED"));
			var job = api().get(path, token).json();
			assertThat(job.path("recovery").asString()).as(job.toString()).isEqualTo(expected.recovery());
			assertThat(job.path("attempts").asInt()).as(job.toString()).isEqualTo(2);
			assertThat(job.path("done").asLong()).isEqualTo(expected.size());
			assertThat(count("SELECT count(*) FROM events WHERE type = 'job.started' AND aggregate_id = '"
					+ expected.before().path("id").asString() + "' AND payload->>'recovery' = '" + expected.recovery() + "'"))
				.isOne();
		}
		assertThat(count("SELECT count(*) FROM product_import_chunks")).isZero();
	}

	private record Expected(JsonNode before, String recovery, long size) {
	}
}

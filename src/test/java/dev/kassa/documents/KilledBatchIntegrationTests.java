package dev.kassa.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.jobs.Jobs;
import dev.kassa.support.AnotherKassa;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.Shop;

/**
 * Fault 12 of docs/reliability.md for a PDF batch: a second Kassa, a JVM of its own, makes a batch of invoices
 * and is killed (SIGKILL) halfway through. This instance, whose job runner starts only after the kill, takes the
 * dead job up once its heartbeats are stale and makes the batch again from the start: it ends {@code succeeded}
 * with one PDF per sale, none twice, and one {@code document_batch.completed} event.
 */
@TestPropertySource(properties = { "kassa.jobs.run=false", "kassa.jobs.heartbeat=1s", "kassa.jobs.missed-heartbeats=8",
		"kassa.jobs.poll=200ms" })
class KilledBatchIntegrationTests extends IntegrationTestSupport {

	private static final int SALES = 150;

	@Autowired
	Environment environment;

	@Autowired
	Jobs jobs;

	@Test
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void aBatchCutShortByAKilledProcessIsMadeAgainHereWithEveryInvoiceOnce() throws Exception {
		var shop = Shop.open(api(), "PDFK", new BigDecimal("100000"));
		try (var executor = Executors.newFixedThreadPool(4)) {
			var posts = new ArrayList<java.util.concurrent.Future<Integer>>();
			for (int i = 0; i < SALES; i++) {
				posts.add(executor.submit(() -> api().post("/api/v1/sales", shop.cashier(), shop.sale(1),
						UUID.randomUUID().toString()).status()));
			}
			for (var post : posts) {
				assertThat(post.get()).isEqualTo(201);
			}
		}
		var manager = api().token("MANAGER");
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		var body = new LinkedHashMap<String, Object>();
		body.put("kind", "invoices");
		body.put("location_id", shop.location());
		body.put("from", today.minusDays(1).toString());
		body.put("to", today.toString());
		String batch;
		String job;
		try (var child = AnotherKassa.start(environment, "killed-batch", "--kassa.jobs.heartbeat=1s",
				"--kassa.jobs.missed-heartbeats=8")) {
			var other = child.client();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
				.until(() -> other.get("/api/v1/me", manager).status() == 200);
			var created = other.post("/api/v1/documents/batches", manager, body, UUID.randomUUID().toString());
			assertThat(created.status()).as(created.toString()).isEqualTo(202);
			batch = created.json().path("id").asString();
			job = jdbc.sql("SELECT job_id::text FROM document_batches WHERE id = :id::uuid").param("id", batch)
				.query(String.class).single();
			// under way: some invoices made, not all
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
				.until(() -> count("SELECT done FROM job_runs WHERE id = '" + job + "'") > 0);
			child.kill();
		}
		assertThat(jdbc.sql("SELECT state FROM job_runs WHERE id = :id::uuid").param("id", job).query(String.class).single())
			.as("the killed process left its job running").isEqualTo("RUNNING");
		assertThat(count("SELECT done FROM job_runs WHERE id = '" + job + "'")).isLessThan(SALES);

		jobs.start();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
			.until(() -> api().get("/api/v1/documents/batches/" + batch, manager).json().path("state").asString()
				.equals("succeeded"));
		var done = api().get("/api/v1/documents/batches/" + batch, manager).json();
		assertThat(done.path("document_count").asLong()).isEqualTo(SALES);
		var run = api().get("/api/v1/jobs/" + job, manager).json();
		assertThat(run.path("recovery").asString()).as(run.toString()).isEqualTo("retried");
		var file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api().base()
				+ done.path("file_url").asString())).header("Authorization", "Bearer " + manager).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(file.statusCode()).isEqualTo(200);
		var names = new HashSet<String>();
		int pdfs = 0;
		try (var zip = new ZipInputStream(new ByteArrayInputStream(file.body()))) {
			for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				names.add(entry.getName());
				pdfs++;
			}
		}
		assertThat(pdfs).as("one PDF per sale").isEqualTo(SALES);
		assertThat(names).as("none twice").hasSize(SALES);
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + batch
				+ "' AND type = 'document_batch.completed'")).isOne();
	}
}

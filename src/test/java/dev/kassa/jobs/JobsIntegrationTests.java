package dev.kassa.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.platform.ApiException;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

class JobsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Jobs jobs;

	@BeforeEach
	void signInAdminFirst() {
		api().adminToken();
	}

	private UUID userId(String token) {
		return UUID.fromString(api().get("/api/v1/me", token).json().path("id").asString());
	}

	@Test
	void aJobRunsToTheEndWithProgressErrorsAndResult() {
		var token = api().tokenForNewUser("jobber-" + System.nanoTime(), List.of("CASHIER"), null);
		var id = jobs.submit("test.count", TestClient.JSON.valueToTree(Map.of("n", 50)), userId(token));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api().get("/api/v1/jobs/" + id, token).json().path("state").asString().equals("SUCCEEDED"));
		var job = api().get("/api/v1/jobs/" + id, token).json();
		assertThat(job.path("done").asLong()).isEqualTo(50);
		assertThat(job.path("total").asLong()).isEqualTo(50);
		assertThat(job.path("errors")).hasSize(7);
		assertThat(job.path("result_url").asString()).isEqualTo("/api/v1/results/count-50");
		assertThat(job.path("attempts").asInt()).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "' AND type = 'job.progressed'"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "' AND type = 'job.succeeded'"))
			.isOne();
		assertThat(api().get("/api/v1/jobs/" + id, api().token("MANAGER")).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/jobs/" + id, api().token("EMPLOYEE")).status()).isEqualTo(404);
	}

	@Test
	void aFailedAttemptIsRetriedWithBackOff() {
		var id = jobs.submit("test.fails-once", TestClient.JSON.valueToTree(Map.of("key", UUID.randomUUID().toString())),
				null);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api().get("/api/v1/jobs/" + id, api().adminToken()).json().path("state").asString().equals("SUCCEEDED"));
		var job = api().get("/api/v1/jobs/" + id, api().adminToken()).json();
		assertThat(job.path("attempts").asInt()).isEqualTo(2);
		assertThat(job.path("errors").get(0).asString()).contains("first attempt fails");
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "' AND type = 'job.retrying'")).isOne();
	}

	@Test
	void unknownKindsAndJobsAreRefused() {
		var refused = catchThrowable(() -> jobs.submit("nope", TestClient.JSON.createObjectNode(), null));
		assertThat(refused).isInstanceOf(ApiException.class);
		assertThat(api().get("/api/v1/jobs/" + UUID.randomUUID(), api().adminToken()).status()).isEqualTo(404);
		var malformed = api().get("/api/v1/jobs/not-a-uuid", api().adminToken());
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(api().get("/api/v1/jobs/" + UUID.randomUUID(), null).status()).isEqualTo(401);
	}
}

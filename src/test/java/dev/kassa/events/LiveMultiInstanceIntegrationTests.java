package dev.kassa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.kassa.KassaApplication;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** Two Kassa instances on one database: an event committed through one reaches live clients of the other. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveMultiInstanceIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Environment environment;

	@Autowired
	Sealer sealer;

	ConfigurableApplicationContext second;

	TestClient secondApi;

	int secondPort;

	@BeforeAll
	void startASecondInstance() {
		// As command-line arguments: they must win over application.yml, as the test context's own properties do
		second = new SpringApplicationBuilder(KassaApplication.class).run("--server.port=0",
				"--kassa.db.url=" + environment.getProperty("kassa.db.url"), "--kassa.db.user=postgres",
				"--kassa.data-dir=" + environment.getProperty("kassa.data-dir"),
				"--kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD, "--kassa.db.pool-size=8",
				"--spring.flyway.enabled=false");
		secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
		secondApi = new TestClient(secondPort);
	}

	@AfterAll
	void stopTheSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void anEventCommittedThroughOneInstanceReachesAClientOfTheOther() {
		var otherSealer = second.getBean(Sealer.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> sealer.isSealing() ^ otherSealer.isSealing());
		for (var writer : List.of(api(), secondApi)) {
			for (var reader : List.of(port, secondPort)) {
				try (var client = LiveClient.connect(reader, "access_token=" + secondApi.adminToken() + "&topics=users")) {
					client.awaitSubscribed();
					var username = "cross-" + System.nanoTime();
					var created = writer.post("/api/v1/users", writer.adminToken(),
							Map.of("username", username, "password", "correct horse battery staple", "roles", List.of("CASHIER")));
					assertThat(created.status()).isEqualTo(201);
					await().atMost(Duration.ofSeconds(20)).until(() -> client.events()
						.stream()
						.anyMatch(m -> m.path("event").path("payload").path("username").asString().equals(username)));
				}
			}
		}
	}

	@Test
	void writesThroughBothInstancesAtOnceGetOneGaplessChain() throws Exception {
		var threads = new ArrayList<Thread>();
		for (var writer : List.of(api(), secondApi)) {
			var token = writer.adminToken();
			threads.add(Thread.ofVirtual().start(() -> {
				for (int i = 0; i < 5; i++) {
					writer.post("/api/v1/users", token, Map.of("username", "both-" + System.nanoTime(), "password",
							"correct horse battery staple", "roles", List.of("EMPLOYEE")));
				}
			}));
		}
		for (var thread : threads) {
			thread.join();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM events WHERE seq IS NULL") == 0);
		assertThat(count("SELECT max(seq) FROM events")).isEqualTo(count("SELECT count(*) FROM events"));
		var verified = secondApi.post("/api/v1/events/verify", secondApi.adminToken(), null);
		assertThat(verified.json().path("ok").asBoolean()).as(verified.toString()).isTrue();
	}
}

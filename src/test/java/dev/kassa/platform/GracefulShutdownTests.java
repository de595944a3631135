package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.KassaApplication;
import dev.kassa.support.TestDatabase;

/** Stopping the server lets a request in flight finish and refuses new ones. */
class GracefulShutdownTests {

	static final CountDownLatch ENTERED = new CountDownLatch(1);

	static final CountDownLatch RELEASE = new CountDownLatch(1);

	@RestController
	static class SlowController {

		@GetMapping("/api/v1/slow")
		@jakarta.annotation.security.PermitAll
		String slow() throws InterruptedException {
			ENTERED.countDown();
			RELEASE.await(30, TimeUnit.SECONDS);
			return "finished";
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowConfiguration {

		@Bean
		SlowController slowController() {
			return new SlowController();
		}
	}

	@Test
	void inFlightRequestsFinishAndNewOnesAreRefused() throws Exception {
		var app = new SpringApplicationBuilder(KassaApplication.class, SlowConfiguration.class).run("--server.port=0",
				"--kassa.db.url=" + TestDatabase.newDatabase("graceful"), "--kassa.db.user=postgres",
				"--kassa.data-dir=" + Files.createTempDirectory("kassa-graceful"),
				"--kassa.security.admin-password=graceful-admin-password");
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		var admin = login(port);
		var http = HttpClient.newHttpClient();
		var inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/slow"))
			.header("Authorization", "Bearer " + admin)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(ENTERED.await(30, TimeUnit.SECONDS)).isTrue();
		var closing = CompletableFuture.runAsync(app::close);
		// a paused connector leaves new connections unanswered: refused or timed out, never served
		Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			int status;
			try {
				status = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString())
					.statusCode();
			}
			catch (java.io.IOException ex) {
				status = -1;
			}
			assertThat(status).isIn(-1, 503);
		});
		assertThat(inFlight).isNotDone();
		RELEASE.countDown();
		var response = inFlight.get(30, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("finished");
		closing.get(60, TimeUnit.SECONDS);
	}

	private static String login(int port) throws Exception {
		var response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"admin\",\"password\":\"graceful-admin-password\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		var json = dev.kassa.support.TestClient.JSON.readTree(response.body());
		return json.path("access_token").asString();
	}
}

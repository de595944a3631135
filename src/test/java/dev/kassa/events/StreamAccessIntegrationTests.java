package dev.kassa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API1 (broken object level authorization) and API5 (broken function level authorization) for the live
 * streams: {@code /ws} and {@code /api/v1/events/stream} show a user what the REST API would, the same roles
 * per topic and the same locations, live and on replay from seq 0.
 */
class StreamAccessIntegrationTests extends IntegrationTestSupport {

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void signInAdminFirst() {
		api().adminToken();
	}

	UUID append(String aggregateType, @Nullable UUID location) {
		return transactions.execute(
				tx -> events.append(aggregateType + ".changed", aggregateType, UUID.randomUUID(), location, Map.of("n", 1)));
	}

	@Test
	void aDriverFollowingEverythingOverWebSocketNeverSeesASaleLiveOrOnReplay() {
		var sale = append("sale", null);
		var order = append("order", null);
		try (var client = LiveClient.connect(port, "access_token=" + api().token("DRIVER") + "&after=0")) {
			client.awaitSubscribed();
			client.awaitEvent(order);
			var liveSale = append("sale", null);
			var user = append("user", null);
			var route = append("route", null);
			var unknown = append("weather_report", null);
			var marker = append("order", null);
			client.awaitEvent(marker);
			assertThat(client.eventIds()).doesNotContain(sale.toString(), liveSale.toString(), user.toString(),
					route.toString(), unknown.toString());
			assertThat(client.events()).noneMatch(m -> m.path("event").path("topic").asString().equals("sales"));
		}
	}

	@Test
	void aDriverAskingForSalesByNameIsRefusedOnBothStreams() {
		var token = api().token("DRIVER");
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "auth", "access_token", token, "topics", List.of("sales"), "after", 0));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.messages.stream()
				.anyMatch(m -> m.path("type").asString().equals("error") && m.path("code").asString().equals("forbidden")));
			assertThat(client.events()).isEmpty();
		}
		assertThat(api().send("GET", "/api/v1/events/stream?topics=sales", token, null, Map.of("Last-Event-ID", "0"))
			.status()).isEqualTo(403);
		assertThat(api().get("/api/v1/sales", token).status()).isEqualTo(403);
	}

	/** Offline exceptions are read at GET /api/v1/offline-exceptions by ADMIN and MANAGER only; so is their topic. */
	@Test
	void offlineExceptionsAreStreamedToManagersAndRefusedToCashiers() {
		var raised = append("offline_exception", null);
		var cashier = api().tokenForNewUser("till-" + System.nanoTime(), List.of("CASHIER"), null);
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "auth", "access_token", cashier, "topics", List.of("offline_exceptions"), "after", 0));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.messages.stream()
				.anyMatch(m -> m.path("type").asString().equals("error") && m.path("code").asString().equals("forbidden")));
			assertThat(client.events()).isEmpty();
		}
		try (var client = LiveClient.connect(port, "access_token=" + cashier + "&after=0")) {
			client.awaitSubscribed();
			var marker = append("sale", null);
			client.awaitEvent(marker);
			assertThat(client.eventIds()).doesNotContain(raised.toString());
		}
		try (var client = LiveClient.connect(port,
				"access_token=" + api().token("MANAGER") + "&topics=offline_exceptions&after=0")) {
			client.awaitSubscribed();
			client.awaitEvent(raised);
			assertThat(client.events()).allMatch(m -> m.path("event").path("topic").asString().equals("offline_exceptions"));
		}
	}

	@Test
	void anEmployeeReplayingTheSseStreamFromZeroGetsNoSaleAndAManagerDoes() throws Exception {
		var sale = append("sale", null);
		var customer = append("customer", null);
		var employee = sse(api().token("EMPLOYEE"), customer);
		assertThat(employee).contains(customer.toString()).doesNotContain(sale.toString());
		var manager = sse(api().token("MANAGER"), customer);
		assertThat(manager).contains(sale.toString(), customer.toString());
	}

	@Test
	void aManagerSeesNeitherUsersNorWebhooksAndACashierNoRoutePlans() {
		var user = append("user", null);
		var webhook = append("webhook", null);
		var location = append("location", null);
		try (var client = LiveClient.connect(port, "access_token=" + api().token("MANAGER") + "&after=0")) {
			client.awaitSubscribed();
			client.awaitEvent(location);
			assertThat(client.eventIds()).doesNotContain(user.toString(), webhook.toString());
		}
		var plan = append("route_plan", null);
		var delivery = append("delivery_order", null);
		var cashier = api().tokenForNewUser("till-" + System.nanoTime(), List.of("CASHIER"), null);
		try (var client = LiveClient.connect(port, "access_token=" + cashier + "&topics=deliveries&after=0")) {
			client.awaitSubscribed();
			client.awaitEvent(delivery);
			assertThat(client.eventIds()).doesNotContain(plan.toString());
		}
	}

	@Test
	void aCashierOfOneLocationReplaysOnlyThatLocationsSales() {
		var mine = UUID.randomUUID();
		var elsewhere = append("sale", UUID.randomUUID());
		var here = append("sale", mine);
		var token = api().tokenForNewUser("till-" + System.nanoTime(), List.of("CASHIER"), List.of(mine.toString()));
		try (var client = LiveClient.connect(port, "access_token=" + token + "&topics=sales&after=0")) {
			client.awaitSubscribed();
			client.awaitEvent(here);
			var marker = append("sale", mine);
			client.awaitEvent(marker);
			assertThat(client.eventIds()).doesNotContain(elsewhere.toString());
		}
	}

	/** OWASP API4: one user's token cannot hold more live connections than the cap (20 by default). */
	@Test
	void aUserHoldsAtMostTwentyLiveConnections() {
		var token = api().tokenForNewUser("many-" + System.nanoTime(), List.of("CASHIER"), null);
		var clients = new java.util.ArrayList<LiveClient>();
		try {
			for (int i = 0; i < 20; i++) {
				var client = LiveClient.connect(port, "access_token=" + token);
				client.awaitSubscribed();
				clients.add(client);
			}
			try (var extra = LiveClient.connect(port, "access_token=" + token)) {
				await().atMost(Duration.ofSeconds(20)).until(() -> extra.closeCode == LiveWebSocket.TOO_MANY);
			}
			var sse = api().get("/api/v1/events/stream", token);
			assertThat(sse.status()).isEqualTo(429);
			assertThat(sse.header("Retry-After")).isNotBlank();
			clients.removeFirst().close();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				try (var again = LiveClient.connect(port, "access_token=" + token)) {
					// the server either subscribes the new connection or closes it as one too many
					await().atMost(Duration.ofSeconds(10)).until(() -> again.closeCode != -1 || subscribed(again));
					return again.closeCode != LiveWebSocket.TOO_MANY && subscribed(again);
				}
			});
		}
		finally {
			clients.forEach(LiveClient::close);
		}
	}

	private static boolean subscribed(LiveClient client) {
		return client.messages.stream().anyMatch(m -> m.path("type").asString().equals("subscribed"));
	}

	/** Reads the SSE stream from seq 0 until the marker arrives; answers the lines read. */
	private String sse(String token, UUID marker) throws Exception {
		var lines = new CopyOnWriteArrayList<String>();
		var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events/stream"))
			.header("Authorization", "Bearer " + token)
			.header("Last-Event-ID", "0")
			.build();
		var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		var reader = Thread.ofVirtual().start(() -> {
			try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (java.io.IOException ex) {
				// closed by the test
			}
		});
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains(marker.toString())));
		}
		finally {
			response.body().close();
			reader.interrupt();
		}
		return String.join("\n", lines);
	}
}

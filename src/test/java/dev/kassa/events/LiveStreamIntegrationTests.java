package dev.kassa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

class LiveStreamIntegrationTests extends IntegrationTestSupport {

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	LiveHub hub;

	@Autowired
	EventStore store;

	@Autowired
	EventSettings settings;

	@BeforeEach
	void signInAdminFirst() {
		api().adminToken();
	}

	UUID append(String aggregateType, @Nullable UUID location) {
		return transactions.execute(
				tx -> events.append(aggregateType + ".changed", aggregateType, UUID.randomUUID(), location, Map.of("n", 1)));
	}

	@Test
	void aCommittedEventArrivesAndARolledBackOneNever() {
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=customers")) {
			client.awaitSubscribed();
			var rolledBack = UUID.randomUUID();
			assertThat(catchThrowable(() -> transactions.executeWithoutResult(tx -> {
				events.append("customer.created", "customer", rolledBack, null, Map.of());
				throw new IllegalStateException("roll back");
			}))).hasMessage("roll back");
			var committed = append("customer", null);
			client.awaitEvent(committed);
			var event = client.events().getLast();
			assertThat(event.path("seq").asLong()).isPositive();
			assertThat(event.path("event").path("topic").asString()).isEqualTo("customers");
			assertThat(client.events()).noneMatch(m -> m.path("event").path("aggregate_id").asString().equals(rolledBack.toString()));
		}
	}

	/**
	 * Longer than the engine's 2 KiB buffers (KassaApplication) and not ASCII: its bytes, encoded once for
	 * every connection, go out through Tomcat's frame writer (a Tomcat upgrade that renames it fails here
	 * rather than quietly encoding per connection again), and arrive whole.
	 */
	@Test
	void anEventLongerThanTheConnectionsBuffersArrivesWhole() {
		assertThat(System.getProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE")).isEqualTo("2048");
		assertThat(TextFrames.direct()).isTrue();
		var note = "x".repeat(20_000) + "é€😀" + "y".repeat(3_000);
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=customers")) {
			client.awaitSubscribed();
			var id = transactions.execute(tx -> events.append("customer.updated", "customer", UUID.randomUUID(), null,
					Map.of("note", note)));
			client.awaitEvent(id);
			assertThat(client.events().getLast().path("event").path("payload").path("note").asString()).isEqualTo(note);
		}
	}

	@Test
	void topicsFilterWhatArrives() {
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=sales")) {
			client.awaitSubscribed();
			var product = append("product", null);
			var sale = append("sale", null);
			client.awaitEvent(sale);
			assertThat(client.eventIds()).doesNotContain(product.toString());
		}
	}

	/** A manager's screen follows drawers opening and closing: terminals and till sessions are the tills topic. */
	@Test
	void terminalsAndTillSessionsAreTheTillsTopic() {
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=tills")) {
			client.awaitSubscribed();
			var product = append("product", null);
			var session = append("till_session", null);
			var terminal = append("terminal", null);
			client.awaitEvent(session);
			client.awaitEvent(terminal);
			assertThat(client.eventIds()).doesNotContain(product.toString());
		}
	}

	@Test
	void aReconnectingClientGetsEveryMissedEventOnceAndInOrderThenTheLiveOnes() throws Exception {
		long last;
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=customers")) {
			client.awaitSubscribed();
			var seen = append("customer", null);
			client.awaitEvent(seen);
			last = client.events().getLast().path("seq").asLong();
		}
		var expected = new CopyOnWriteArrayList<String>();
		for (int i = 0; i < 30; i++) {
			expected.add(append("customer", null).toString());
		}
		var writer = Thread.ofVirtual().start(() -> {
			for (int i = 0; i < 30; i++) {
				expected.add(append("customer", null).toString());
			}
		});
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=customers&after=" + last)) {
			writer.join();
			var marker = append("customer", null);
			expected.add(marker.toString());
			client.awaitEvent(marker);
			assertThat(client.eventIds()).containsExactlyElementsOf(expected);
			var seqs = client.events().stream().map(m -> m.path("seq").asLong()).toList();
			assertThat(seqs).isSorted().doesNotHaveDuplicates();
			assertThat(seqs.getFirst()).isGreaterThan(last);
		}
	}

	@Test
	void resumeOnAnOpenConnectionReplaysFromTheGivenSeq() {
		try (var client = LiveClient.connect(port, "access_token=" + api().adminToken() + "&topics=customers")) {
			client.awaitSubscribed();
			var first = append("customer", null);
			var second = append("customer", null);
			client.awaitEvent(second);
			long firstSeq = client.events().getFirst().path("seq").asLong();
			client.send(Map.of("type", "resume", "after", firstSeq - 1));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.eventIds().size() == 4);
			assertThat(client.eventIds()).containsExactly(first.toString(), second.toString(), first.toString(),
					second.toString());
		}
	}

	@Test
	void aConnectionTooSlowForItsBatchesIsEndedAsTooSlow() throws Exception {
		var stuck = new java.util.concurrent.CountDownLatch(1);
		var subscribedAt = new java.util.concurrent.CompletableFuture<Long>();
		var ending = new java.util.concurrent.CompletableFuture<Subscription.Ending>();
		var sink = new Subscription.Sink() {
			@Override
			public void subscribed(long after) {
				subscribedAt.complete(after);
				try {
					// a client whose socket takes nothing: the writer is stuck in its first write
					stuck.await(30, java.util.concurrent.TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

			@Override
			public void event(LiveHub.LiveEvent event) {
			}

			@Override
			public void flush() {
			}

			@Override
			public void heartbeat() {
			}

			@Override
			public boolean idle() {
				return false;
			}

			@Override
			public void close(Subscription.Ending why) {
				ending.complete(why);
			}
		};
		var user = new dev.kassa.platform.CurrentUser(UUID.randomUUID(), "slow-till",
				java.util.Set.of(dev.kassa.platform.Role.ADMIN), null);
		new Subscription(hub, store, settings, user, java.util.Set.of("sales"), null, java.time.Instant.MAX, sink).start();
		long position = subscribedAt.get(20, java.util.concurrent.TimeUnit.SECONDS);
		for (int i = 0; i <= settings.liveQueue(); i++) {
			hub.publish(new LiveHub.Batch(position, position, List.of()));
		}
		assertThat(ending).isNotDone();
		stuck.countDown();
		assertThat(ending.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Subscription.Ending.TOO_SLOW);
	}

	@Test
	void aUserLimitedToALocationSeesOnlyItsLocationAndEventsOfNoLocation() {
		var mine = UUID.randomUUID();
		var token = api().tokenForNewUser("till-" + System.nanoTime(), List.of("CASHIER"), List.of(mine.toString()));
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "auth", "access_token", token, "topics", List.of("sales", "catalog")));
			client.awaitSubscribed();
			var elsewhere = append("sale", UUID.randomUUID());
			var here = append("sale", mine);
			var everywhere = append("product", null);
			var marker = append("sale", mine);
			client.awaitEvent(marker);
			assertThat(client.eventIds()).containsExactly(here.toString(), everywhere.toString(), marker.toString());
			assertThat(client.eventIds()).doesNotContain(elsewhere.toString());
		}
	}

	@Test
	void aCashierMayNotFollowUsers() {
		var token = api().tokenForNewUser("till-" + System.nanoTime(), List.of("CASHIER"), null);
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "auth", "access_token", token, "topics", List.of("users")));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.messages.stream()
				.anyMatch(m -> m.path("type").asString().equals("error") && m.path("code").asString().equals("forbidden")));
		}
	}

	@Test
	void aWrongOrMissingTokenIsRefused() {
		var refused = catchThrowable(() -> LiveClient.connect(port, "access_token=not-a-token"));
		assertThat(refused).isNotNull();
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "auth", "access_token", "not-a-token"));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.closeCode == LiveWebSocket.UNAUTHENTICATED);
		}
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "subscribe", "topics", List.of("sales")));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.closeCode == LiveWebSocket.UNAUTHENTICATED);
			assertThat(client.events()).isEmpty();
		}
		try (var client = LiveClient.connect(port, "")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> client.closeCode == LiveWebSocket.UNAUTHENTICATED);
		}
		assertThat(api().get("/api/v1/events/stream", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/events/stream?access_token=nope", null).status()).isEqualTo(401);
	}

	@Test
	void badStreamParametersAreRefusedNamingTheField() {
		var token = api().adminToken();
		var unknownTopic = api().get("/api/v1/events/stream?topics=weather", token);
		assertThat(unknownTopic.status()).isEqualTo(400);
		assertThat(unknownTopic.errorFields()).containsExactly("topics");
		var badAfter = api().get("/api/v1/events/stream?after=-3", token);
		assertThat(badAfter.status()).isEqualTo(400);
		assertThat(badAfter.errorFields()).containsExactly("after");
		var badHeader = api().send("GET", "/api/v1/events/stream", token, null, Map.of("Last-Event-ID", "x"));
		assertThat(badHeader.status()).isEqualTo(400);
		assertThat(badHeader.errorFields()).containsExactly("Last-Event-ID");
	}

	@Test
	void aMessageLongerThanTheBuffersIsJoinedAndOneOverTheLimitClosesTheConnection() {
		var padding = "x".repeat(20_000);
		try (var client = LiveClient.connect(port, "")) {
			client.send(Map.of("type", "auth", "access_token", api().adminToken(), "topics", List.of("customers"), "note",
					padding));
			client.awaitSubscribed();
			var customer = append("customer", null);
			client.awaitEvent(customer);
			client.send(Map.of("type", "ping", "note", "y".repeat(LiveWebSocket.MAX_MESSAGE)));
			await().atMost(Duration.ofSeconds(20)).until(() -> client.closeCode == 1009);
		}
	}

	@Test
	void noPerMessageCompressionIsNegotiated() throws Exception {
		try (var socket = new java.net.Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			var headers = new ArrayList<String>();
			for (var line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
				headers.add(line.toLowerCase(java.util.Locale.ROOT));
			}
			assertThat(headers).isNotEmpty();
			assertThat(headers.getFirst()).contains(" 101 ");
			assertThat(headers).noneMatch(h -> h.startsWith("sec-websocket-extensions"));
		}
	}

	@Test
	void serverSentEventsResumeFromLastEventId() throws Exception {
		var before = append("customer", null);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count("SELECT count(*) FROM events WHERE id = '" + before + "' AND seq IS NOT NULL") == 1);
		long last = jdbc.sql("SELECT seq FROM events WHERE id = :id").param("id", before).query(Long.class).single();
		var missed = List.of(append("customer", null).toString(), append("customer", null).toString());
		var request = HttpRequest.newBuilder(URI.create(api().base() + "/api/v1/events/stream?topics=customers&access_token="
				+ api().adminToken()))
			.header("Last-Event-ID", Long.toString(last))
			.build();
		var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		var ids = new ArrayList<String>();
		var seqs = new ArrayList<Long>();
		try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			String live = null;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("id:")) {
					seqs.add(Long.parseLong(line.substring(3).trim()));
				}
				if (line.startsWith("data:") && line.contains("\"aggregate_type\"")) {
					var event = dev.kassa.support.TestClient.JSON.readTree(line.substring(5));
					ids.add(event.path("id").asString());
					if (ids.size() == 2) {
						live = append("customer", null).toString();
					}
					if (event.path("id").asString().equals(live)) {
						break;
					}
				}
			}
			assertThat(ids).hasSize(3).startsWith(missed.toArray(String[]::new));
			assertThat(seqs).isSorted().doesNotHaveDuplicates();
			assertThat(seqs.getFirst()).isEqualTo(last + 1);
		}
		// The client left without a word: the server notices at its next write and ends that stream quietly.
		// Awaitility fails this wait if any thread dies of an uncaught exception meanwhile.
		await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofMillis(300)).until(() -> {
			append("customer", null);
			return hub.connections() == 0;
		});
		await().pollDelay(Duration.ofSeconds(1)).until(() -> hub.connections() == 0);
	}
}

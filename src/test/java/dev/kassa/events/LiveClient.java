package dev.kassa.events;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.TestClient;

/** A WebSocket client of {@code /ws} for tests: keeps every message and how the connection closed. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {

	final List<JsonNode> messages = new CopyOnWriteArrayList<>();

	volatile int closeCode = -1;

	volatile @Nullable Throwable failure;

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	private LiveClient() {
	}

	/** Connects to {@code /ws} with the given query (may be empty); fails if the handshake is refused. */
	static LiveClient connect(int port, String query) {
		var client = new LiveClient();
		client.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws" + (query.isEmpty() ? "" : "?" + query)), client)
			.join();
		return client;
	}

	void send(Object message) {
		socket.sendText(TestClient.JSON.writeValueAsString(message), true).join();
	}

	/** Waits for the {@code subscribed} message and answers the position it names. */
	long awaitSubscribed() {
		await().atMost(Duration.ofSeconds(20)).until(() -> messages.stream().anyMatch(m -> type(m).equals("subscribed")));
		return messages.stream().filter(m -> type(m).equals("subscribed")).reduce((a, b) -> b).orElseThrow().path("after").asLong();
	}

	List<JsonNode> events() {
		var events = new ArrayList<JsonNode>();
		for (var message : messages) {
			if (type(message).equals("event")) {
				events.add(message);
			}
		}
		return events;
	}

	List<String> eventIds() {
		return events().stream().map(m -> m.path("event").path("id").asString()).toList();
	}

	void awaitEvent(Object id) {
		await().atMost(Duration.ofSeconds(20)).until(() -> eventIds().contains(id.toString()));
	}

	private static String type(JsonNode message) {
		return message.path("type").asString("");
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		partial.append(data);
		if (last) {
			messages.add(TestClient.JSON.readTree(partial.toString()));
			partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		closeCode = statusCode;
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		failure = error;
	}

	@Override
	public void close() {
		if (!socket.isOutputClosed()) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
		}
		socket.abort();
	}
}

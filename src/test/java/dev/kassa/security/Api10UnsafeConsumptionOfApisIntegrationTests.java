package dev.kassa.security;

import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.FakeProviders;
import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API10:2023 Unsafe Consumption of APIs: Kassa trusts no answer of the providers it calls. Each provider is
 * a real local HTTP server here (the JDK's {@code HttpServer}; for email a socket that never greets) answering as a
 * broken, hijacked or hostile provider would:
 * <ul>
 * <li>WhatsApp (the Cloud API): a 200 that is an HTML page (a captive portal), a 200 naming no message id, a
 * 200 of 5 MB, an answer slower than the read timeout, one that trickles past the deadline, a connection closed
 * without an answer, a redirect to another host. Each message ends FAILED with the reason, never SENT, and the
 * other host is never called; a proper answer is SENT (the fake is a working provider otherwise).</li>
 * <li>Email: an SMTP server that accepts the connection and says nothing: FAILED after its attempts.</li>
 * <li>Webhooks: an endpoint that redirects elsewhere, is too slow, or hangs up: the delivery is a failure with
 * the reason, the redirect not followed.</li>
 * <li>The road-distance engine (OSRM) of route planning: an answer that trickles past the timeout, one of 40 MB,
 * HTML, a redirect, a hang-up: the plan comes within the timeout over straight lines marked
 * {@code distances_estimated}; a proper matrix is used.</li>
 * </ul>
 * Proved elsewhere: the engine's malformed matrices (wrong shape, negative, text, no road) in
 * {@code delivery.TravelMatricesTests}; 4xx and 5xx of WhatsApp in {@code notifications.MessagesIntegrationTests};
 * the webhook's private addresses in {@code Api7ServerSideRequestForgeryIntegrationTests}.
 */
class Api10UnsafeConsumptionOfApisIntegrationTests extends IntegrationTestSupport {

	/** How a fake provider answers one request. */
	interface Behaviour {

		void answer(HttpExchange exchange) throws IOException;
	}

	/** A provider on 127.0.0.1: answers each request as the behaviour its path or body names. */
	static final class FakeProvider implements AutoCloseable {

		final HttpServer server;

		final Map<String, Behaviour> byRecipient = new ConcurrentHashMap<>();

		final Map<String, Behaviour> byPath = new ConcurrentHashMap<>();

		final AtomicReference<Behaviour> engine = new AtomicReference<>();

		final List<String> requests = new CopyOnWriteArrayList<>();

		private static final Pattern TO = Pattern.compile("\"to\"\\s*:\\s*\"([0-9]+)\"");

		FakeProvider() {
			try {
				server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.createContext("/", exchange -> {
				try (exchange) {
					var path = exchange.getRequestURI().getPath();
					requests.add(exchange.getRequestMethod() + " " + path);
					var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
					Behaviour behaviour;
					if (path.startsWith("/table/")) {
						behaviour = engine.get();
					}
					else if (path.endsWith("/messages")) {
						var to = TO.matcher(body);
						behaviour = to.find() ? byRecipient.get(to.group(1)) : null;
					}
					else {
						behaviour = byPath.get(path);
					}
					if (behaviour == null) {
						exchange.sendResponseHeaders(404, -1);
						return;
					}
					behaviour.answer(exchange);
				}
				catch (IOException ex) {
					// the client gave up on the answer: what a deadline is for
				}
			});
			server.start();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}

	static final FakeProvider PROVIDER = new FakeProvider();

	/** The other host a redirect points at; nothing may ever reach it. */
	static final FakeProvider ELSEWHERE = new FakeProvider();

	/** An SMTP server that accepts connections and never says a word. */
	static final ServerSocket SILENT_SMTP;

	static final List<Socket> HELD = new CopyOnWriteArrayList<>();

	static {
		try {
			SILENT_SMTP = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread.ofVirtual().start(() -> {
			while (!SILENT_SMTP.isClosed()) {
				try {
					HELD.add(SILENT_SMTP.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		FakeProviders.quickDispatch(registry);
		registry.add("kassa.notifications.max-attempts", () -> "2");
		registry.add("kassa.notifications.whatsapp.base-url", () -> PROVIDER.baseUrl() + "/v21.0");
		registry.add("kassa.notifications.whatsapp.phone-number-id", () -> FakeProviders.PHONE_NUMBER_ID);
		registry.add("kassa.notifications.whatsapp.token", () -> "test-token");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", SILENT_SMTP::getLocalPort);
		registry.add("kassa.notifications.email.from", () -> "shop@kassa.test");
		registry.add("kassa.notifications.webhooks.allow-http", () -> "true");
		registry.add("kassa.notifications.webhooks.allow-private-addresses", () -> "true");
		registry.add("kassa.delivery.routing.engine", () -> "osrm");
		registry.add("kassa.delivery.routing.url", PROVIDER::baseUrl);
		registry.add("kassa.delivery.routing.timeout", () -> "2s");
		registry.add("kassa.delivery.routing.cache-size", () -> "0");
	}

	@AfterAll
	static void stopProviders() throws IOException {
		PROVIDER.close();
		ELSEWHERE.close();
		SILENT_SMTP.close();
		for (var socket : HELD) {
			socket.close();
		}
	}

	// the answers

	static Behaviour status(int status, String contentType, String body) {
		return exchange -> {
			var bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
			if (bytes.length > 0) {
				exchange.getResponseBody().write(bytes);
			}
		};
	}

	static Behaviour json(String body) {
		return status(200, "application/json", body);
	}

	/** A 200 whose body is a prefix followed by {@code padding} bytes of spaces and the end. */
	static Behaviour huge(String head, int padding, String tail) {
		return exchange -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, 0);
			var out = exchange.getResponseBody();
			out.write(head.getBytes(StandardCharsets.UTF_8));
			var spaces = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
			for (int written = 0; written < padding; written += spaces.length) {
				out.write(spaces);
			}
			out.write(tail.getBytes(StandardCharsets.UTF_8));
		};
	}

	/** Nothing for longer than any timeout, then a proper answer. */
	static Behaviour slow(String body) {
		return exchange -> {
			sleep(Duration.ofSeconds(5));
			json(body).answer(exchange);
		};
	}

	/** The headers at once, then the body a byte every 200 ms for 30 s: only a deadline on the whole answer ends it. */
	static Behaviour trickle(String body) {
		return exchange -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, 0);
			var out = exchange.getResponseBody();
			var bytes = (" ".repeat(150) + body).getBytes(StandardCharsets.UTF_8);
			for (byte b : bytes) {
				out.write(b);
				out.flush();
				sleep(Duration.ofMillis(200));
			}
		};
	}

	/** The connection closed without a word of answer. */
	static Behaviour hangUp() {
		return exchange -> {
			throw new IllegalStateException("the fake provider hangs up");
		};
	}

	static Behaviour redirect() {
		return exchange -> {
			exchange.getResponseHeaders().set("Location", "http://localhost:" + ELSEWHERE.server.getAddress().getPort()
					+ exchange.getRequestURI());
			exchange.sendResponseHeaders(302, -1);
		};
	}

	/** Pacing: a slow provider is the fault under test, so the fake provider's own answer takes this long. */
	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private JsonNode finished(String messageId) {
		var manager = api().token("MANAGER");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> !api()
			.get("/api/v1/messages/" + messageId, manager).json().path("status").asString().equals("QUEUED"));
		return api().get("/api/v1/messages/" + messageId, manager).json();
	}

	@Test
	void aWhatsAppAnswerThatIsNotTheProvidersAcceptanceFailsTheMessage() {
		var cases = new LinkedHashMap<String, Behaviour>();
		cases.put("captive portal", status(200, "text/html", "<html><body>Sign in to the shop Wi-Fi</body></html>"));
		cases.put("no message id", json("{\"messaging_product\": \"whatsapp\", \"contacts\": []}"));
		cases.put("5 MB", huge("{\"messages\": [{\"id\": \"wamid.HUGE\"}], \"padding\": \"", 5 * 1024 * 1024, "\"}"));
		cases.put("slow", slow("{\"messages\": [{\"id\": \"wamid.SLOW\"}]}"));
		cases.put("trickle", trickle("{\"messages\": [{\"id\": \"wamid.TRICKLE\"}]}"));
		cases.put("hang-up", hangUp());
		cases.put("redirect", redirect());
		var manager = api().token("MANAGER");
		var messages = new LinkedHashMap<String, String>();
		int n = 0;
		for (var entry : cases.entrySet()) {
			var number = "9198450133" + String.format("%02d", n++);
			PROVIDER.byRecipient.put(number, entry.getValue());
			messages.put(entry.getKey(), id(api().post("/api/v1/messages", manager, Map.of("channel", "WHATSAPP", "to",
					"+" + number, "text", "Your order is on its way"), key())));
		}
		PROVIDER.byRecipient.put("919845013399", json("{\"messages\": [{\"id\": \"wamid.GOOD\"}]}"));
		var good = id(api().post("/api/v1/messages", manager, Map.of("channel", "WHATSAPP", "to", "+919845013399", "text",
				"Your order is on its way"), key()));

		for (var message : messages.entrySet()) {
			var answer = finished(message.getValue());
			assertThat(answer.path("status").asString()).as(message.getKey() + ": " + answer).isEqualTo("FAILED");
			assertThat(answer.path("provider_id").isNull() || answer.path("provider_id").isMissingNode())
				.as(message.getKey())
				.isTrue();
			assertThat(answer.path("last_error").asString()).as(message.getKey()).isNotBlank();
			assertThat(count("SELECT count(*) FROM events WHERE type = 'message.sent' AND aggregate_id = '"
					+ message.getValue() + "'")).as(message.getKey()).isZero();
		}
		assertThat(finished(messages.get("redirect")).path("last_error").asString()).contains("302");
		assertThat(finished(messages.get("captive portal")).path("last_error").asString()).contains("no message id");
		assertThat(ELSEWHERE.requests).as("the redirect was followed").isEmpty();
		var sent = finished(good);
		assertThat(sent.path("status").asString()).as(sent.toString()).isEqualTo("SENT");
		assertThat(sent.path("provider_id").asString()).isEqualTo("wamid.GOOD");
	}

	@Test
	void anSmtpServerThatNeverAnswersFailsTheEmail() {
		var email = id(api().post("/api/v1/messages", api().token("MANAGER"), Map.of("channel", "EMAIL", "to",
				"asha@example.com", "subject", "Your receipt", "text", "Thank you"), key()));
		var answer = finished(email);
		assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("FAILED");
		assertThat(answer.path("attempts").asInt()).isEqualTo(2);
		assertThat(answer.path("last_error").asString()).isNotBlank();
	}

	@Test
	void aWebhookEndpointThatRedirectsStallsOrHangsUpIsAFailedDelivery() {
		var admin = api().adminToken();
		var cases = Map.of("/hook/redirect", redirect(), "/hook/slow", slow("{}"), "/hook/hang-up", hangUp(),
				"/hook/trickle", trickle("{}"));
		for (var entry : cases.entrySet()) {
			PROVIDER.byPath.put(entry.getKey(), entry.getValue());
			var webhook = id(api().post("/api/v1/webhooks", admin, Map.of("url", PROVIDER.baseUrl() + entry.getKey(),
					"event_types", List.of("sale.*")), key()));
			long started = System.nanoTime();
			var delivery = ok(api().post("/api/v1/webhooks/" + webhook + "/test", admin, null)).json();
			assertThat(delivery.path("ok").asBoolean()).as(entry.getKey() + ": " + delivery).isFalse();
			assertThat(delivery.path("error").asString()).as(entry.getKey()).isNotBlank();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as(entry.getKey()).isLessThan(Duration.ofSeconds(10));
		}
		assertThat(ELSEWHERE.requests).as("the redirect was followed").isEmpty();
		PROVIDER.byPath.put("/hook/good", status(204, "text/plain", ""));
		var good = id(api().post("/api/v1/webhooks", admin, Map.of("url", PROVIDER.baseUrl() + "/hook/good", "event_types",
				List.of("sale.*")), key()));
		var delivered = ok(api().post("/api/v1/webhooks/" + good + "/test", admin, null)).json();
		assertThat(delivered.path("ok").asBoolean()).as(delivered.toString()).isTrue();
	}

	/** Depot and two stops on a line north (as {@code delivery.RoadDistancesIntegrationTests}). */
	static final String ROADS = """
			{"code": "Ok",
			 "distances": [[0, 10000, 2000], [1000, 0, 1000], [2000, 1000, 0]],
			 "durations": [[0, 1200, 240], [120, 0, 120], [240, 120, 0]]}""";

	static final Map<String, Object> PLACES = Map.of("depot", Map.of("latitude", 12.9716, "longitude", 77.5946), "stops",
			List.of(Map.of("id", "near", "latitude", 12.9806, "longitude", 77.5946),
					Map.of("id", "far", "latitude", 12.9896, "longitude", 77.5946)));

	@Test
	void aRoutingEngineThatStallsFloodsOrMisleadsIsNotBelieved() {
		var manager = api().token("MANAGER");
		PROVIDER.engine.set(json(ROADS));
		var roads = api().post("/api/v1/routes/optimize", manager, PLACES);
		assertThat(roads.status()).as(roads.toString()).isEqualTo(200);
		assertThat(roads.json().path("distances_estimated").asBoolean()).as("a proper matrix is used").isFalse();

		var cases = new LinkedHashMap<String, Behaviour>();
		cases.put("trickling past the timeout", trickle(ROADS));
		cases.put("a 40 MB matrix", huge(ROADS.substring(0, ROADS.length() - 1) + ", \"padding\": \"", 40 * 1024 * 1024,
				"\"}"));
		cases.put("HTML", status(200, "text/html", "<html>Maintenance</html>"));
		cases.put("a redirect", redirect());
		cases.put("a hang-up", hangUp());
		for (var entry : cases.entrySet()) {
			PROVIDER.engine.set(entry.getValue());
			long started = System.nanoTime();
			var plan = api().post("/api/v1/routes/optimize", manager, PLACES);
			var took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(plan.status()).as(entry.getKey() + ": " + plan).isEqualTo(200);
			assertThat(plan.json().path("distances_estimated").asBoolean()).as(entry.getKey()).isTrue();
			assertThat(took).as(entry.getKey()).isLessThan(Duration.ofSeconds(10));
		}
		assertThat(ELSEWHERE.requests).as("the redirect was followed").isEmpty();
	}
}

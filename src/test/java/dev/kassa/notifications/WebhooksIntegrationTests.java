package dev.kassa.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import dev.kassa.events.EventLog;
import dev.kassa.support.FakeProviders;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** Webhooks against real HTTP endpoints (WireMock on this machine, so private addresses and http are allowed). */
class WebhooksIntegrationTests extends IntegrationTestSupport {

	static final String TEST_KEY = java.util.Base64.getEncoder()
		.encodeToString("kassa-webhook-tests-0123456789ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

	static final WireMockServer RECEIVER = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		RECEIVER.start();
	}

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("kassa.notifications.webhooks.allow-http", () -> "true");
		registry.add("kassa.notifications.webhooks.allow-private-addresses", () -> "true");
		registry.add("kassa.notifications.webhooks.disable-after", () -> "3");
		// a key made up for these tests: the endpoints' secrets are sealed in the database
		registry.add("kassa.notifications.webhooks.secret-key", () -> TEST_KEY);
		FakeProviders.quickDispatch(registry);
	}

	@AfterAll
	static void stopReceiver() {
		RECEIVER.stop();
	}

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	WebhookStore store;

	@Autowired
	dev.kassa.events.EventFeed feed;

	@Autowired
	OutboundHttp http;

	@Autowired
	WebhookSecrets secrets;

	@Autowired
	tools.jackson.databind.json.JsonMapper json;

	@Autowired
	NotificationSettings settings;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static void answer(String path, int status) {
		RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
	}

	private TestClient.Response createRaw(Map<String, Object> body) {
		return api().post("/api/v1/webhooks", api().adminToken(), body, key());
	}

	/** Creates an endpoint on the receiver; answers the created endpoint's JSON (with its secret). */
	private JsonNode create(String path, List<String> types) {
		var created = createRaw(Map.of("url", RECEIVER.baseUrl() + path, "event_types", types, "description", "test " + path));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private UUID emit(String type, String aggregateType) {
		var aggregate = UUID.randomUUID();
		transactions.executeWithoutResult(tx -> events.append(type, aggregateType, aggregate, null, Map.of("n", type)));
		return aggregate;
	}

	/** What the receiver got on a path, oldest first. */
	private static List<LoggedRequest> received(String path) {
		var requests = new ArrayList<LoggedRequest>();
		for (var event : RECEIVER.getAllServeEvents()) {
			if (event.getRequest().getUrl().equals(path)) {
				requests.add(event.getRequest());
			}
		}
		return requests.reversed();
	}

	private static JsonNode body(LoggedRequest request) {
		return TestClient.JSON.readTree(request.getBodyAsString());
	}

	@Test
	void aDeliveryIsSignedSoThatTheReceiverCanVerifyIt() {
		answer("/hook-signed", 200);
		var webhook = create("/hook-signed", List.of("sale.*"));
		var id = webhook.path("id").asString();
		var secret = webhook.path("secret").asString();
		assertThat(secret).startsWith("whsec_");
		var read = api().get("/api/v1/webhooks/" + id, api().adminToken());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().has("secret")).isFalse();
		assertThat(read.body()).doesNotContain(secret);
		var listed = api().get("/api/v1/webhooks", api().adminToken());
		assertThat(listed.body()).doesNotContain(secret).contains(id);
		assertThat(count("SELECT count(*) FROM events WHERE payload::text LIKE '%" + secret + "%'")).isZero();
		assertThat(storedSecret(id)).startsWith("sealed:v1:").doesNotContain(secret.substring("whsec_".length()));

		var sale = emit("sale.completed", "sale");
		await().atMost(Duration.ofSeconds(20)).until(() -> received("/hook-signed").size() == 1);
		var request = received("/hook-signed").getFirst();
		assertThat(verify(request, secret)).isTrue();
		assertThat(verify(request, "whsec_wrong")).isFalse();
		var body = body(request);
		assertThat(body.path("type").asString()).isEqualTo("sale.completed");
		assertThat(body.path("aggregate_id").asString()).isEqualTo(sale.toString());
		assertThat(body.path("position").asLong()).isPositive();
		assertThat(java.time.OffsetDateTime.parse(body.path("occurred_at").asString())).isBefore(java.time.OffsetDateTime.now().plusMinutes(1));
		assertThat(body.has("location_id")).isTrue();
		assertThat(body.path("payload").path("n").asString()).isEqualTo("sale.completed");
		assertThat(request.getHeader("Kassa-Event-Id")).isEqualTo(body.path("id").asString());
		assertThat(request.getHeader("Content-Type")).startsWith("application/json");

		var rotated = api().post("/api/v1/webhooks/" + id + "/rotate-secret", api().adminToken(), null);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		var newSecret = rotated.json().path("secret").asString();
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
		assertThat(storedSecret(id)).startsWith("sealed:v1:").doesNotContain(newSecret.substring("whsec_".length()));
		emit("sale.voided", "sale");
		await().atMost(Duration.ofSeconds(20)).until(() -> received("/hook-signed").size() == 2);
		assertThat(verify(received("/hook-signed").get(1), newSecret)).isTrue();
		assertThat(verify(received("/hook-signed").get(1), secret)).isFalse();
	}

	/**
	 * The answer kept for a repeated create holds the secret as the endpoint does, sealed; the repeat still
	 * shows it opened.
	 */
	@Test
	void theCreateAnswerKeptForARepeatHoldsTheSecretSealed() {
		var key = key();
		var body = Map.<String, Object>of("url", RECEIVER.baseUrl() + "/hook-repeat", "event_types", List.of("nothing.*"));
		var first = api().post("/api/v1/webhooks", api().adminToken(), body, key);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		var secret = first.json().path("secret").asString();
		assertThat(secret).startsWith("whsec_");
		var kept = jdbc.sql("SELECT response FROM idempotency_keys WHERE scope LIKE 'webhook:create:%' AND key = :key")
			.param("key", key)
			.query(String.class)
			.single();
		assertThat(kept).contains("sealed:v1:").doesNotContain(secret.substring("whsec_".length()));

		var repeat = api().post("/api/v1/webhooks", api().adminToken(), body, key);
		assertThat(repeat.status()).as(repeat.toString()).isEqualTo(201);
		assertThat(repeat.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(repeat.json().path("secret").asString()).isEqualTo(secret);
		assertThat(count("SELECT count(*) FROM webhooks WHERE url = '" + RECEIVER.baseUrl() + "/hook-repeat'")).isOne();
	}

	@Autowired
	WebhookResealing resealing;

	/**
	 * At start a secret kept in clear (from before the key was set) is sealed, and after a key rotation every
	 * secret sealed with the old key is sealed again with the new one; a value no key opens is left alone.
	 */
	@Test
	void secretsInClearOrUnderAPreviousKeyAreSealedAgainWithTheCurrentKey() {
		var a = create("/hook-reseal-a", List.of("nothing.*"));
		var b = create("/hook-reseal-b", List.of("nothing.*"));
		var aId = UUID.fromString(a.path("id").asString());
		var bId = UUID.fromString(b.path("id").asString());
		var aSealed = storedSecret(aId.toString());
		transactions.executeWithoutResult(tx -> {
			jdbc.sql("UPDATE webhooks SET secret = :clear WHERE id = :id")
				.param("clear", b.path("secret").asString())
				.param("id", bId)
				.update();
			events.append("webhook.tampered", "webhook", bId, null, Map.of("by", "this test: as before the key"));
		});

		resealing.resealAll();
		var bSealed = storedSecret(bId.toString());
		assertThat(bSealed).startsWith(aSealed.substring(0, aSealed.lastIndexOf(':') + 1));
		assertThat(secrets.open(bId, bSealed)).isEqualTo(b.path("secret").asString());
		assertThat(storedSecret(aId.toString())).as("already sealed with the key").isEqualTo(aSealed);
		assertThat(resealing.resealAll()).as("nothing left to seal").isZero();
		assertThat(resealedEvents(bId)).isOne();
		assertThat(resealedEvents(aId)).isZero();

		// the key is rotated: the test key becomes a previous one
		var newKey = java.util.Base64.getEncoder()
			.encodeToString("kassa-webhook-tests-rotated-key!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		var rotated = new WebhookSecrets(newKey, List.of(TEST_KEY));
		var afterRotation = new WebhookResealing(new WebhookStore(jdbc, rotated), rotated, events, transactions);
		var ours = Map.of(aId, aSealed, bId, bSealed);
		assertThat(afterRotation.reseal(ours)).isEqualTo(2);
		for (var endpoint : List.of(a, b)) {
			var id = endpoint.path("id").asString();
			assertThat(rotated.isCurrent(storedSecret(id))).isTrue();
			assertThat(rotated.open(UUID.fromString(id), storedSecret(id))).isEqualTo(endpoint.path("secret").asString());
		}
		assertThat(afterRotation.reseal(ours)).as("what changed meanwhile is not replaced").isZero();
		assertThat(resealedEvents(aId)).isOne();
		assertThat(resealedEvents(bId)).isEqualTo(2);

		// this instance still has only the old key: it leaves what it cannot open as it is
		var aRotated = storedSecret(aId.toString());
		resealing.resealAll();
		assertThat(storedSecret(aId.toString())).isEqualTo(aRotated);
		assertThat(resealedEvents(aId)).isOne();
		assertThat(api().delete("/api/v1/webhooks/" + aId, api().adminToken()).status()).isEqualTo(204);
		assertThat(api().delete("/api/v1/webhooks/" + bId, api().adminToken()).status()).isEqualTo(204);
	}

	private long resealedEvents(UUID webhook) {
		return count("SELECT count(*) FROM events WHERE type = 'webhook.secret_resealed' AND aggregate_id = '" + webhook + "'");
	}

	/** What docs/notifications.md tells a receiver to do: recompute the HMAC and refuse old timestamps. */
	private String storedSecret(String id) {
		return jdbc.sql("SELECT secret FROM webhooks WHERE id = :id::uuid").param("id", id).query(String.class).single();
	}

	/**
	 * A sealed secret that does not open (here one endpoint's, copied onto another: it is bound to its own) fails
	 * that endpoint's delivery with the reason and sends nothing unsigned; the endpoint it came from still signs.
	 */
	@Test
	void aSealedSecretThatDoesNotOpenFailsTheDeliveryWithTheReason() {
		answer("/hook-sealed-a", 200);
		answer("/hook-sealed-b", 200);
		var a = create("/hook-sealed-a", List.of("nothing.*")).path("id").asString();
		var b = create("/hook-sealed-b", List.of("nothing.*")).path("id").asString();
		transactions.executeWithoutResult(tx -> {
			jdbc.sql("UPDATE webhooks SET secret = (SELECT secret FROM webhooks WHERE id = :a::uuid) WHERE id = :b::uuid")
				.param("a", a)
				.param("b", b)
				.update();
			events.append("webhook.tampered", "webhook", UUID.fromString(b), null, Map.of("by", "this test"));
		});
		var copied = api().post("/api/v1/webhooks/" + b + "/test", api().adminToken(), null);
		assertThat(copied.status()).as(copied.toString()).isEqualTo(200);
		assertThat(copied.json().path("ok").asBoolean()).isFalse();
		assertThat(copied.json().path("error").asString()).contains("sealed secret is damaged or not its own");
		assertThat(received("/hook-sealed-b")).isEmpty();
		var own = api().post("/api/v1/webhooks/" + a + "/test", api().adminToken(), null);
		assertThat(own.json().path("ok").asBoolean()).as(own.toString()).isTrue();
		assertThat(received("/hook-sealed-a")).hasSize(1);
	}

	private static boolean verify(LoggedRequest request, String secret) {
		var header = request.getHeader("Kassa-Signature");
		long t = 0;
		String v1 = null;
		for (var part : header.split(",")) {
			var pair = part.split("=", 2);
			if (pair[0].equals("t")) {
				t = Long.parseLong(pair[1]);
			}
			if (pair[0].equals("v1")) {
				v1 = pair[1];
			}
		}
		if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
			return false;
		}
		try {
			var mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
			var expected = java.util.HexFormat.of()
				.formatHex(mac.doFinal((t + "." + request.getBodyAsString()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			return java.security.MessageDigest.isEqual(expected.getBytes(), String.valueOf(v1).getBytes());
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void manyEventsFromConcurrentWritersArriveOncePerEndpointInLogOrder() throws Exception {
		answer("/hook-order-a", 200);
		answer("/hook-order-b", 200);
		create("/hook-order-a", List.of("order.*"));
		create("/hook-order-b", List.of("*"));
		int n = 60;
		var aggregates = new HashSet<String>();
		// three more dispatchers, as three more instances would run, race this instance's own for the endpoints
		var others = new ArrayList<WebhookDispatcher>();
		for (int d = 0; d < 3; d++) {
			// each with a supervisor of its own, as another instance has
			var other = new WebhookDispatcher(store, feed, events, http, transactions, json, settings, meters, secrets,
					new dev.kassa.platform.Workers());
			other.start();
			others.add(other);
		}
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = new ArrayList<Future<UUID>>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(() -> emit("order.created", "order")));
			}
			for (var future : futures) {
				aggregates.add(future.get().toString());
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> received("/hook-order-a").size() >= n);
		}
		finally {
			others.forEach(WebhookDispatcher::stop);
		}
		for (var path : List.of("/hook-order-a", "/hook-order-b")) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> received(path).stream().filter(r -> body(r).path("type").asString().equals("order.created")).count() == n);
			var orders = received(path).stream().map(WebhooksIntegrationTests::body)
				.filter(b -> b.path("type").asString().equals("order.created"))
				.toList();
			var positions = orders.stream().map(b -> b.path("position").asLong()).toList();
			assertThat(positions).as(path + ": in log order, each once").isSorted().doesNotHaveDuplicates();
			assertThat(orders.stream().map(b -> b.path("aggregate_id").asString()).toList())
				.containsExactlyInAnyOrderElementsOf(aggregates);
		}
	}

	@Test
	void aDeadEndpointIsDisabledWithoutHoldingUpAHealthyOneAndResumesWhereItStopped() {
		answer("/hook-dead", 500);
		answer("/hook-healthy", 200);
		var dead = create("/hook-dead", List.of("estimate.*")).path("id").asString();
		create("/hook-healthy", List.of("estimate.*"));
		for (int i = 0; i < 5; i++) {
			emit("estimate.created", "estimate");
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> received("/hook-healthy").size() == 5);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !api().get("/api/v1/webhooks/" + dead, api().adminToken()).json().path("active").asBoolean());
		var disabled = api().get("/api/v1/webhooks/" + dead, api().adminToken()).json();
		assertThat(disabled.path("disabled_reason").asString()).contains("3 deliveries failed in a row").contains("HTTP 500");
		assertThat(disabled.path("consecutive_failures").asInt()).isEqualTo(3);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'webhook.disabled' AND aggregate_id = '" + dead + "'"))
			.isEqualTo(1);
		assertThat(meters.get("kassa.webhooks.deliveries").tag("outcome", "failed").timer().count()).isGreaterThanOrEqualTo(3);
		// it kept trying the first event, never skipping ahead
		var attempts = received("/hook-dead");
		assertThat(attempts).hasSize(3);
		assertThat(attempts.stream().map(r -> r.getHeader("Kassa-Event-Id")).distinct()).hasSize(1);
		var deliveries = api().get("/api/v1/webhooks/" + dead + "/deliveries", api().adminToken());
		assertThat(deliveries.status()).isEqualTo(200);
		assertThat(deliveries.json().path("items").size()).isEqualTo(3);
		deliveries.json().path("items").forEach(d -> {
			assertThat(d.path("ok").asBoolean()).isFalse();
			assertThat(d.path("status_code").asInt()).isEqualTo(500);
			assertThat(d.path("error").asString()).startsWith("HTTP 500");
			assertThat(d.path("duration_ms").isNumber()).isTrue();
		});
		var page = api().get("/api/v1/webhooks/" + dead + "/deliveries?limit=2", api().adminToken());
		var rest = api().get("/api/v1/webhooks/" + dead + "/deliveries?limit=2&cursor=" + page.json().path("next_cursor").asString(),
				api().adminToken());
		assertThat(page.json().path("items").size() + rest.json().path("items").size()).isEqualTo(3);

		// the ping tells the ADMIN what the endpoint answers now
		var ping = api().post("/api/v1/webhooks/" + dead + "/test", api().adminToken(), null);
		assertThat(ping.status()).as(ping.toString()).isEqualTo(200);
		assertThat(ping.json().path("ok").asBoolean()).isFalse();
		assertThat(ping.json().path("status_code").asInt()).isEqualTo(500);

		answer("/hook-dead", 204);
		var healthyPing = api().post("/api/v1/webhooks/" + dead + "/test", api().adminToken(), null);
		assertThat(healthyPing.json().path("ok").asBoolean()).isTrue();
		assertThat(body(received("/hook-dead").getLast()).path("type").asString()).isEqualTo("webhook.ping");
		var reactivated = api().patch("/api/v1/webhooks/" + dead, api().adminToken(), Map.of("active", true));
		assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
		assertThat(reactivated.json().path("disabled_reason").isNull()).isTrue();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> received("/hook-dead").stream().filter(r -> body(r).path("type").asString().equals("estimate.created")).count() == 8);
		var resumed = received("/hook-dead").stream().map(WebhooksIntegrationTests::body)
			.filter(b -> b.path("type").asString().equals("estimate.created"))
			.map(b -> b.path("position").asLong())
			.distinct()
			.toList();
		assertThat(resumed).hasSize(5).isSorted();
	}

	@Test
	void anEndpointWhoseDispatcherDiedIsTakenOverOnceItsLeaseRunsOut() {
		answer("/hook-orphan", 200);
		var id = UUID.fromString(create("/hook-orphan", List.of("stock.*")).path("id").asString());
		var deadToken = UUID.randomUUID();
		// as an instance that claimed the endpoint and died mid-delivery leaves it
		jdbc.sql("UPDATE webhooks SET claimed_until = now() + interval '3 seconds', claim_token = :token WHERE id = :id")
			.param("token", deadToken)
			.param("id", id)
			.update();
		var moved = emit("stock.transferred", "stock_transfer").toString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> received("/hook-orphan").stream().anyMatch(r -> body(r).path("aggregate_id").asString().equals(moved)));
		assertThat(received("/hook-orphan")).hasSize(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT claim_token IS NULL FROM webhooks WHERE id = :id")
			.param("id", id).query(Boolean.class).single());
		assertThat(api().get("/api/v1/webhooks/" + id, api().adminToken()).json().path("position").asLong())
			.isEqualTo(body(received("/hook-orphan").getFirst()).path("position").asLong());
	}

	@Test
	void anEndpointGetsOnlyTheTypesItAskedForAndNeverUsersOrSecrets() {
		answer("/hook-customers", 200);
		answer("/hook-stock", 200);
		answer("/hook-all", 200);
		create("/hook-customers", List.of("customer.created"));
		create("/hook-stock", List.of("stock.*"));
		create("/hook-all", List.of("*"));
		emit("customer.created", "customer");
		emit("customer.updated", "customer");
		emit("stock.adjusted", "stock_adjustment");
		emit("user.created", "user");
		emit("bank_account.created", "bank_account");
		var last = emit("sale.completed", "sale").toString();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> received("/hook-all").stream().anyMatch(r -> body(r).path("aggregate_id").asString().equals(last)));
		assertThat(types("/hook-all")).containsExactly("customer.created", "customer.updated", "stock.adjusted",
				"sale.completed");
		await().atMost(Duration.ofSeconds(20)).until(() -> types("/hook-stock").size() == 1);
		assertThat(types("/hook-customers")).containsExactly("customer.created");
		assertThat(types("/hook-stock")).containsExactly("stock.adjusted");
	}

	private List<String> types(String path) {
		return received(path).stream().map(r -> body(r).path("type").asString()).toList();
	}

	@Nested
	class BadInput {

		private void refused(TestClient.Response response, int status, String field) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.errorFields()).contains(field);
		}

		private Map<String, Object> webhook(Object... pairs) {
			var body = new LinkedHashMap<String, Object>(Map.of("url", "https://hooks.example.com/kassa", "event_types", List.of("sale.*")));
			for (int i = 0; i < pairs.length; i += 2) {
				body.put((String) pairs[i], pairs[i + 1]);
			}
			return body;
		}

		@Test
		void badEndpointsAreRefusedAndNothingIsWritten() {
			long before = count("SELECT count(*) FROM webhooks");
			long eventsBefore = count("SELECT count(*) FROM events");
			refused(createRaw(webhook("url", "not a url")), 400, "url");
			refused(createRaw(webhook("url", "ftp://hooks.example.com/x")), 400, "url");
			refused(createRaw(webhook("url", "https://user:password@hooks.example.com/x")), 400, "url");
			refused(createRaw(webhook("url", "https:///nohost")), 400, "url");
			refused(createRaw(webhook("url", "https://hooks.example.com/" + "x".repeat(2000))), 400, "url");
			refused(createRaw(webhook("url", null)), 400, "url");
			refused(createRaw(webhook("event_types", List.of())), 400, "event_types");
			refused(createRaw(webhook("event_types", "sale.*")), 400, "event_types");
			refused(createRaw(webhook("event_types", List.of("sale"))), 400, "event_types[0]");
			refused(createRaw(webhook("event_types", List.of("sale.*", "SALE.*"))), 400, "event_types[1]");
			refused(createRaw(webhook("event_types", List.of("*.created"))), 400, "event_types[0]");
			refused(createRaw(webhook("description", "d".repeat(501))), 400, "description");
			refused(createRaw(webhook("active", "yes please")), 400, "active");
			refused(api().post("/api/v1/webhooks", api().adminToken(), webhook()), 400, "Idempotency-Key");
			assertThat(api().post("/api/v1/webhooks", api().adminToken(), "x".repeat(2_000_000), key()).status()).isEqualTo(413);
			refused(api().get("/api/v1/webhooks?limit=0", api().adminToken()), 400, "limit");
			refused(api().get("/api/v1/webhooks?cursor=***", api().adminToken()), 400, "cursor");
			refused(api().get("/api/v1/webhooks/12345", api().adminToken()), 400, "id");
			refused(api().patch("/api/v1/webhooks/12345", api().adminToken(), Map.of("active", false)), 400, "id");
			refused(api().delete("/api/v1/webhooks/12345", api().adminToken()), 400, "id");
			var unknown = UUID.randomUUID();
			assertThat(api().get("/api/v1/webhooks/" + unknown, api().adminToken()).status()).isEqualTo(404);
			assertThat(api().patch("/api/v1/webhooks/" + unknown, api().adminToken(), Map.of("active", false)).status()).isEqualTo(404);
			assertThat(api().delete("/api/v1/webhooks/" + unknown, api().adminToken()).status()).isEqualTo(404);
			assertThat(api().post("/api/v1/webhooks/" + unknown + "/test", api().adminToken(), null).status()).isEqualTo(404);
			assertThat(api().post("/api/v1/webhooks/" + unknown + "/rotate-secret", api().adminToken(), null).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/webhooks/" + unknown + "/deliveries", api().adminToken()).status()).isEqualTo(404);
			assertThat(count("SELECT count(*) FROM webhooks")).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
		}

		@Test
		void aBadChangeLeavesTheEndpointAsItWas() {
			answer("/hook-patch", 200);
			var id = create("/hook-patch", List.of("sale.*")).path("id").asString();
			long eventsBefore = count("SELECT count(*) FROM events");
			refused(api().patch("/api/v1/webhooks/" + id, api().adminToken(), Map.of("url", "gopher://x")), 400, "url");
			refused(api().patch("/api/v1/webhooks/" + id, api().adminToken(), Map.of("event_types", List.of("Sale"))), 400,
					"event_types[0]");
			refused(api().patch("/api/v1/webhooks/" + id, api().adminToken(), Map.of("event_types", List.of())), 400,
					"event_types");
			refused(api().patch("/api/v1/webhooks/" + id, api().adminToken(), Map.of("active", List.of())), 400, "active");
			var after = api().get("/api/v1/webhooks/" + id, api().adminToken()).json();
			assertThat(after.path("url").asString()).endsWith("/hook-patch");
			assertThat(after.path("event_types").get(0).asString()).isEqualTo("sale.*");
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);

			var changed = api().patch("/api/v1/webhooks/" + id, api().adminToken(),
					Map.of("event_types", List.of("sale.completed", "order.*"), "active", false));
			assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
			assertThat(changed.json().path("active").asBoolean()).isFalse();
			assertThat(changed.json().has("secret")).isFalse();
			assertThat(api().delete("/api/v1/webhooks/" + id, api().adminToken()).status()).isEqualTo(204);
			assertThat(api().get("/api/v1/webhooks/" + id, api().adminToken()).status()).isEqualTo(404);
			assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "'")).isEqualTo(3);
		}

		@Test
		void onlyAdminsManageWebhooks() {
			answer("/hook-roles", 200);
			var id = create("/hook-roles", List.of("sale.*")).path("id").asString();
			long before = count("SELECT count(*) FROM webhooks");
			long deliveries = count("SELECT count(*) FROM webhook_deliveries");
			for (var role : List.of("MANAGER", "CASHIER", "EMPLOYEE", "DRIVER")) {
				var token = api().token(role);
				assertThat(api().post("/api/v1/webhooks", token, webhook(), key()).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/webhooks", token).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/webhooks/" + id, token).status()).isEqualTo(403);
				assertThat(api().patch("/api/v1/webhooks/" + id, token, Map.of("active", false)).status()).isEqualTo(403);
				assertThat(api().delete("/api/v1/webhooks/" + id, token).status()).isEqualTo(403);
				assertThat(api().post("/api/v1/webhooks/" + id + "/test", token, null).status()).isEqualTo(403);
				assertThat(api().post("/api/v1/webhooks/" + id + "/rotate-secret", token, null).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/webhooks/" + id + "/deliveries", token).status()).isEqualTo(403);
			}
			assertThat(api().get("/api/v1/webhooks", null).status()).isEqualTo(401);
			assertThat(count("SELECT count(*) FROM webhooks")).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM webhook_deliveries")).isEqualTo(deliveries);
			assertThat(api().get("/api/v1/webhooks/" + id, api().adminToken()).json().path("active").asBoolean()).isTrue();
		}
	}
}

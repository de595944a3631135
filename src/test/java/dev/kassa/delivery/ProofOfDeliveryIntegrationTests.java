package dev.kassa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.FakeProviders;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Proof of delivery over real HTTP and PostgreSQL: the one-time code goes out through the notifications outbox to a
 * fake WhatsApp Cloud API (WireMock) and is read back from the outbox, as the recipient would read it on their phone.
 */
class ProofOfDeliveryIntegrationTests extends IntegrationTestSupport {

	static final FakeProviders PROVIDERS = new FakeProviders();

	private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

	private static final byte[] PNG_HEADER = { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };

	private static int counter;

	private String cylinder;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		PROVIDERS.register(registry);
	}

	@AfterAll
	static void stopProviders() {
		PROVIDERS.close();
	}

	@BeforeEach
	void setUp() {
		PROVIDERS.whatsApp.stubFor(post(urlEqualTo(FakeProviders.MESSAGES_PATH))
			.willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.POD\"}]}")));
		if (cylinder != null) {
			return;
		}
		List.of("MANAGER", "CASHIER", "DRIVER").forEach(role -> api().token(role));
		var fixtures = new Fixtures(api());
		fixtures.organization();
		cylinder = fixtures.product("POD14-" + System.nanoTime(), "950.00", Fixtures.GST_5);
	}

	private static synchronized int next() {
		return ++counter;
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	/** A route IN_PROGRESS of its own location, driven by a driver of its own. */
	record Trip(String location, String routeId, List<String> stops, List<String> phones, String driverToken,
			String otherDriverToken) {

		String stop(int i) {
			return "/api/v1/routes/" + routeId + "/stops/" + stops.get(i);
		}
	}

	private Trip trip(int stops, String required) {
		var manager = api().token("MANAGER");
		var location = new Fixtures(api()).location("P" + (System.nanoTime() % 100000), "29");
		assertThat(api().put("/api/v1/delivery/depots/" + location, manager,
				Map.of("latitude", 12.9716, "longitude", 77.5946)).status()).isEqualTo(200);
		var set = api().put("/api/v1/delivery/proof-settings/" + location, manager, Map.of("required", required));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		var driverToken = api().tokenForNewUser("pod-drv-" + System.nanoTime(), List.of("DRIVER"), null);
		var otherToken = api().tokenForNewUser("pod-other-" + System.nanoTime(), List.of("DRIVER"), null);
		var driver = driver(location, driverToken);
		driver(location, otherToken);
		var vehicle = api().post("/api/v1/vehicles", manager, Map.of("registration_number",
				"KA-02-PD-" + next() + System.nanoTime() % 1000, "capacity_cylinders", 40, "location_id", location), key());
		assertThat(vehicle.status()).as(vehicle.toString()).isEqualTo(201);
		var random = new Random(stops);
		var ids = new ArrayList<String>();
		for (int i = 0; i < stops; i++) {
			var body = new LinkedHashMap<String, Object>();
			body.put("location_id", location);
			body.put("recipient_name", "Customer " + next());
			body.put("recipient_phone", "+91 99000 " + String.format("%05d", next()));
			body.put("address", "12 MG Road, Bengaluru");
			body.put("latitude", 12.9716 + (random.nextDouble() - 0.5) * 0.05);
			body.put("longitude", 77.5946 + (random.nextDouble() - 0.5) * 0.05);
			body.put("items", List.of(Map.of("product_id", cylinder, "quantity", 1, "empties_to_collect", 1)));
			var created = api().post("/api/v1/delivery-orders", api().token("CASHIER"), body, key());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			ids.add(created.json().path("id").asString());
		}
		var plan = api().post("/api/v1/routes/plan", manager, Map.of("location_id", location, "date",
				LocalDate.now(ZoneId.of("Asia/Kolkata")).toString(), "vehicles",
				List.of(Map.of("vehicle_id", vehicle.json().path("id").asString(), "driver_id", driver)), "order_ids", ids),
				key());
		assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
		var route = plan.json().at("/routes/0");
		var routeId = route.path("id").asString();
		assertThat(api().post("/api/v1/routes/" + routeId + "/dispatch", manager, null).status()).isEqualTo(200);
		assertThat(api().post("/api/v1/routes/" + routeId + "/start", driverToken, null).status()).isEqualTo(200);
		var stopIds = route.path("stops").valueStream().map(s -> s.path("id").asString()).toList();
		var phones = route.path("stops").valueStream().map(s -> s.path("recipient_phone").asString()).toList();
		assertThat(stopIds).hasSize(stops);
		return new Trip(location, routeId, stopIds, phones, driverToken, otherToken);
	}

	private String driver(String location, String token) {
		int n = next();
		var payload = token.split("\\.")[1];
		var user = TestClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
			.path("sub").asString();
		var created = api().post("/api/v1/drivers", api().token("MANAGER"), Map.of("name", "Driver " + n, "phone",
				"98451" + String.format("%05d", n), "licence_number", "KA02 2021 " + String.format("%07d", n)
						+ System.nanoTime() % 1000, "home_location_id", location, "user_id", user), key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private static Map<String, Object> delivered() {
		return Map.of("received_by", "Asha", "cylinders_delivered", 1, "empties_collected", 1);
	}

	/** The code in the last message the outbox holds for the stop, as the recipient reads it. */
	private String codeSentFor(String stopId) {
		var body = jdbc.sql("SELECT body FROM messages WHERE reference = :ref ORDER BY created_at DESC, id DESC LIMIT 1")
			.param("ref", "route_stop:" + stopId).query(String.class).single();
		var matcher = CODE.matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return matcher.group(1);
	}

	private static String wrong(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
	}

	private long events() {
		return count("SELECT count(*) FROM events");
	}

	private static void refused(TestClient.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (code != null) {
			assertThat(response.body()).as(response.toString()).contains(code);
		}
	}

	private static String png(int size) {
		var bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		System.arraycopy(PNG_HEADER, 0, bytes, 0, PNG_HEADER.length);
		return Base64.getEncoder().encodeToString(bytes);
	}

	@Test
	void aCodeGoesToTheRecipientThroughTheOutboxAndIsCheckedAtTheDoor() {
		var trip = trip(2, "CODE");
		var manager = api().token("MANAGER");
		var driver = trip.driverToken();

		// without the code the stop is not delivered, and nothing is written
		long before = events();
		refused(api().post(trip.stop(0) + "/deliver", driver, delivered()), 422, "proof_required");
		refused(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", "123456")), 409, "no_code_sent");
		assertThat(events()).isEqualTo(before);
		assertThat(count("SELECT count(*) FROM route_stops WHERE id = '" + trip.stops().get(0) + "' AND status = 'PENDING'"))
			.isEqualTo(1);

		var sent = api().post(trip.stop(0) + "/proof-code", driver, null);
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		assertThat(sent.json().path("attempts_left").asInt()).isEqualTo(5);
		assertThat(sent.json().path("sends_left").asInt()).isEqualTo(2);
		var code = codeSentFor(trip.stops().get(0));
		assertThat(sent.body()).doesNotContain(code);
		var phone = trip.phones().get(0);
		assertThat(count("SELECT count(*) FROM messages WHERE channel = 'WHATSAPP' AND recipient = '" + phone
				+ "' AND reference = 'route_stop:" + trip.stops().get(0) + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.queued'")).isPositive();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> PROVIDERS.whatsApp.verify(1, postRequestedFor(urlEqualTo(FakeProviders.MESSAGES_PATH))
				.withRequestBody(containing(phone.substring(1))).withRequestBody(containing(code))));
		// the code is kept only as a salted hash
		assertThat(count("SELECT count(*) FROM delivery_proof_codes WHERE code_hash LIKE '%" + code + "%'")).isZero();

		// bad input: malformed codes are 400 and not counted; another driver's route and unknown stops are 404
		refused(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", "12ab56")), 400, "code");
		refused(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of()), 400, "code");
		refused(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", 123456, "extra", 1)), 400, null);
		assertThat(api().post(trip.stop(0) + "/proof-code", trip.otherDriverToken(), null).status()).isEqualTo(404);
		assertThat(api().post(trip.stop(0) + "/proof-code/check", trip.otherDriverToken(), Map.of("code", code)).status())
			.isEqualTo(404);
		assertThat(api().post("/api/v1/routes/" + trip.routeId() + "/stops/" + UUID.randomUUID() + "/proof-code", driver,
				null).status()).isEqualTo(404);
		assertThat(api().post("/api/v1/routes/" + UUID.randomUUID() + "/stops/" + trip.stops().get(0) + "/proof-code",
				driver, null).status()).isEqualTo(404);
		assertThat(api().post(trip.stop(0) + "/proof-code", api().token("CASHIER"), null).status()).isEqualTo(403);
		assertThat(count("SELECT attempts FROM delivery_proof_codes WHERE stop_id = '" + trip.stops().get(0) + "'"))
			.isZero();

		var wrong = api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", wrong(code)));
		refused(wrong, 422, "wrong_code");
		assertThat(wrong.json().path("attempts_left").asInt()).isEqualTo(4);
		refused(api().post(trip.stop(0) + "/deliver", driver, delivered()), 422, "proof_required");

		var right = api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", code));
		assertThat(right.status()).as(right.toString()).isEqualTo(200);
		assertThat(right.json().path("verified").asBoolean()).isTrue();
		var done = api().post(trip.stop(0) + "/deliver", driver, delivered());
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'delivery_order.delivered' AND payload->>'proof' = 'CODE'"
				+ " AND payload->>'stop_id' = '" + trip.stops().get(0) + "'")).isEqualTo(1);

		// the manager reads the proof: the code's state, never the code
		var proof = api().get(trip.stop(0) + "/proof", manager);
		assertThat(proof.status()).as(proof.toString()).isEqualTo(200);
		assertThat(proof.json().path("required").asString()).isEqualTo("CODE");
		assertThat(proof.json().path("delivered_with").asString()).isEqualTo("CODE");
		assertThat(proof.json().at("/code/attempts").asInt()).isEqualTo(2);
		assertThat(proof.json().at("/code/verified_at").isNull()).isFalse();
		assertThat(proof.json().at("/code/sent_to").asString()).contains("*").doesNotContain(phone.substring(4));
		assertThat(proof.body()).doesNotContain(code);
		assertThat(api().get(trip.stop(0) + "/proof", driver).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/routes/" + trip.routeId() + "/stops/" + UUID.randomUUID() + "/proof", manager)
			.status()).isEqualTo(404);

		// once delivered, no more codes or uploads
		refused(api().post(trip.stop(0) + "/proof-code", driver, null), 409, "stop_done");
		refused(api().post(trip.stop(0) + "/proof-files", driver,
				Map.of("kind", "SIGNATURE", "content_type", "image/png", "data", png(100))), 409, "stop_done");
	}

	@Test
	void parallelGuessesCountExactlyTheLimitAndThenTheCodeIsLocked() throws Exception {
		var trip = trip(1, "CODE_OR_UPLOAD");
		var driver = trip.driverToken();
		assertThat(api().post(trip.stop(0) + "/proof-code", driver, null).status()).isEqualTo(201);
		var code = codeSentFor(trip.stops().get(0));
		int threads = 12;
		var start = new CountDownLatch(1);
		var statuses = new ArrayList<Future<Integer>>();
		try (var pool = Executors.newFixedThreadPool(threads)) {
			for (int i = 0; i < threads; i++) {
				statuses.add(pool.submit(() -> {
					start.await();
					return api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", wrong(code))).status();
				}));
			}
			start.countDown();
		}
		var answers = new ArrayList<Integer>();
		for (var f : statuses) {
			answers.add(f.get());
		}
		assertThat(answers.stream().filter(s -> s == 422).count()).as(answers.toString()).isEqualTo(5);
		assertThat(answers.stream().filter(s -> s == 429).count()).as(answers.toString()).isEqualTo(7);
		assertThat(count("SELECT attempts FROM delivery_proof_codes WHERE stop_id = '" + trip.stops().get(0) + "'"))
			.isEqualTo(5);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'delivery_proof.code_checked' AND payload->>'stop_id' = '"
				+ trip.stops().get(0) + "'")).isEqualTo(5);

		// locked: the right code is refused too, and no new code is sent
		refused(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", code)), 429, "too_many_attempts");
		refused(api().post(trip.stop(0) + "/proof-code", driver, null), 429, "too_many_attempts");
		refused(api().post(trip.stop(0) + "/deliver", driver, delivered()), 422, "proof_required");
		var proof = api().get(trip.stop(0) + "/proof", api().token("MANAGER")).json();
		assertThat(proof.at("/code/locked").asBoolean()).isTrue();
		assertThat(proof.at("/code/attempts_left").asInt()).isZero();

		// the location takes an upload instead
		var upload = api().post(trip.stop(0) + "/proof-files", driver,
				Map.of("kind", "SIGNATURE", "content_type", "image/png", "data", png(500)));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		var done = api().post(trip.stop(0) + "/deliver", driver, delivered());
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(api().get(trip.stop(0) + "/proof", api().token("MANAGER")).json().path("delivered_with").asString())
			.isEqualTo("UPLOAD");
	}

	@Test
	void aStopIsSentAtMostThreeCodesAndANewCodeReplacesTheOld() {
		var trip = trip(1, "CODE");
		var driver = trip.driverToken();
		assertThat(api().post(trip.stop(0) + "/proof-code", driver, null).status()).isEqualTo(201);
		var first = codeSentFor(trip.stops().get(0));
		var second = api().post(trip.stop(0) + "/proof-code", driver, null);
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.json().path("sends").asInt()).isEqualTo(2);
		var latest = codeSentFor(trip.stops().get(0));
		if (!latest.equals(first)) {
			refused(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", first)), 422, "wrong_code");
		}
		assertThat(api().post(trip.stop(0) + "/proof-code", api().token("MANAGER"), null).status()).isEqualTo(201);
		long messages = count("SELECT count(*) FROM messages WHERE reference = 'route_stop:" + trip.stops().get(0) + "'");
		assertThat(messages).isEqualTo(3);
		refused(api().post(trip.stop(0) + "/proof-code", driver, null), 429, "too_many_codes");
		assertThat(count("SELECT count(*) FROM messages WHERE reference = 'route_stop:" + trip.stops().get(0) + "'"))
			.isEqualTo(3);
		var code = codeSentFor(trip.stops().get(0));
		assertThat(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", code)).status()).isEqualTo(200);
		// checking a verified code again is harmless
		assertThat(api().post(trip.stop(0) + "/proof-code/check", driver, Map.of("code", code)).status()).isEqualTo(200);
		refused(api().post(trip.stop(0) + "/proof-code", driver, null), 409, "code_verified");
		assertThat(api().post(trip.stop(0) + "/deliver", driver, delivered()).status()).isEqualTo(200);
	}

	@Test
	void uploadsAreTypeCheckedSizeLimitedAndReadByTheManager() throws Exception {
		var trip = trip(1, "UPLOAD");
		var driver = trip.driverToken();
		var manager = api().token("MANAGER");
		refused(api().post(trip.stop(0) + "/deliver", driver, delivered()), 422, "proof_required");

		long before = events();
		var files = trip.stop(0) + "/proof-files";
		var jpeg = Base64.getEncoder().encodeToString(new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2 });
		var pdf = Base64.getEncoder().encodeToString("%PDF-1.7 not an image".getBytes(StandardCharsets.US_ASCII));
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "application/pdf", "data", pdf)), 415,
				"not_an_image");
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png", "data", pdf)), 415,
				"not_an_image");
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png", "data", jpeg)), 415,
				"not_an_image");
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png", "data", "not base64!")),
				400, "data");
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png", "data", "")), 400, "data");
		refused(api().post(files, driver, Map.of("kind", "VIDEO", "content_type", "image/png", "data", png(100))), 400,
				"kind");
		refused(api().post(files, driver, Map.of("content_type", "image/png", "data", png(100))), 400, "kind");
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png",
				"data", png(ProofOfDelivery.MAX_FILE_BYTES + 1))), 413, "proof_too_large");
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png",
				"data", "A".repeat(800 * 1024))), 413, "proof_too_large");
		// a body over the server's 1 MiB limit is refused before it is read
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/png",
				"data", "A".repeat(3 * 1024 * 1024))), 413, "payload_too_large");
		assertThat(api().post(files, trip.otherDriverToken(), Map.of("kind", "PHOTO", "content_type", "image/png",
				"data", png(100))).status()).isEqualTo(404);
		assertThat(api().post(files, api().token("CASHIER"), Map.of("kind", "PHOTO", "content_type", "image/png",
				"data", png(100))).status()).isEqualTo(403);
		assertThat(events()).isEqualTo(before);
		assertThat(count("SELECT count(*) FROM delivery_proof_files WHERE stop_id = '" + trip.stops().get(0) + "'")).isZero();

		// the largest allowed, and a JPEG photo
		var signature = png(ProofOfDelivery.MAX_FILE_BYTES);
		var created = api().post(files, driver, Map.of("kind", "SIGNATURE", "content_type", "image/png", "data", signature));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("size_bytes").asInt()).isEqualTo(ProofOfDelivery.MAX_FILE_BYTES);
		assertThat(created.json().path("sha256").asString()).hasSize(64);
		var photo = api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "IMAGE/JPEG", "data", jpeg));
		assertThat(photo.status()).as(photo.toString()).isEqualTo(201);
		assertThat(photo.json().path("content_type").asString()).isEqualTo("image/jpeg");
		for (int i = 0; i < 3; i++) {
			assertThat(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/jpeg", "data", jpeg))
				.status()).isEqualTo(201);
		}
		refused(api().post(files, driver, Map.of("kind", "PHOTO", "content_type", "image/jpeg", "data", jpeg)), 409,
				"too_many_files");

		var done = api().post(trip.stop(0) + "/deliver", driver, delivered());
		assertThat(done.status()).as(done.toString()).isEqualTo(200);

		var proof = api().get(trip.stop(0) + "/proof", manager);
		assertThat(proof.json().path("files").size()).isEqualTo(5);
		assertThat(proof.json().path("delivered_with").asString()).isEqualTo("UPLOAD");
		assertThat(proof.json().path("code").isNull()).isTrue();
		var fileId = created.json().path("id").asString();
		var read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api().base() + trip.stop(0)
				+ "/proof-files/" + fileId)).header("Authorization", "Bearer " + manager).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(Arrays.equals(read.body(), Base64.getDecoder().decode(signature))).isTrue();
		assertThat(api().get(trip.stop(0) + "/proof-files/" + fileId, driver).status()).isEqualTo(403);
		assertThat(api().get(trip.stop(0) + "/proof-files/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
	}

	@Test
	void theSettingIsPerLocationAndBothCanBeRequired() {
		var trip = trip(1, "CODE_AND_UPLOAD");
		var manager = api().token("MANAGER");
		var driver = trip.driverToken();
		var settings = "/api/v1/delivery/proof-settings/" + trip.location();
		assertThat(api().get(settings, driver).json().path("required").asString()).isEqualTo("CODE_AND_UPLOAD");
		long before = count("SELECT count(*) FROM events WHERE type = 'delivery_proof.required_set'");
		refused(api().put(settings, manager, Map.of("required", "SOMETIMES")), 400, "required");
		refused(api().put(settings, manager, Map.of()), 400, "required");
		assertThat(api().put(settings, api().token("CASHIER"), Map.of("required", "NONE")).status()).isEqualTo(403);
		assertThat(api().put(settings, driver, Map.of("required", "NONE")).status()).isEqualTo(403);
		assertThat(api().put("/api/v1/delivery/proof-settings/" + UUID.randomUUID(), manager, Map.of("required", "NONE"))
			.status()).isEqualTo(404);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'delivery_proof.required_set'")).isEqualTo(before);

		assertThat(api().post(trip.stop(0) + "/proof-code", driver, null).status()).isEqualTo(201);
		assertThat(api().post(trip.stop(0) + "/proof-code/check", driver,
				Map.of("code", codeSentFor(trip.stops().get(0)))).status()).isEqualTo(200);
		var missing = api().post(trip.stop(0) + "/deliver", driver, delivered());
		refused(missing, 422, "proof_required");
		assertThat(missing.json().path("code_verified").asBoolean()).isTrue();
		assertThat(missing.json().path("uploads").asBoolean()).isFalse();
		assertThat(api().post(trip.stop(0) + "/proof-files", driver, Map.of("kind", "PHOTO", "content_type", "image/png",
				"data", png(64))).status()).isEqualTo(201);
		assertThat(api().post(trip.stop(0) + "/deliver", driver, delivered()).status()).isEqualTo(200);
		assertThat(api().get(trip.stop(0) + "/proof", manager).json().path("delivered_with").asString())
			.isEqualTo("CODE_AND_UPLOAD");

		// NONE (the default of a location never set) needs nothing
		var none = trip(1, "NONE");
		assertThat(api().post(none.stop(0) + "/deliver", none.driverToken(), delivered()).status()).isEqualTo(200);
		JsonNode read = api().get(none.stop(0) + "/proof", manager).json();
		assertThat(read.path("delivered_with").isNull()).isTrue();
		// a failed stop needs no proof
		var failing = trip(1, "CODE");
		assertThat(api().post(failing.stop(0) + "/fail", failing.driverToken(), Map.of("reason", "nobody home")).status())
			.isEqualTo(200);
	}
}

package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

@TestPropertySource(properties = { "kassa.delivery.inline-stops=12", "kassa.delivery.iterations=200",
		"kassa.delivery.max-optimize-stops=20" })
class DeliveryIntegrationTests extends IntegrationTestSupport {

	private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

	private static final double DEPOT_LAT = 12.9716;

	private static final double DEPOT_LON = 77.5946;

	private String location;

	private String cylinder;

	private static int counter;

	@BeforeEach
	void setUp() {
		if (location != null) {
			return;
		}
		// tokens first: a role's first token creates its user, an event a test counting events must not see
		List.of("MANAGER", "CASHIER", "EMPLOYEE", "DRIVER").forEach(role -> api().token(role));
		var fixtures = new Fixtures(api());
		fixtures.organization();
		location = fixtures.location("D" + (System.nanoTime() % 100000), "29");
		cylinder = fixtures.product("LPG14-" + System.nanoTime(), "950.00", Fixtures.GST_5);
		var depot = api().put("/api/v1/delivery/depots/" + location, api().token("MANAGER"),
				Map.of("latitude", DEPOT_LAT, "longitude", DEPOT_LON));
		assertThat(depot.status()).as(depot.toString()).isEqualTo(200);
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static synchronized int next() {
		return ++counter;
	}

	private static LocalDate today() {
		return LocalDate.now(ZONE);
	}

	private TestClient.Response createDriver(String token, Object... fields) {
		var body = new LinkedHashMap<String, Object>();
		int n = next();
		body.put("name", "Driver " + n);
		body.put("phone", "98450" + String.format("%05d", n));
		body.put("licence_number", "KA01 2020 " + String.format("%07d", n) + System.nanoTime() % 1000);
		body.put("home_location_id", location);
		for (int i = 0; i < fields.length; i += 2) {
			body.put((String) fields[i], fields[i + 1]);
		}
		return api().post("/api/v1/drivers", token, body, key());
	}

	private String driver(Object... fields) {
		var created = createDriver(api().token("MANAGER"), fields);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private TestClient.Response createVehicle(String token, Object... fields) {
		var body = new LinkedHashMap<String, Object>();
		body.put("registration_number", "KA-01-AB-" + next() + System.nanoTime() % 1000);
		body.put("capacity_cylinders", 40);
		body.put("location_id", location);
		for (int i = 0; i < fields.length; i += 2) {
			body.put((String) fields[i], fields[i + 1]);
		}
		return api().post("/api/v1/vehicles", token, body, key());
	}

	private String vehicle(int capacity) {
		var created = createVehicle(api().token("MANAGER"), "capacity_cylinders", capacity);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private Map<String, Object> order(double lat, double lon, int cylinders, Object... fields) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("recipient_name", "Customer " + next());
		body.put("recipient_phone", "+91 99000 " + String.format("%05d", next()));
		body.put("address", "12 MG Road, Bengaluru");
		body.put("latitude", lat);
		body.put("longitude", lon);
		body.put("items", List.of(Map.of("product_id", cylinder, "quantity", cylinders, "empties_to_collect", cylinders)));
		for (int i = 0; i < fields.length; i += 2) {
			body.put((String) fields[i], fields[i + 1]);
		}
		return body;
	}

	private String createOrder(Map<String, Object> body) {
		var created = api().post("/api/v1/delivery-orders", api().token("CASHIER"), body, key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	/** Orders around the depot, a few kilometres out. */
	private List<String> orders(int count, int cylinders, Object... fields) {
		var random = new Random(count * 31L + cylinders);
		var ids = new ArrayList<String>();
		for (int i = 0; i < count; i++) {
			ids.add(createOrder(order(DEPOT_LAT + (random.nextDouble() - 0.5) * 0.08,
					DEPOT_LON + (random.nextDouble() - 0.5) * 0.08, cylinders, fields)));
		}
		return ids;
	}

	private Map<String, Object> planBody(LocalDate date, List<Map<String, Object>> vehicles, List<String> orderIds) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("date", date.toString());
		body.put("vehicles", vehicles);
		body.put("order_ids", orderIds);
		return body;
	}

	private TestClient.Response plan(Map<String, Object> body) {
		return api().post("/api/v1/routes/plan", api().token("MANAGER"), body, key());
	}

	private static Map<String, Object> fleet(String vehicle, String driver) {
		return Map.of("vehicle_id", vehicle, "driver_id", driver);
	}

	private static String userIdOf(String token) {
		var payload = token.split("\\.")[1];
		var json = TestClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
		return json.path("sub").asString();
	}

	private long rows(String table) {
		return count("SELECT count(*) FROM " + table);
	}

	private long events() {
		return count("SELECT count(*) FROM events");
	}

	private static void refused(TestClient.Response response, int status, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.errorFields()).as(response.toString()).contains(field);
		}
	}

	@Nested
	class DriversAndVehicles {

		@Test
		void driversAreKeptWithNormalizedNumbersAndUniqueLicences() {
			var created = createDriver(api().token("MANAGER"), "phone", "098450 11111", "licence_number", "ka-05 1999 0000001");
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			assertThat(created.json().path("phone").asString()).isEqualTo("+919845011111");
			assertThat(created.json().path("licence_number").asString()).isEqualTo("KA05199900000 01".replace(" ", ""));
			var id = created.json().path("id").asString();
			assertThat(count("SELECT count(*) FROM events WHERE type = 'driver.created' AND aggregate_id = '" + id + "'"))
				.isEqualTo(1);

			long drivers = rows("drivers");
			long before = events();
			var manager = api().token("MANAGER");
			refused(createDriver(manager, "licence_number", "KA05 1999 0000001"), 409, "licence_number");
			refused(createDriver(manager, "phone", "12"), 400, "phone");
			refused(createDriver(manager, "name", ""), 400, "name");
			refused(createDriver(manager, "name", "n".repeat(201)), 400, "name");
			refused(createDriver(manager, "licence_number", "###"), 400, "licence_number");
			refused(createDriver(manager, "home_location_id", UUID.randomUUID().toString()), 400, "home_location_id");
			refused(createDriver(manager, "home_location_id", "not-a-uuid"), 400, "home_location_id");
			refused(createDriver(manager, "user_id", UUID.randomUUID().toString()), 400, "user_id");
			var cashierUser = userIdOf(api().token("CASHIER"));
			refused(createDriver(manager, "user_id", cashierUser), 422, "user_id");
			assertThat(createDriver(api().token("CASHIER")).status()).isEqualTo(403);
			assertThat(createDriver(api().token("DRIVER")).status()).isEqualTo(403);
			assertThat(createDriver(null).status()).isEqualTo(401);
			refused(api().post("/api/v1/drivers", manager, Map.of("name", "No key", "phone", "9845099999",
					"licence_number", "NOKEY1", "home_location_id", location)), 400, "Idempotency-Key");
			assertThat(rows("drivers")).isEqualTo(drivers);
			assertThat(events()).isEqualTo(before);

			var update = new LinkedHashMap<String, Object>();
			update.put("name", "Ravi Kumar");
			update.put("phone", "+91 98450 22222");
			update.put("licence_number", "KA05 1999 0000001");
			update.put("home_location_id", location);
			var updated = api().put("/api/v1/drivers/" + id, manager, update);
			assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
			assertThat(updated.json().path("name").asString()).isEqualTo("Ravi Kumar");
			assertThat(api().put("/api/v1/drivers/" + id, api().token("CASHIER"), update).status()).isEqualTo(403);
			var badUpdate = new LinkedHashMap<String, Object>(update);
			badUpdate.put("phone", "0");
			refused(api().put("/api/v1/drivers/" + id, manager, badUpdate), 400, "phone");
			badUpdate.put("phone", "+91 98450 33333");
			badUpdate.put("home_location_id", UUID.randomUUID().toString());
			refused(api().put("/api/v1/drivers/" + id, manager, badUpdate), 400, "home_location_id");
			assertThat(api().put("/api/v1/drivers/" + UUID.randomUUID(), manager, update).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/drivers/" + id, api().token("DRIVER")).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/drivers/" + id, api().adminToken()).json().path("name").asString())
				.isEqualTo("Ravi Kumar");

			var deactivated = api().post("/api/v1/drivers/" + id + "/deactivate", manager, null);
			assertThat(deactivated.json().path("active").asBoolean()).isFalse();
			refused(api().post("/api/v1/drivers/" + id + "/deactivate", manager, null), 409, null);
			assertThat(api().post("/api/v1/drivers/" + id + "/activate", api().token("EMPLOYEE"), null).status())
				.isEqualTo(403);
			var listed = api().get("/api/v1/drivers?active=false&location_id=" + location, manager);
			assertThat(listed.json().path("items").findValuesAsString("id")).contains(id);
			refused(api().get("/api/v1/drivers?limit=0", manager), 400, "limit");
		}

		@Test
		void aDriverIsLinkedToOneUserWithTheDriverRole() {
			var token = api().tokenForNewUser("drv-link-" + System.nanoTime(), List.of("DRIVER"), null);
			var user = userIdOf(token);
			var id = driver("user_id", user);
			refused(createDriver(api().token("MANAGER"), "user_id", user), 409, "user_id");
			var me = api().get("/api/v1/drivers/me", token);
			assertThat(me.json().path("id").asString()).isEqualTo(id);
			assertThat(api().get("/api/v1/drivers/me", api().token("DRIVER")).status()).isEqualTo(404);
		}

		@Test
		void vehiclesHaveUniqueRegistrationsAndAPositiveCapacity() {
			var manager = api().token("MANAGER");
			var created = createVehicle(manager, "registration_number", "ka 01 ab 1234", "capacity_kg", 1500.5);
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			assertThat(created.json().path("registration_number").asString()).isEqualTo("KA01AB1234");
			var id = created.json().path("id").asString();
			long vehicles = rows("vehicles");
			long before = events();
			refused(createVehicle(manager, "registration_number", "KA-01-AB-1234"), 409, "registration_number");
			refused(createVehicle(manager, "capacity_cylinders", 0), 400, "capacity_cylinders");
			refused(createVehicle(manager, "capacity_cylinders", "many"), 400, "capacity_cylinders");
			refused(createVehicle(manager, "capacity_cylinders", null), 400, "capacity_cylinders");
			refused(createVehicle(manager, "capacity_kg", -1), 400, "capacity_kg");
			refused(createVehicle(manager, "registration_number", "r".repeat(25)), 400, "registration_number");
			refused(createVehicle(manager, "location_id", UUID.randomUUID().toString()), 400, "location_id");
			assertThat(createVehicle(api().token("DRIVER")).status()).isEqualTo(403);
			assertThat(createVehicle(api().token("CASHIER")).status()).isEqualTo(403);
			assertThat(rows("vehicles")).isEqualTo(vehicles);
			assertThat(events()).isEqualTo(before);

			var change = Map.of("registration_number", "KA01AB1234", "capacity_cylinders", 60, "location_id", location);
			assertThat(api().put("/api/v1/vehicles/" + id, manager, change).json().path("capacity_cylinders").asInt())
				.isEqualTo(60);
			assertThat(api().put("/api/v1/vehicles/" + id, api().token("EMPLOYEE"), change).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/vehicles/" + id + "/deactivate", manager, null).json().path("active")
				.asBoolean()).isFalse();
			assertThat(api().get("/api/v1/vehicles/" + id, manager).json().path("active").asBoolean()).isFalse();
			assertThat(api().get("/api/v1/vehicles/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/vehicles?location_id=" + location, manager).json().path("items").size())
				.isPositive();
		}

		@Test
		void aLocationWithDriversAndAProductOnADeliveryAreKept() {
			var fixtures = new Fixtures(api());
			var store = fixtures.location("K" + (System.nanoTime() % 100000), "29");
			var bare = fixtures.location("B" + (System.nanoTime() % 100000), "29");
			driver("home_location_id", store);
			assertThat(api().put("/api/v1/delivery/depots/" + bare, api().token("MANAGER"),
					Map.of("latitude", 12.9, "longitude", 77.6)).status()).isEqualTo(200);
			var refusal = api().delete("/api/v1/locations/" + store, api().adminToken());
			refused(refusal, 409, null);
			assertThat(refusal.json().path("detail").asString()).contains("drivers");
			assertThat(api().delete("/api/v1/locations/" + bare, api().adminToken()).status()).isEqualTo(204);
			assertThat(count("SELECT count(*) FROM delivery_depots WHERE location_id = '" + bare + "'")).isZero();

			var product = fixtures.product("GAS19-" + System.nanoTime(), "1700.00", Fixtures.GST_18);
			createOrder(order(12.9, 77.6, 1, "items", List.of(Map.of("product_id", product, "quantity", 1))));
			var removal = api().delete("/api/v1/products/" + product, api().adminToken());
			assertThat(removal.status()).as(removal.toString()).isEqualTo(200);
			assertThat(removal.json().path("active").asBoolean()).isFalse();
		}

		@Test
		void depotsTakeValidCoordinatesFromManagers() {
			var manager = api().token("MANAGER");
			refused(api().put("/api/v1/delivery/depots/" + location, manager, Map.of("latitude", 91, "longitude", 0)), 400,
					"latitude");
			refused(api().put("/api/v1/delivery/depots/" + location, manager, Map.of("latitude", 10)), 400, "longitude");
			assertThat(api().put("/api/v1/delivery/depots/" + location, api().token("CASHIER"),
					Map.of("latitude", 1, "longitude", 1)).status()).isEqualTo(403);
			assertThat(api().put("/api/v1/delivery/depots/" + UUID.randomUUID(), manager,
					Map.of("latitude", 1, "longitude", 1)).status()).isEqualTo(404);
			var depot = api().get("/api/v1/delivery/depots/" + location, api().token("DRIVER"));
			assertThat(depot.json().path("latitude").asDouble()).isEqualTo(DEPOT_LAT);
		}
	}

	@Nested
	class DeliveryOrders {

		@Test
		void anOrderIsCreatedPendingWithItsCylindersAndEmpties() {
			var body = order(12.98, 77.60, 2, "notes", "Ring twice", "window_from", today().plusDays(1).atTime(10, 0)
				.atZone(ZONE).toOffsetDateTime().toString(), "window_to",
					today().plusDays(1).atTime(12, 0).atZone(ZONE).toOffsetDateTime().toString());
			var id = createOrder(body);
			var read = api().get("/api/v1/delivery-orders/" + id, api().token("EMPLOYEE")).json();
			assertThat(read.path("status").asString()).isEqualTo("PENDING");
			assertThat(read.path("cylinders").asInt()).isEqualTo(2);
			assertThat(read.path("empties_expected").asInt()).isEqualTo(2);
			assertThat(read.path("delivery_date").asString()).isEqualTo(today().plusDays(1).toString());
			assertThat(read.path("recipient_phone").asString()).startsWith("+9199000");
			assertThat(read.at("/items/0/sku").asString()).startsWith("LPG14-");
			assertThat(count("SELECT count(*) FROM events WHERE type = 'delivery_order.created' AND aggregate_id = '"
					+ id + "'")).isEqualTo(1);
		}

		@Test
		void badOrdersAreRefusedAndNothingIsWritten() {
			long orders = rows("delivery_orders");
			long before = events();
			var cashier = api().token("CASHIER");
			refused(api().post("/api/v1/delivery-orders", cashier, order(91, 77.6, 1), key()), 400, "latitude");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 181, 1), key()), 400, "longitude");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "latitude", null), key()), 400,
					"latitude");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "latitude", "north"), key()), 400,
					"latitude");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 0), key()), 400, "items[0].quantity");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "items", List.of()), key()), 400,
					"items");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "items",
					List.of(Map.of("product_id", UUID.randomUUID().toString(), "quantity", 1))), key()), 400,
					"items[0].product_id");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "recipient_phone", "call me"),
					key()), 400, "recipient_phone");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "customer_id",
					UUID.randomUUID().toString()), key()), 400, "customer_id");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "window_from",
					"2030-01-01T12:00:00+05:30", "window_to", "2030-01-01T10:00:00+05:30"), key()), 400, "window_to");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "address", "a".repeat(1001)),
					key()), 400, "address");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1, "location_id",
					UUID.randomUUID().toString()), key()), 400, "location_id");
			refused(api().post("/api/v1/delivery-orders", cashier, order(12.9, 77.6, 1)), 400, "Idempotency-Key");
			assertThat(api().post("/api/v1/delivery-orders", api().token("DRIVER"), order(12.9, 77.6, 1), key()).status())
				.isEqualTo(403);
			assertThat(rows("delivery_orders")).isEqualTo(orders);
			assertThat(events()).isEqualTo(before);
			assertThat(api().get("/api/v1/delivery-orders/" + UUID.randomUUID(), cashier).status()).isEqualTo(404);
			refused(api().get("/api/v1/delivery-orders?status=LOST", cashier), 400, "status");
		}

		@Test
		void aRepeatedKeyCreatesOneOrder() {
			var body = order(12.95, 77.58, 1);
			var key = key();
			var first = api().post("/api/v1/delivery-orders", api().token("CASHIER"), body, key);
			var again = api().post("/api/v1/delivery-orders", api().token("CASHIER"), body, key);
			assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
			assertThat(count("SELECT count(*) FROM delivery_orders WHERE id = '" + first.json().path("id").asString() + "'"))
				.isEqualTo(1);
		}

		@Test
		void ordersAreListedByFiltersPageByPage() {
			var date = today().plusDays(20);
			var ids = orders(3, 1, "delivery_date", date.toString());
			var manager = api().token("MANAGER");
			var first = api().get("/api/v1/delivery-orders?limit=2&status=PENDING&location_id=" + location + "&date=" + date,
					manager);
			assertThat(first.json().path("items").size()).isEqualTo(2);
			var second = api().get("/api/v1/delivery-orders?limit=2&status=PENDING&location_id=" + location + "&date="
					+ date + "&cursor=" + first.json().path("next_cursor").asString(), manager);
			var seen = new ArrayList<String>(first.json().path("items").findValuesAsString("id"));
			seen.addAll(second.json().path("items").findValuesAsString("id"));
			assertThat(seen).containsExactlyElementsOf(ids);
			assertThat(second.json().path("next_cursor").isNull()).isTrue();
		}

		@Test
		void cancellingTakesAReasonAndOnlyALegalStatus() {
			var id = orders(1, 1).getFirst();
			var manager = api().token("MANAGER");
			refused(api().post("/api/v1/delivery-orders/" + id + "/cancel", manager, Map.of()), 400, "reason");
			assertThat(api().post("/api/v1/delivery-orders/" + id + "/cancel", api().token("CASHIER"),
					Map.of("reason", "x")).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/delivery-orders/" + id, manager).json().path("status").asString())
				.isEqualTo("PENDING");
			var cancelled = api().post("/api/v1/delivery-orders/" + id + "/cancel", manager,
					Map.of("reason", "Customer bought elsewhere"));
			assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
			var again = api().post("/api/v1/delivery-orders/" + id + "/cancel", manager, Map.of("reason", "again"));
			refused(again, 409, null);
			assertThat(again.json().path("status").asString()).isEqualTo("CANCELLED");
			assertThat(api().post("/api/v1/delivery-orders/" + UUID.randomUUID() + "/cancel", manager,
					Map.of("reason", "x")).status()).isEqualTo(404);
		}
	}

	@Nested
	class Optimizer {

		/** Points on a circle are in convex position: the best tour visits them around the circle. */
		@Test
		void pointsOnACircleAreVisitedAroundIt() {
			int n = 12;
			double r = 0.02;
			var points = new ArrayList<double[]>();
			for (int i = 0; i < n; i++) {
				double a = 2 * Math.PI * i / n;
				points.add(new double[] { DEPOT_LAT + r * Math.sin(a), DEPOT_LON + r * Math.cos(a) });
			}
			double optimum = 0;
			for (int i = 0; i < n; i++) {
				var a = points.get(i);
				var b = points.get((i + 1) % n);
				optimum += Geo.metres(a[0], a[1], b[0], b[1]);
			}
			var stops = new ArrayList<Map<String, Object>>();
			for (int i = 1; i < n; i++) {
				stops.add(Map.of("id", "p" + i, "latitude", points.get(i)[0], "longitude", points.get(i)[1]));
			}
			Collections.shuffle(stops, new Random(7));
			long routes = rows("routes");
			var depot = Map.of("latitude", points.get(0)[0], "longitude", points.get(0)[1]);
			var response = api().post("/api/v1/routes/optimize", api().token("MANAGER"),
					Map.of("depot", depot, "stops", stops));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			var result = response.json();
			assertThat(result.path("distance_m").asDouble()).isCloseTo(optimum, org.assertj.core.data.Offset.offset(optimum * 0.001));
			assertThat(result.path("distance_m").asDouble()).isLessThan(result.path("given_order_distance_m").asDouble());
			var order = result.path("stops").findValuesAsString("id");
			assertThat(new HashSet<>(order)).hasSize(n - 1);
			int first = Integer.parseInt(order.getFirst().substring(1));
			assertThat(first).isIn(1, n - 1);
			assertThat(rows("routes")).isEqualTo(routes);
		}

		@Test
		void oversizedOrMalformedProblemsAreRefused() {
			var manager = api().token("MANAGER");
			var stops = new ArrayList<Map<String, Object>>();
			for (int i = 0; i < 21; i++) {
				stops.add(Map.of("latitude", 12.9 + i * 0.001, "longitude", 77.6));
			}
			var depot = Map.of("latitude", 12.9, "longitude", 77.6);
			refused(api().post("/api/v1/routes/optimize", manager, Map.of("depot", depot, "stops", stops)), 422, "stops");
			refused(api().post("/api/v1/routes/optimize", manager, Map.of("depot", depot, "stops", List.of())), 400, "stops");
			refused(api().post("/api/v1/routes/optimize", manager, Map.of("stops", stops.subList(0, 3))), 400, "depot");
			refused(api().post("/api/v1/routes/optimize", manager, Map.of("depot", Map.of("latitude", 95, "longitude", 0),
					"stops", stops.subList(0, 3))), 400, "depot.latitude");
			assertThat(api().post("/api/v1/routes/optimize", api().token("CASHIER"),
					Map.of("depot", depot, "stops", stops.subList(0, 3))).status()).isEqualTo(403);
		}
	}

	@Nested
	class Planning {

		@Test
		void noRouteCarriesMoreThanItsVehicleAndTheRestIsReportedUnassigned() {
			var small = vehicle(5);
			var smaller = vehicle(4);
			var ids = orders(7, 2);
			var response = plan(planBody(today().plusDays(2),
					List.of(fleet(small, driver()), fleet(smaller, driver())), ids));
			assertThat(response.status()).as(response.toString()).isEqualTo(201);
			var plan = response.json();
			assertThat(plan.path("status").asString()).isEqualTo("COMPLETED");
			var capacity = Map.of(small, 5, smaller, 4);
			int routed = 0;
			for (var route : plan.path("routes")) {
				int load = 0;
				for (var stop : route.path("stops")) {
					load += stop.path("cylinders").asInt();
					routed++;
				}
				assertThat(load).isEqualTo(route.path("cylinders").asInt())
					.isLessThanOrEqualTo(capacity.get(route.path("vehicle_id").asString()));
				assertThat(route.path("status").asString()).isEqualTo("PLANNED");
			}
			assertThat(routed).isEqualTo(4);
			assertThat(plan.path("unassigned").size()).isEqualTo(3);
			assertThat(plan.at("/unassigned/0/reason").asString()).isNotBlank();
			assertThat(count("SELECT count(*) FROM delivery_orders WHERE route_id IS NOT NULL AND id IN ("
					+ String.join(",", ids.stream().map(i -> "'" + i + "'").toList()) + ")")).isEqualTo(4);
		}

		@Test
		void timeWindowsAreKeptOrTheOrderIsReportedUnassigned() {
			var date = today().plusDays(3);
			var early = date.atTime(10, 0).atZone(ZONE).toOffsetDateTime();
			var inWindow = createOrder(order(12.99, 77.61, 1, "window_from", early.toString(), "window_to",
					early.plusMinutes(30).toString()));
			var late = createOrder(order(12.95, 77.57, 1, "window_from", date.atTime(16, 0).atZone(ZONE).toOffsetDateTime()
				.toString(), "window_to", date.atTime(17, 0).atZone(ZONE).toOffsetDateTime().toString()));
			var closed = createOrder(order(12.96, 77.60, 1, "window_from", date.atTime(6, 0).atZone(ZONE).toOffsetDateTime()
				.toString(), "window_to", date.atTime(7, 0).atZone(ZONE).toOffsetDateTime().toString()));
			var free = createOrder(order(12.97, 77.62, 1));
			var response = plan(planBody(date, List.of(fleet(vehicle(10), driver())), List.of(inWindow, late, closed, free)));
			assertThat(response.status()).as(response.toString()).isEqualTo(201);
			var plan = response.json();
			var stops = new LinkedHashMap<String, JsonNode>();
			plan.path("routes").forEach(r -> r.path("stops").forEach(s -> stops.put(s.path("delivery_order_id").asString(), s)));
			assertThat(stops.keySet()).containsExactlyInAnyOrder(inWindow, late, free);
			assertThat(OffsetDateTime.parse(stops.get(inWindow).path("arrives_at").asString()))
				.isBeforeOrEqualTo(early.plusMinutes(30));
			assertThat(OffsetDateTime.parse(stops.get(late).path("departs_at").asString()))
				.isAfterOrEqualTo(date.atTime(16, 0).atZone(ZONE).toOffsetDateTime());
			assertThat(plan.path("unassigned").findValuesAsString("delivery_order_id")).containsExactly(closed);
		}

		@Test
		void aRepeatedPlanRequestGetsTheFirstAnswerThoughItsOrdersAreTakenNow() {
			var body = planBody(today().plusDays(10), List.of(fleet(vehicle(10), driver())), orders(2, 1));
			var key = key();
			var manager = api().token("MANAGER");
			var first = api().post("/api/v1/routes/plan", manager, body, key);
			assertThat(first.status()).as(first.toString()).isEqualTo(201);
			var again = api().post("/api/v1/routes/plan", manager, body, key);
			assertThat(again.status()).as(again.toString()).isEqualTo(201);
			assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
			assertThat(count("SELECT count(*) FROM route_plans WHERE date = '" + today().plusDays(10) + "'")).isEqualTo(1);
			refused(plan(body), 409, null);
		}

		@Test
		void badPlansAreRefusedAndNothingIsWritten() {
			var v = vehicle(10);
			var d = driver();
			var second = driver();
			var ids = orders(2, 1);
			var otherLocation = new Fixtures(api()).location("N" + (System.nanoTime() % 100000), "29");
			long routes = rows("routes");
			long plans = rows("route_plans");
			long before = events();
			var date = today().plusDays(1);
			refused(plan(planBody(date, List.of(), ids)), 400, "vehicles");
			refused(plan(planBody(date, List.of(fleet(UUID.randomUUID().toString(), d)), ids)), 400, "vehicles[0].vehicle_id");
			refused(plan(planBody(date, List.of(fleet(v, UUID.randomUUID().toString())), ids)), 400, "vehicles[0].driver_id");
			refused(plan(planBody(date, List.of(fleet(v, d), fleet(v, second)), ids)), 400, "vehicles[1].vehicle_id");
			refused(plan(planBody(date, List.of(fleet(v, d)), List.of(UUID.randomUUID().toString()))), 400, "order_ids[0]");
			refused(plan(planBody(today().minusDays(1), List.of(fleet(v, d)), ids)), 400, "date");
			var body = planBody(date, List.of(fleet(v, d)), ids);
			body.put("date", "tomorrow");
			refused(plan(body), 400, "date");
			var noDepot = planBody(date, List.of(fleet(v, d)), ids);
			noDepot.put("location_id", otherLocation);
			refused(plan(noDepot), 422, "location_id");
			assertThat(api().post("/api/v1/routes/plan", api().token("CASHIER"), planBody(date, List.of(fleet(v, d)), ids),
					key()).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/routes/plan", api().token("DRIVER"), planBody(date, List.of(fleet(v, d)), ids),
					key()).status()).isEqualTo(403);
			assertThat(rows("routes")).isEqualTo(routes);
			assertThat(rows("route_plans")).isEqualTo(plans);
			assertThat(events()).isEqualTo(before);
		}

		@Test
		void aLargePlanRunsAsAJobWhoseResultReadsTheRoutes() {
			var ids = orders(16, 1, "delivery_date", today().plusDays(4).toString());
			var response = plan(planBody(today().plusDays(4),
					List.of(fleet(vehicle(10), driver()), fleet(vehicle(10), driver())), ids));
			assertThat(response.status()).as(response.toString()).isEqualTo(202);
			var jobId = response.json().path("job_id").asString();
			var manager = api().token("MANAGER");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> api().get("/api/v1/jobs/" + jobId, manager).json().path("state").asString().equals("SUCCEEDED"));
			var job = api().get("/api/v1/jobs/" + jobId, manager).json();
			assertThat(job.path("total").asLong()).isPositive();
			assertThat(job.path("done").asLong()).isEqualTo(job.path("total").asLong());
			var plan = api().get(job.path("result_url").asString(), manager).json();
			assertThat(plan.path("status").asString()).isEqualTo("COMPLETED");
			var routed = new ArrayList<String>();
			plan.path("routes").forEach(r -> routed.addAll(r.path("stops").findValuesAsString("delivery_order_id")));
			assertThat(routed).containsExactlyInAnyOrderElementsOf(ids);
			assertThat(plan.path("unassigned").size()).isZero();
		}
	}

	@Nested
	class Dispatching {

		@Test
		void ofPlansRacingOverTheSameOrdersExactlyOneWins() throws Exception {
			var ids = orders(4, 1);
			var date = today().plusDays(5);
			int racers = 6;
			var bodies = new ArrayList<Map<String, Object>>();
			for (int i = 0; i < racers; i++) {
				bodies.add(planBody(date, List.of(fleet(vehicle(10), driver())), ids));
			}
			var token = api().token("MANAGER");
			var start = new CountDownLatch(1);
			var answers = new ArrayList<Future<TestClient.Response>>();
			try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
				for (var body : bodies) {
					answers.add(pool.submit(() -> {
						start.await();
						return api().post("/api/v1/routes/plan", token, body, key());
					}));
				}
				start.countDown();
			}
			int won = 0;
			for (var answer : answers) {
				var response = answer.get();
				if (response.status() == 201) {
					won++;
				}
				else {
					refused(response, 409, null);
					assertThat(response.json().path("code").asString()).isEqualTo("orders_taken");
					assertThat(response.json().path("delivery_order_ids").valueStream().map(JsonNode::asString).toList())
						.isNotEmpty()
						.isSubsetOf(ids);
				}
			}
			assertThat(won).isEqualTo(1);
			assertThat(count("SELECT count(DISTINCT route_id) FROM delivery_orders WHERE id IN ("
					+ String.join(",", ids.stream().map(i -> "'" + i + "'").toList()) + ")")).isEqualTo(1);
			assertThat(count("SELECT count(*) FROM route_plans WHERE date = '" + date + "'")).isEqualTo(1);

			var route = count("SELECT count(*) FROM routes WHERE date = '" + date + "'");
			assertThat(route).isEqualTo(1);
			var routeId = jdbc.sql("SELECT id::text FROM routes WHERE date = '" + date + "'").query(String.class).single();
			var dispatches = new ArrayList<Future<TestClient.Response>>();
			var go = new CountDownLatch(1);
			try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < racers; i++) {
					dispatches.add(pool.submit(() -> {
						go.await();
						return api().post("/api/v1/routes/" + routeId + "/dispatch", token, null);
					}));
				}
				go.countDown();
			}
			int dispatched = 0;
			for (var answer : dispatches) {
				var response = answer.get();
				if (response.status() == 200) {
					dispatched++;
				}
				else {
					refused(response, 409, null);
					assertThat(response.json().path("status").asString()).isEqualTo("DISPATCHED");
				}
			}
			assertThat(dispatched).isEqualTo(1);
			assertThat(count("SELECT count(*) FROM events WHERE type = 'route.dispatched' AND aggregate_id = '" + routeId
					+ "'")).isEqualTo(1);
			assertThat(count("SELECT count(*) FROM delivery_orders WHERE status = 'ASSIGNED' AND route_id = '" + routeId
					+ "'")).isEqualTo(4);
			// a plan over orders on a dispatched route is refused, naming them
			var again = plan(planBody(date, List.of(fleet(vehicle(10), driver())), ids));
			refused(again, 409, null);
			assertThat(again.json().path("delivery_order_ids").size()).isEqualTo(4);
		}

		@Test
		void aDriverDrivesOnlyTheirOwnRouteStopByStopUntilItCompletes() {
			var driverToken = api().tokenForNewUser("drv-own-" + System.nanoTime(), List.of("DRIVER"), null);
			var otherToken = api().tokenForNewUser("drv-other-" + System.nanoTime(), List.of("DRIVER"), null);
			var mine = driver("user_id", userIdOf(driverToken));
			driver("user_id", userIdOf(otherToken));
			var ids = orders(3, 2);
			var manager = api().token("MANAGER");
			var plan = plan(planBody(today(), List.of(fleet(vehicle(20), mine)), ids));
			assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
			var route = plan.json().at("/routes/0");
			var routeId = route.path("id").asString();
			var base = "/api/v1/routes/" + routeId;

			// a planned route is the manager's draft: the driver neither sees nor starts it
			assertThat(api().get(base, driverToken).status()).isEqualTo(404);
			refused(api().post(base + "/start", manager, null), 409, null);
			assertThat(api().post(base + "/dispatch", driverToken, null).status()).isEqualTo(403);
			assertThat(api().post(base + "/dispatch", manager, null).status()).isEqualTo(200);

			var today = api().get("/api/v1/drivers/me/routes", driverToken);
			assertThat(today.json().path(0).path("driver_name").asString())
				.isEqualTo(api().get("/api/v1/drivers/" + mine, manager).json().path("name").asString());
			assertThat(today.json().path(0).path("vehicle_registration").asString()).startsWith("KA01AB");
			assertThat(today.json().valueStream().map(r -> r.path("id").asString()).toList()).containsExactly(routeId);
			assertThat(api().get("/api/v1/drivers/me/routes", otherToken).json().size()).isZero();
			assertThat(api().get(base, otherToken).status()).isEqualTo(404);
			assertThat(api().post(base + "/start", otherToken, null).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/delivery-orders/" + ids.getFirst(), manager).json().path("status").asString())
				.isEqualTo("ASSIGNED");

			var stops = route.path("stops");
			var firstStop = stops.get(0).path("id").asString();
			refused(api().post(base + "/stops/" + firstStop + "/deliver", driverToken,
					Map.of("received_by", "Asha", "cylinders_delivered", 2, "empties_collected", 2)), 409, null);
			var started = api().post(base + "/start", driverToken, null);
			assertThat(started.json().path("status").asString()).isEqualTo("IN_PROGRESS");
			assertThat(api().get("/api/v1/delivery-orders/" + ids.getFirst(), manager).json().path("status").asString())
				.isEqualTo("OUT_FOR_DELIVERY");
			refused(api().post(base + "/start", driverToken, null), 409, null);

			long before = events();
			refused(api().post(base + "/stops/" + firstStop + "/deliver", driverToken,
					Map.of("cylinders_delivered", 2, "empties_collected", 2)), 400, "received_by");
			refused(api().post(base + "/stops/" + firstStop + "/deliver", driverToken,
					Map.of("received_by", "Asha", "cylinders_delivered", -1, "empties_collected", 2)), 400,
					"cylinders_delivered");
			refused(api().post(base + "/stops/" + firstStop + "/deliver", driverToken,
					Map.of("received_by", "Asha", "cylinders_delivered", 3, "empties_collected", 2)), 422,
					"cylinders_delivered");
			assertThat(api().post(base + "/stops/" + firstStop + "/deliver", otherToken,
					Map.of("received_by", "Asha", "cylinders_delivered", 2, "empties_collected", 2)).status()).isEqualTo(404);
			assertThat(api().post(base + "/stops/" + UUID.randomUUID() + "/deliver", driverToken,
					Map.of("received_by", "Asha", "cylinders_delivered", 2, "empties_collected", 2)).status()).isEqualTo(404);
			refused(api().post(base + "/stops/" + firstStop + "/fail", driverToken, Map.of()), 400, "reason");
			assertThat(events()).isEqualTo(before);

			var delivered = api().post(base + "/stops/" + firstStop + "/deliver", driverToken,
					Map.of("received_by", "Asha", "cylinders_delivered", 2, "empties_collected", 1));
			assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
			assertThat(delivered.json().at("/stops/0/status").asString()).isEqualTo("DELIVERED");
			refused(api().post(base + "/stops/" + firstStop + "/deliver", driverToken,
					Map.of("received_by", "Asha", "cylinders_delivered", 2, "empties_collected", 1)), 409, null);
			var firstOrder = stops.get(0).path("delivery_order_id").asString();
			var order = api().get("/api/v1/delivery-orders/" + firstOrder, manager).json();
			assertThat(order.path("status").asString()).isEqualTo("DELIVERED");
			assertThat(order.path("empties_collected").asInt()).isEqualTo(1);
			refused(api().post("/api/v1/delivery-orders/" + firstOrder + "/cancel", manager, Map.of("reason", "late")),
					409, null);

			var failed = api().post(base + "/stops/" + stops.get(1).path("id").asString() + "/fail", driverToken,
					Map.of("reason", "Nobody home"));
			assertThat(failed.json().path("status").asString()).isEqualTo("IN_PROGRESS");
			// the manager may act on the driver's route too
			var last = api().post(base + "/stops/" + stops.get(2).path("id").asString() + "/deliver", manager,
					Map.of("received_by", "Watchman", "cylinders_delivered", 2, "empties_collected", 2));
			assertThat(last.json().path("status").asString()).isEqualTo("COMPLETED");
			assertThat(api().get("/api/v1/delivery-orders/" + stops.get(1).path("delivery_order_id").asString(), manager)
				.json().path("failure_reason").asString()).isEqualTo("Nobody home");
			assertThat(count("SELECT count(*) FROM events WHERE type IN ('delivery_order.delivered', 'delivery_order.failed')"
					+ " AND payload->>'route_id' = '" + routeId + "'")).isEqualTo(3);
			assertThat(api().get("/api/v1/delivery-orders?driver_id=" + mine, manager).json().path("items").size())
				.isEqualTo(3);

			// the failed order is tried again another day: back to PENDING on no route, for the next plan
			var failedOrder = stops.get(1).path("delivery_order_id").asString();
			var tomorrow = Map.of("delivery_date", today().plusDays(1).toString());
			assertThat(api().post("/api/v1/delivery-orders/" + failedOrder + "/reschedule", driverToken, tomorrow).status())
				.isEqualTo(403);
			refused(api().post("/api/v1/delivery-orders/" + failedOrder + "/reschedule", manager,
					Map.of("delivery_date", today().minusDays(1).toString())), 400, "delivery_date");
			refused(api().post("/api/v1/delivery-orders/" + firstOrder + "/reschedule", manager, tomorrow), 409, null);
			var rescheduled = api().post("/api/v1/delivery-orders/" + failedOrder + "/reschedule", manager, tomorrow).json();
			assertThat(rescheduled.path("status").asString()).isEqualTo("PENDING");
			assertThat(rescheduled.path("route_id").isNull()).isTrue();
			assertThat(rescheduled.path("failure_reason").asString()).isEqualTo("Nobody home");
			var retry = plan(planBody(today().plusDays(1), List.of(fleet(vehicle(20), mine)), List.of(failedOrder)));
			assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
		}

		@Test
		void aDriversPositionGoesOutWithThePendingStopsRecomputedEtas() {
			var driverToken = api().tokenForNewUser("drv-pos-" + System.nanoTime(), List.of("DRIVER"), null);
			var otherToken = api().tokenForNewUser("drv-pos-other-" + System.nanoTime(), List.of("DRIVER"), null);
			var mine = driver("user_id", userIdOf(driverToken));
			driver("user_id", userIdOf(otherToken));
			var ids = orders(3, 1);
			var manager = api().token("MANAGER");
			var plan = plan(planBody(today(), List.of(fleet(vehicle(20), mine)), ids));
			assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
			var routeId = plan.json().at("/routes/0/id").asString();
			var base = "/api/v1/routes/" + routeId;
			var here = Map.of("latitude", DEPOT_LAT + 0.01, "longitude", DEPOT_LON);
			// not before the route is started
			assertThat(api().post(base + "/dispatch", manager, null).status()).isEqualTo(200);
			refused(api().post(base + "/position", driverToken, here), 409, null);
			assertThat(api().post(base + "/start", driverToken, null).status()).isEqualTo(200);
			var route = api().get(base, driverToken).json();
			var firstStop = route.at("/stops/0/id").asString();
			assertThat(api().post(base + "/stops/" + firstStop + "/deliver", driverToken, Map.of("received_by", "Asha",
					"cylinders_delivered", 1, "empties_collected", 1)).status()).isEqualTo(200);

			long events = count("SELECT count(*) FROM events WHERE type = 'route.position' AND aggregate_id = '" + routeId + "'");
			var posted = api().post(base + "/position", driverToken, Map.of("latitude", DEPOT_LAT + 0.01,
					"longitude", DEPOT_LON, "accuracy_m", 12.5));
			assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
			var etas = posted.json().path("etas");
			assertThat(etas.size()).isEqualTo(2);
			var first = OffsetDateTime.parse(etas.get(0).path("arrives_at").asString());
			var second = OffsetDateTime.parse(etas.get(1).path("arrives_at").asString());
			assertThat(second).isAfter(first.plusMinutes(5).minusSeconds(1));
			assertThat(posted.json().path("distances_estimated").asBoolean()).isTrue();
			var after = api().get(base, driverToken).json();
			assertThat(OffsetDateTime.parse(after.at("/stops/1/arrives_at").asString()).toInstant())
				.isEqualTo(first.toInstant());
			assertThat(after.at("/stops/0/arrives_at").asString()).isEqualTo(route.at("/stops/0/arrives_at").asString());
			assertThat(count("SELECT count(*) FROM events WHERE type = 'route.position' AND aggregate_id = '" + routeId
					+ "'")).isEqualTo(events + 1);

			// bad input: nothing written
			long before = count("SELECT count(*) FROM events");
			refused(api().post(base + "/position", driverToken, Map.of("latitude", 91, "longitude", 0)), 400, "latitude");
			refused(api().post(base + "/position", driverToken, Map.of("latitude", 0, "longitude", -181)), 400, "longitude");
			refused(api().post(base + "/position", driverToken, Map.of("latitude", "north", "longitude", 0)), 400, "latitude");
			refused(api().post(base + "/position", driverToken, Map.of("longitude", 0)), 400, "latitude");
			assertThat(api().post(base + "/position", otherToken, here).status()).isEqualTo(404);
			assertThat(api().post("/api/v1/routes/" + UUID.randomUUID() + "/position", driverToken, here).status())
				.isEqualTo(404);
			assertThat(api().post(base + "/position", api().token("CASHIER"), here).status()).isEqualTo(403);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(before);
		}
		@Test
		void routeEndpointsRefuseWrongRolesUnknownIdsAndBadInput() {
			var ids = orders(1, 1);
			var plan = plan(planBody(today().plusDays(8), List.of(fleet(vehicle(10), driver())), ids)).json();
			var planId = plan.path("id").asString();
			var routeId = plan.at("/routes/0/id").asString();
			var stopId = plan.at("/routes/0/stops/0/id").asString();
			var base = "/api/v1/routes/" + routeId;
			var manager = api().token("MANAGER");
			var cashier = api().token("CASHIER");
			long before = events();
			assertThat(api().get("/api/v1/route-plans/" + planId, manager).json().path("routes").size()).isEqualTo(1);
			assertThat(api().get("/api/v1/route-plans/" + planId, api().token("DRIVER")).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/route-plans/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			refused(api().get("/api/v1/route-plans/nope", manager), 400, "id");
			assertThat(api().get(base, cashier).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/routes/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			refused(api().get("/api/v1/routes?status=LOST", manager), 400, "status");
			refused(api().get("/api/v1/routes?date=soon", manager), 400, "date");
			assertThat(api().post(base + "/dispatch", cashier, null).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/routes/" + UUID.randomUUID() + "/dispatch", manager, null).status())
				.isEqualTo(404);
			assertThat(api().post(base + "/cancel", api().token("DRIVER"), Map.of()).status()).isEqualTo(403);
			refused(api().post(base + "/cancel", manager, Map.of("reason", "r".repeat(501))), 400, "reason");
			assertThat(api().post(base + "/start", cashier, null).status()).isEqualTo(403);
			refused(api().post(base + "/start", manager, null), 409, null);
			assertThat(api().post(base + "/stops/" + stopId + "/deliver", api().token("EMPLOYEE"),
					Map.of("received_by", "x", "cylinders_delivered", 1, "empties_collected", 1)).status()).isEqualTo(403);
			refused(api().post(base + "/stops/" + stopId + "/deliver", manager,
					Map.of("received_by", "x", "cylinders_delivered", "one", "empties_collected", 1)), 400,
					"cylinders_delivered");
			refused(api().post(base + "/stops/" + stopId + "/fail", manager, Map.of("reason", "x")), 409, null);
			assertThat(api().get("/api/v1/drivers/me/routes", manager).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/drivers/me/routes", api().token("DRIVER")).status()).isEqualTo(404);
			assertThat(events()).isEqualTo(before);
			assertThat(api().get(base, manager).json().path("status").asString()).isEqualTo("PLANNED");
		}

		@Test
		void stopsDeliveredAtOnceCompleteTheRouteExactlyOnce() throws Exception {
			var ids = orders(6, 1);
			var plan = plan(planBody(today().plusDays(9), List.of(fleet(vehicle(10), driver())), ids)).json();
			var routeId = plan.at("/routes/0/id").asString();
			var manager = api().token("MANAGER");
			assertThat(api().post("/api/v1/routes/" + routeId + "/dispatch", manager, null).status()).isEqualTo(200);
			assertThat(api().post("/api/v1/routes/" + routeId + "/start", manager, null).status()).isEqualTo(200);
			var go = new CountDownLatch(1);
			var answers = new ArrayList<Future<TestClient.Response>>();
			try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
				for (var stop : plan.at("/routes/0/stops")) {
					answers.add(pool.submit(() -> {
						go.await();
						return api().post("/api/v1/routes/" + routeId + "/stops/" + stop.path("id").asString() + "/deliver",
								manager, Map.of("received_by", "Door", "cylinders_delivered", 1, "empties_collected", 1));
					}));
				}
				go.countDown();
			}
			for (var answer : answers) {
				assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
			}
			assertThat(api().get("/api/v1/routes/" + routeId, manager).json().path("status").asString())
				.isEqualTo("COMPLETED");
			assertThat(count("SELECT count(*) FROM events WHERE type = 'delivery_order.delivered' AND payload->>'route_id' = '"
					+ routeId + "' AND (payload->>'route_completed')::boolean")).isEqualTo(1);
			assertThat(count("SELECT count(*) FROM delivery_orders WHERE status = 'DELIVERED' AND route_id = '" + routeId
					+ "'")).isEqualTo(6);
		}

		@Test
		void aManagerLimitedToAnotherLocationNeitherSeesNorMovesThisLocationsDeliveries() {
			var ids = orders(1, 1);
			var vehicle = vehicle(10);
			var driver = driver();
			var plan = plan(planBody(today().plusDays(11), List.of(fleet(vehicle, driver)), ids)).json();
			var routeId = plan.at("/routes/0/id").asString();
			var elsewhere = new Fixtures(api()).location("E" + (System.nanoTime() % 100000), "29");
			var limited = api().tokenForNewUser("mgr-elsewhere-" + System.nanoTime(), List.of("MANAGER"), List.of(elsewhere));
			long before = events();
			assertThat(api().get("/api/v1/routes/" + routeId, limited).status()).isEqualTo(404);
			assertThat(api().post("/api/v1/routes/" + routeId + "/dispatch", limited, null).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/delivery-orders/" + ids.getFirst(), limited).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/drivers/" + driver, limited).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/vehicles/" + vehicle, limited).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/route-plans/" + plan.path("id").asString(), limited).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/delivery-orders?location_id=" + location, limited).json().path("items").size())
				.isZero();
			assertThat(api().post("/api/v1/delivery-orders", limited, order(12.9, 77.6, 1), key()).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/routes/plan", limited, planBody(today().plusDays(11),
					List.of(fleet(vehicle, driver)), ids), key()).status()).isEqualTo(403);
			assertThat(events()).isEqualTo(before);
		}

		@Test
		void aCancelledRouteGivesItsOrdersBackForAnotherPlan() {
			var ids = orders(2, 1);
			var date = today().plusDays(6);
			var first = plan(planBody(date, List.of(fleet(vehicle(10), driver())), ids)).json();
			var routeId = first.at("/routes/0/id").asString();
			var manager = api().token("MANAGER");
			assertThat(api().post("/api/v1/routes/" + routeId + "/dispatch", manager, null).status()).isEqualTo(200);
			var cancelled = api().post("/api/v1/routes/" + routeId + "/cancel", manager, Map.of("reason", "Truck broke down"));
			assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
			refused(api().post("/api/v1/routes/" + routeId + "/dispatch", manager, null), 409, null);
			assertThat(api().get("/api/v1/delivery-orders/" + ids.getFirst(), manager).json().path("status").asString())
				.isEqualTo("PENDING");
			var second = plan(planBody(date, List.of(fleet(vehicle(10), driver())), ids));
			assertThat(second.status()).as(second.toString()).isEqualTo(201);
			assertThat(api().get("/api/v1/routes?location_id=" + location + "&date=" + date + "&status=PLANNED", manager)
				.json().path("items").size()).isEqualTo(1);
			assertThat(api().get("/api/v1/routes", api().token("DRIVER")).status()).isEqualTo(403);
		}
	}

	@Nested
	class LiveStream {

		/** The deliveries topic carries orders, plans and routes to a manager's screen as they happen. */
		@Test
		void aManagerFollowsOrdersAndPlansOnTheDeliveriesTopic() {
			var messages = new java.util.concurrent.CopyOnWriteArrayList<JsonNode>();
			var listener = new java.net.http.WebSocket.Listener() {

				private final StringBuilder partial = new StringBuilder();

				@Override
				public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data,
						boolean last) {
					partial.append(data);
					if (last) {
						messages.add(TestClient.JSON.readTree(partial.toString()));
						partial.setLength(0);
					}
					socket.request(1);
					return null;
				}
			};
			var socket = java.net.http.HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/ws?topics=deliveries&access_token="
						+ api().token("MANAGER")), listener)
				.join();
			try {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> messages.stream().anyMatch(m -> m.path("type").asString().equals("subscribed")));
				var ids = orders(2, 1);
				var plan = plan(planBody(today().plusDays(7), List.of(fleet(vehicle(10), driver())), ids));
				var planId = plan.json().path("id").asString();
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					var seen = messages.stream().map(m -> m.at("/event/type").asString() + " " + m.at("/event/aggregate_id").asString()).toList();
					return seen.contains("delivery_order.created " + ids.getFirst())
							&& seen.contains("route_plan.completed " + planId);
				});
				assertThat(messages.stream().map(m -> m.at("/event/type").asString()))
					.noneMatch(type -> type.startsWith("user.") || type.startsWith("location."));
			}
			finally {
				socket.abort();
			}
		}
	}
}

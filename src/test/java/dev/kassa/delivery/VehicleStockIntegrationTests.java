package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.Concurrently;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Vehicles as stock holders over real HTTP and PostgreSQL: loading a route moves its refills from the depot into the
 * vehicle, a delivered stop moves them to the customer and its empties into the vehicle, unloading brings the rest
 * back; the stock equation (depot + vehicles + customers = every cylinder the business owns) holds throughout.
 */
class VehicleStockIntegrationTests extends IntegrationTestSupport {

	private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

	private static int counter;

	private String refill;

	private String empty;

	private String type;

	@BeforeEach
	void setUp() {
		if (refill != null) {
			return;
		}
		List.of("MANAGER", "CASHIER", "DRIVER").forEach(role -> api().token(role));
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var today = LocalDate.now(ZONE);
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		api().post("/api/v1/organization/financial-years", api().adminToken(), Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()), key());
		long n = System.nanoTime();
		// 1000.00 plus 5 % GST: 1050.00 a refill
		refill = fixtures.product("VREFILL-" + n, "1000.00", Fixtures.GST_5, "track_stock", true,
				"allow_negative_stock", false);
		empty = fixtures.product("VEMPTY-" + n, "0.00", Fixtures.GST_5, "track_stock", true, "allow_negative_stock", false);
		var created = api().post("/api/v1/container-types", api().token("MANAGER"), Map.of("code", "VDOM-" + n % 100000,
				"name", "Domestic 14.2 kg", "deposit", "1450.00", "empty_product_id", empty), key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		type = created.json().path("id").asString();
		var added = api().post("/api/v1/container-types/" + type + "/refills", api().token("MANAGER"),
				Map.of("product_id", refill));
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static synchronized int next() {
		return ++counter;
	}

	/** A depot with its vehicles and their drivers, and the cylinders the business owns there. */
	final class Depot {

		final String location;

		final List<String> vehicles = new ArrayList<>();

		final List<String> drivers = new ArrayList<>();

		final List<String> driverTokens = new ArrayList<>();

		final List<String> customers = new ArrayList<>();

		/** Every cylinder bought for the depot, full or empty: what the equation must always add up to. */
		long owned;

		Depot(int vehicleCount) {
			var manager = api().token("MANAGER");
			location = new Fixtures(api()).location("V" + (System.nanoTime() % 100000), "29");
			assertThat(api().put("/api/v1/delivery/depots/" + location, manager,
					Map.of("latitude", 12.9716, "longitude", 77.5946)).status()).isEqualTo(200);
			for (int i = 0; i < vehicleCount; i++) {
				var vehicle = api().post("/api/v1/vehicles", manager, Map.of("registration_number",
						"KA-03-VS-" + next() + System.nanoTime() % 1000, "capacity_cylinders", 60, "location_id", location),
						key());
				assertThat(vehicle.status()).as(vehicle.toString()).isEqualTo(201);
				vehicles.add(vehicle.json().path("id").asString());
				var token = api().tokenForNewUser("vs-drv-" + System.nanoTime(), List.of("DRIVER"), null);
				driverTokens.add(token);
				drivers.add(driver(token));
			}
		}

		private String driver(String token) {
			int n = next();
			var user = TestClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
					StandardCharsets.UTF_8)).path("sub").asString();
			var created = api().post("/api/v1/drivers", api().token("MANAGER"), Map.of("name", "Driver " + n, "phone",
					"98452" + String.format("%05d", n), "licence_number", "KA03 2022 " + String.format("%07d", n)
							+ System.nanoTime() % 1000, "home_location_id", location, "user_id", user), key());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			return created.json().path("id").asString();
		}

		void receive(String product, int quantity) {
			var receipt = api().post("/api/v1/stock/receipts", api().adminToken(), Map.of("location_id", location,
					"lines", List.of(Map.of("product_id", product, "quantity", quantity))), key());
			assertThat(receipt.status()).as(receipt.toString()).isEqualTo(201);
			owned += quantity;
		}

		String customer() {
			int n = next();
			var created = api().post("/api/v1/customers", api().token("CASHIER"),
					Map.of("name", "Cylinder Customer " + n, "phone", "98870" + String.format("%05d", n)), key());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			var id = created.json().path("id").asString();
			customers.add(id);
			return id;
		}

		String order(String customer, int refills, int empties, String saleId) {
			var random = new Random(next());
			var body = new LinkedHashMap<String, Object>();
			body.put("location_id", location);
			body.put("customer_id", customer);
			body.put("recipient_name", "Customer " + next());
			body.put("recipient_phone", "+91 99100 " + String.format("%05d", next()));
			body.put("address", "7 Residency Road, Bengaluru");
			body.put("latitude", 12.9716 + (random.nextDouble() - 0.5) * 0.05);
			body.put("longitude", 77.5946 + (random.nextDouble() - 0.5) * 0.05);
			body.put("items", List.of(Map.of("product_id", refill, "quantity", refills, "empties_to_collect", empties)));
			body.put("sale_id", saleId);
			var created = api().post("/api/v1/delivery-orders", api().token("CASHIER"), body, key());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			return created.json().path("id").asString();
		}

		/** A route of the vehicle through the orders, planned and dispatched. */
		JsonNode route(int vehicle, List<String> orders) {
			var manager = api().token("MANAGER");
			var plan = api().post("/api/v1/routes/plan", manager, Map.of("location_id", location, "date",
					LocalDate.now(ZONE).toString(), "vehicles", List.of(Map.of("vehicle_id", vehicles.get(vehicle),
							"driver_id", drivers.get(vehicle))), "order_ids", orders), key());
			assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
			assertThat(plan.json().path("unassigned")).as(plan.toString()).isEmpty();
			var route = plan.json().at("/routes/0");
			var dispatched = api().post("/api/v1/routes/" + route.path("id").asString() + "/dispatch", manager, null);
			assertThat(dispatched.status()).as(dispatched.toString()).isEqualTo(200);
			return route;
		}

		/** A sale at the depot's till, paid in cash: takes its refills from the depot's stock. */
		String sale(String customer, int refills) {
			var sale = api().post("/api/v1/sales", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", customer, "lines", List.of(Map.of("product_id", refill, "quantity", refills)),
					"payments", List.of(Map.of("method", "CASH", "amount",
							new BigDecimal("1050.00").multiply(BigDecimal.valueOf(refills))))), key());
			assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
			return sale.json().path("id").asString();
		}

		/** Refills handed over at the till for a sale made: empties back, new connections for the rest. */
		void exchange(String customer, int refills, int empties, String saleId) {
			var exchanged = api().post("/api/v1/container-exchanges", api().token("CASHIER"), Map.of("location_id",
					location, "customer_id", customer, "product_id", refill, "refills", refills, "empties_returned",
					empties, "sale_id", saleId), key());
			assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(201);
		}

		long depot(String product) {
			return onHand(location, product);
		}

		long vehicle(int i, String kind) {
			var held = api().get("/api/v1/vehicles/" + vehicles.get(i) + "/stock", api().token("MANAGER"));
			assertThat(held.status()).as(held.toString()).isEqualTo(200);
			long sum = 0;
			for (var h : held.json()) {
				if (h.path("container_type_id").asString().equals(type) && h.path("kind").asString().equals(kind)) {
					sum += h.path("on_hand").decimalValue().longValueExact();
				}
			}
			return sum;
		}

		long customersHold() {
			long sum = 0;
			for (var customer : customers) {
				sum += held(customer);
			}
			return sum;
		}

		/** Depot + vehicles + customers, full and empty, is every cylinder the business owns. */
		void checkEquation(String after) {
			long vehiclesHold = 0;
			for (int i = 0; i < vehicles.size(); i++) {
				long full = vehicle(i, "REFILL");
				long empties = vehicle(i, "EMPTY");
				assertThat(full).as("full cylinders on vehicle %d after %s", i, after).isGreaterThanOrEqualTo(0);
				assertThat(empties).as("empties on vehicle %d after %s", i, after).isGreaterThanOrEqualTo(0);
				vehiclesHold += full + empties;
			}
			long depotHolds = depot(refill) + depot(empty);
			assertThat(depotHolds + vehiclesHold + customersHold())
				.as("depot %d + vehicles %d + customers %d after %s", depotHolds, vehiclesHold, customersHold(), after)
				.isEqualTo(owned);
			assertThat(count("SELECT count(*) FROM stock_levels l WHERE l.on_hand <> (SELECT coalesce(sum(m.quantity), 0)"
					+ " FROM stock_movements m WHERE m.location_id = l.location_id AND m.product_id = l.product_id)"))
				.as("every level is the sum of its movements after %s", after)
				.isZero();
		}
	}

	private long onHand(String holder, String product) {
		return jdbc.sql("SELECT coalesce(sum(on_hand), 0) FROM stock_levels WHERE location_id = :l::uuid AND product_id = :p::uuid")
			.param("l", holder)
			.param("p", product)
			.query(BigDecimal.class)
			.single()
			.longValueExact();
	}

	private int held(String customer) {
		var balances = api().get("/api/v1/customers/" + customer + "/containers", api().token("CASHIER")).json();
		for (var b : balances) {
			if (b.path("container_type_id").asString().equals(type)) {
				return b.path("held").asInt();
			}
		}
		return 0;
	}

	private static String stopOf(JsonNode route, String orderId) {
		for (var stop : route.path("stops")) {
			if (stop.path("delivery_order_id").asString().equals(orderId)) {
				return stop.path("id").asString();
			}
		}
		throw new AssertionError("no stop for " + orderId + " in " + route);
	}

	private TestClient.Response deliver(String token, String routeId, String stopId, int cylinders, int empties) {
		return api().post("/api/v1/routes/" + routeId + "/stops/" + stopId + "/deliver", token,
				Map.of("received_by", "Asha", "cylinders_delivered", cylinders, "empties_collected", empties));
	}

	private TestClient.Response fail(String token, String routeId, String stopId) {
		return api().post("/api/v1/routes/" + routeId + "/stops/" + stopId + "/fail", token,
				Map.of("reason", "nobody home"));
	}

	private static void ok(TestClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private static void refused(TestClient.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (code != null) {
			assertThat(response.json().path("code").asString()).as(response.toString()).isEqualTo(code);
		}
	}

	private long kindsOf(String document, String kind) {
		return count("SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE document_id = '" + document
				+ "' AND kind = '" + kind + "'");
	}

	@Test
	void theCylinderIsCountedWhereItIs() {
		var depot = new Depot(1);
		depot.receive(refill, 10);
		depot.receive(empty, 2);
		var newHousehold = depot.customer();
		var regular = depot.customer();
		var away = depot.customer();
		// the regular already holds two cylinders from the till: two new connections there
		var firstSale = depot.sale(regular, 2);
		depot.exchange(regular, 2, 0, firstSale);
		depot.checkEquation("the regular's first cylinders");

		var connection = depot.order(newHousehold, 2, 0, null);
		// sold before it is delivered: the sale takes the refill from the depot now, as any sale
		var sold = depot.sale(regular, 1);
		assertThat(depot.depot(refill)).isEqualTo(7);
		var swap = depot.order(regular, 1, 1, sold);
		var failing = depot.order(away, 1, 0, null);
		var route = depot.route(0, List.of(connection, swap, failing));
		var routeId = route.path("id").asString();
		var driver = depot.driverTokens.get(0);

		var loaded = api().post("/api/v1/routes/" + routeId + "/load", driver, null);
		ok(loaded);
		// four cylinders on board; the sold one counted once: back in the depot at loading, then out onto the vehicle
		assertThat(loaded.json().at("/on_board/0/quantity").asInt()).isEqualTo(4);
		assertThat(depot.vehicle(0, "REFILL")).isEqualTo(4);
		assertThat(depot.depot(refill)).isEqualTo(4);
		assertThat(kindsOf(sold, "SALE_DEFERRED")).isEqualTo(1);
		assertThat(kindsOf(routeId, "TRANSFER_OUT")).isEqualTo(-4);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'route.loaded' AND aggregate_id = '" + routeId + "'"))
			.isEqualTo(1);
		depot.checkEquation("loading");

		ok(api().post("/api/v1/routes/" + routeId + "/start", driver, null));
		ok(deliver(driver, routeId, stopOf(route, connection), 2, 0));
		assertThat(depot.vehicle(0, "REFILL")).isEqualTo(2);
		assertThat(held(newHousehold)).isEqualTo(2);
		assertThat(kindsOf(connection, "DELIVERED")).isEqualTo(-2);
		depot.checkEquation("a new connection delivered");

		ok(deliver(driver, routeId, stopOf(route, swap), 1, 1));
		assertThat(depot.vehicle(0, "REFILL")).isEqualTo(1);
		assertThat(depot.vehicle(0, "EMPTY")).isEqualTo(1);
		assertThat(held(regular)).isEqualTo(2);
		// the sale took the refill from the depot once: the vehicle gave it, the depot did not again
		assertThat(depot.depot(refill)).isEqualTo(4);
		depot.checkEquation("a sold swap delivered");

		var failed = fail(driver, routeId, stopOf(route, failing));
		ok(failed);
		assertThat(failed.json().path("status").asString()).isEqualTo("COMPLETED");
		assertThat(depot.vehicle(0, "REFILL")).isEqualTo(1);
		depot.checkEquation("a failed stop");

		var unloaded = api().post("/api/v1/routes/" + routeId + "/unload", driver, null);
		ok(unloaded);
		assertThat(unloaded.json().path("unloaded_at").isNull()).isFalse();
		assertThat(depot.vehicle(0, "REFILL")).isZero();
		assertThat(depot.vehicle(0, "EMPTY")).isZero();
		assertThat(depot.depot(refill)).isEqualTo(5);
		assertThat(depot.depot(empty)).isEqualTo(3);
		depot.checkEquation("unloading");
		var read = api().get("/api/v1/routes/" + routeId + "/load", api().token("MANAGER"));
		ok(read);
		assertThat(read.json().path("lines")).hasSize(3);
		assertThat(read.json().path("on_board")).isEmpty();
	}

	@Test
	void aRouteNeverLoadedKeepsTakingFromTheDepotAtTheSale() {
		var depot = new Depot(1);
		depot.receive(refill, 3);
		var customer = depot.customer();
		var sold = depot.sale(customer, 1);
		var order = depot.order(customer, 1, 0, sold);
		var route = depot.route(0, List.of(order));
		var routeId = route.path("id").asString();
		long movements = count("SELECT count(*) FROM stock_movements");
		ok(api().post("/api/v1/routes/" + routeId + "/start", api().token("MANAGER"), null));
		ok(deliver(api().token("MANAGER"), routeId, stopOf(route, order), 1, 0));
		assertThat(count("SELECT count(*) FROM stock_movements")).isEqualTo(movements);
		assertThat(depot.depot(refill)).isEqualTo(2);
		refused(api().post("/api/v1/routes/" + routeId + "/unload", api().token("MANAGER"), null), 409, "not_loaded");
	}

	@Test
	void aFailedSoldOrderDeliveredLaterWithoutALoadIsTakenFromTheDepotOnce() {
		var depot = new Depot(1);
		depot.receive(refill, 3);
		var customer = depot.customer();
		var sold = depot.sale(customer, 1);
		var order = depot.order(customer, 1, 0, sold);
		var route = depot.route(0, List.of(order));
		var routeId = route.path("id").asString();
		var manager = api().token("MANAGER");
		ok(api().post("/api/v1/routes/" + routeId + "/load", manager, null));
		ok(api().post("/api/v1/routes/" + routeId + "/start", manager, null));
		ok(fail(manager, routeId, stopOf(route, order)));
		ok(api().post("/api/v1/routes/" + routeId + "/unload", manager, null));
		// the sale's take was put back at loading; the cylinder is in the depot again
		assertThat(depot.depot(refill)).isEqualTo(3);
		depot.checkEquation("the failed sold order back in the depot");
		ok(api().post("/api/v1/delivery-orders/" + order + "/reschedule", manager,
				Map.of("delivery_date", LocalDate.now(ZONE).toString())));
		var second = depot.route(0, List.of(order));
		var secondId = second.path("id").asString();
		ok(api().post("/api/v1/routes/" + secondId + "/start", manager, null));
		ok(deliver(manager, secondId, stopOf(second, order), 1, 0));
		assertThat(depot.depot(refill)).isEqualTo(2);
		assertThat(held(customer)).isZero();
		assertThat(kindsOf(order, "DELIVERED")).isEqualTo(-1);
	}

	@Test
	void badLoadsAndUnloadsAreRefusedAndMoveNothing() throws Exception {
		var depot = new Depot(2);
		depot.receive(refill, 3);
		var customer = depot.customer();
		var big = depot.order(customer, 2, 0, null);
		var other = depot.order(customer, 2, 0, null);
		var manager = api().token("MANAGER");
		var first = depot.route(0, List.of(big));
		var second = depot.route(1, List.of(other));
		var firstId = first.path("id").asString();
		var secondId = second.path("id").asString();

		// the wrong role, another driver, an unknown route
		refused(api().post("/api/v1/routes/" + firstId + "/load", api().token("CASHIER"), null), 403, null);
		refused(api().post("/api/v1/routes/" + firstId + "/load", depot.driverTokens.get(1), null), 404, null);
		refused(api().post("/api/v1/routes/" + UUID.randomUUID() + "/load", manager, null), 404, null);
		refused(api().post("/api/v1/routes/nope/load", manager, null), 400, null);
		refused(api().get("/api/v1/vehicles/" + UUID.randomUUID() + "/stock", manager), 404, null);
		refused(api().get("/api/v1/vehicles/" + depot.vehicles.get(0) + "/stock", api().token("CASHIER")), 403, null);
		refused(api().get("/api/v1/routes/" + firstId + "/load", manager), 409, "not_loaded");

		// two routes of four cylinders race for three in the depot: one loads, the other is refused whole
		long movements = count("SELECT count(*) FROM stock_movements");
		var raced = Concurrently.concurrently(2, i -> api().post("/api/v1/routes/" + (i == 0 ? firstId : secondId)
				+ "/load", depot.driverTokens.get(i), null));
		assertThat(raced.stream().map(TestClient.Response::status)).containsExactlyInAnyOrder(200, 409);
		var loser = raced.get(0).status() == 409 ? raced.get(0) : raced.get(1);
		var winnerId = raced.get(0).status() == 200 ? firstId : secondId;
		var loserId = winnerId.equals(firstId) ? secondId : firstId;
		refused(loser, 409, "insufficient_stock");
		assertThat(count("SELECT count(*) FROM stock_movements")).isEqualTo(movements + 2);
		assertThat(count("SELECT count(*) FROM route_loads WHERE route_id = '" + loserId + "'")).isZero();
		assertThat(depot.depot(refill)).isEqualTo(1);
		depot.checkEquation("a load refused");

		refused(api().post("/api/v1/routes/" + winnerId + "/load", manager, null), 409, "already_loaded");
		var winner = winnerId.equals(firstId) ? first : second;
		var winnerOrder = winnerId.equals(firstId) ? big : other;
		// the exchange of a loaded order is its stop's, not the till's
		refused(api().post("/api/v1/container-exchanges", api().token("CASHIER"), Map.of("location_id", depot.location,
				"customer_id", customer, "product_id", refill, "refills", 2, "empties_returned", 0, "delivery_order_id",
				winnerOrder), key()), 409, "recorded_at_delivery");
		ok(api().post("/api/v1/routes/" + winnerId + "/start", manager, null));
		// more empties than refills at a stop of a loaded vehicle is a return, not a swap
		long before = count("SELECT count(*) FROM stock_movements") + count("SELECT count(*) FROM container_movements");
		refused(deliver(manager, winnerId, stopOf(winner, winnerOrder), 1, 2), 422, "too_many_empties");
		assertThat(count("SELECT count(*) FROM stock_movements") + count("SELECT count(*) FROM container_movements"))
			.isEqualTo(before);

		// closed early at the depot: the pending stop cannot be delivered from the empty vehicle
		ok(api().post("/api/v1/routes/" + winnerId + "/unload", manager, null));
		depot.checkEquation("an early unload");
		refused(api().post("/api/v1/routes/" + winnerId + "/unload", manager, null), 409, "already_unloaded");
		refused(deliver(manager, winnerId, stopOf(winner, winnerOrder), 2, 0), 409, "vehicle_unloaded");
		ok(fail(manager, winnerId, stopOf(winner, winnerOrder)));
		assertThat(depot.depot(refill)).isEqualTo(3);

		// a route that is not dispatched yet, or started, is not loaded
		refused(api().post("/api/v1/routes/" + winnerId + "/load", manager, null), 409, "route_not_dispatched");
		depot.checkEquation("the refused requests");
	}

	@Test
	void cancellingALoadedRouteUnloadsIt() {
		var depot = new Depot(1);
		depot.receive(refill, 2);
		var order = depot.order(depot.customer(), 2, 0, null);
		var route = depot.route(0, List.of(order));
		var routeId = route.path("id").asString();
		var manager = api().token("MANAGER");
		ok(api().post("/api/v1/routes/" + routeId + "/load", manager, null));
		assertThat(depot.depot(refill)).isZero();
		var cancelled = api().post("/api/v1/routes/" + routeId + "/cancel", manager, Map.of("reason", "van broke down"));
		ok(cancelled);
		assertThat(depot.depot(refill)).isEqualTo(2);
		assertThat(depot.vehicle(0, "REFILL")).isZero();
		depot.checkEquation("a cancelled loaded route");
	}

	/**
	 * A distributor's day, drawn from a seeded Random: till sales with swaps and new connections, orders, routes
	 * loaded, delivered, failed and closed, cylinders returned for their deposit, some of it at once. The equation is
	 * checked after every step.
	 */
	@Test
	void theStockEquationHoldsAfterARandomDay() throws Exception {
		var random = new Random(20261207);
		var depot = new Depot(3);
		depot.receive(refill, 40);
		depot.receive(empty, 5);
		for (int i = 0; i < 8; i++) {
			depot.customer();
		}
		depot.checkEquation("the morning");
		var manager = api().token("MANAGER");
		record Trip(String routeId, JsonNode route, int vehicle, List<String> orders, List<String> pending,
				boolean[] started) {
		}
		var trips = new ArrayList<Trip>();
		var busy = new boolean[3];
		// empties promised on orders not done yet: a customer cannot hand those back at the till as well
		var promised = new java.util.HashMap<String, Integer>();
		var emptiesOf = new java.util.HashMap<String, Integer>();
		var customerOf = new java.util.HashMap<String, String>();
		for (int step = 0; step < 40; step++) {
			int action = random.nextInt(7);
			var customer = depot.customers.get(random.nextInt(depot.customers.size()));
			int holds = held(customer) - promised.getOrDefault(customer, 0);
			String what;
			switch (action) {
				case 0 -> {
					// at the till: a swap when the customer has an empty to hand back, else a new connection
					int refills = 1 + random.nextInt(2);
					int empties = Math.min(holds, random.nextInt(refills + 1));
					if (depot.depot(refill) < refills) {
						continue;
					}
					depot.exchange(customer, refills, empties, depot.sale(customer, refills));
					what = "a till sale of " + refills + " with " + empties + " empties";
				}
				case 1 -> {
					if (holds == 0) {
						continue;
					}
					var back = api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id",
							depot.location, "customer_id", customer, "container_type_id", type, "quantity", 1), key());
					assertThat(back.status()).as(back.toString()).isEqualTo(201);
					what = "a return";
				}
				case 2, 3 -> {
					int vehicle = random.nextInt(3);
					if (busy[vehicle]) {
						continue;
					}
					// orders of customers with their empties, or new connections; some sold beforehand
					var orders = new ArrayList<String>();
					int stops = 1 + random.nextInt(3);
					var seen = new java.util.HashSet<String>();
					for (int s = 0; s < stops; s++) {
						var c = depot.customers.get(random.nextInt(depot.customers.size()));
						if (!seen.add(c)) {
							continue;
						}
						int refills = 1 + random.nextInt(2);
						int empties = Math.min(held(c) - promised.getOrDefault(c, 0), random.nextInt(refills + 1));
						String sale = random.nextBoolean() && depot.depot(refill) >= refills ? depot.sale(c, refills)
								: null;
						var id = depot.order(c, refills, empties, sale);
						orders.add(id);
						promised.merge(c, empties, Integer::sum);
						emptiesOf.put(id, empties);
						customerOf.put(id, c);
					}
					var route = depot.route(vehicle, orders);
					var loaded = api().post("/api/v1/routes/" + route.path("id").asString() + "/load",
							depot.driverTokens.get(vehicle), null);
					if (loaded.status() == 409) {
						refused(loaded, 409, "insufficient_stock");
						ok(api().post("/api/v1/routes/" + route.path("id").asString() + "/cancel", manager,
								Map.of("reason", "not enough cylinders")));
						for (var o : orders) {
							ok(api().post("/api/v1/delivery-orders/" + o + "/cancel", manager,
									Map.of("reason", "not enough cylinders")));
							promised.merge(customerOf.get(o), -emptiesOf.get(o), Integer::sum);
						}
						what = "a load refused";
					}
					else {
						ok(loaded);
						busy[vehicle] = true;
						trips.add(new Trip(route.path("id").asString(), route, vehicle, orders, new ArrayList<>(orders),
								new boolean[1]));
						what = "a route loaded";
					}
				}
				default -> {
					// the stops of every trip out, a few at once: delivered (swaps as the order says) or failed
					var live = trips.stream().filter(t -> !t.pending().isEmpty()).toList();
					if (live.isEmpty()) {
						continue;
					}
					var calls = new ArrayList<java.util.function.Supplier<TestClient.Response>>();
					for (var trip : live) {
						if (!trip.started()[0]) {
							ok(api().post("/api/v1/routes/" + trip.routeId() + "/start", depot.driverTokens.get(trip.vehicle()),
									null));
							trip.started()[0] = true;
						}
						var orderId = trip.pending().remove(0);
						var order = api().get("/api/v1/delivery-orders/" + orderId, manager).json();
						int refills = order.at("/items/0/quantity").asInt();
						int empties = order.at("/items/0/empties_to_collect").asInt();
						var token = depot.driverTokens.get(trip.vehicle());
						var stop = stopOf(trip.route(), orderId);
						boolean fails = random.nextInt(4) == 0;
						promised.merge(customerOf.get(orderId), -emptiesOf.get(orderId), Integer::sum);
						calls.add(() -> fails ? fail(token, trip.routeId(), stop)
								: deliver(token, trip.routeId(), stop, refills, empties));
					}
					Concurrently.concurrently(calls.size(), i -> calls.get(i).get()).forEach(VehicleStockIntegrationTests::ok);
					what = calls.size() + " stops at once";
					for (var trip : live) {
						if (trip.pending().isEmpty()) {
							ok(api().post("/api/v1/routes/" + trip.routeId() + "/unload", depot.driverTokens.get(trip.vehicle()),
									null));
							busy[trip.vehicle()] = false;
						}
					}
				}
			}
			depot.checkEquation("step " + step + ": " + what);
		}
		for (var trip : trips) {
			var manager2 = api().token("MANAGER");
			if (!trip.pending().isEmpty()) {
				if (!trip.started()[0]) {
					ok(api().post("/api/v1/routes/" + trip.routeId() + "/start", manager2, null));
				}
				for (var orderId : trip.pending()) {
					ok(fail(manager2, trip.routeId(), stopOf(trip.route(), orderId)));
				}
				ok(api().post("/api/v1/routes/" + trip.routeId() + "/unload", manager2, null));
			}
		}
		depot.checkEquation("the evening");
		for (int i = 0; i < 3; i++) {
			assertThat(depot.vehicle(i, "REFILL") + depot.vehicle(i, "EMPTY")).as("vehicle %d at night", i).isZero();
		}
		assertThat(trips).as("routes loaded during the day").hasSizeGreaterThan(3);
	}
}

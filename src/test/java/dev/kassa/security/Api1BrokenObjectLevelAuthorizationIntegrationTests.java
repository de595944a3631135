package dev.kassa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.key;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;

/**
 * OWASP API1:2023 Broken Object Level Authorization: a MANAGER and a CASHIER limited to shop A take the ids of
 * shop B's sale, order, estimate, terminal, till session and stock rows and call every route that takes them:
 * reads, documents, voids, returns, sends, status changes, conversions, cash movements. Every one is refused (403
 * or 404) and nothing of shop B changes.
 * <p>
 * Proved elsewhere: live streams filter every event by location, live and replayed
 * ({@code events.StreamAccessIntegrationTests}); lists keep to the caller's locations (the location tests in each
 * module, e.g. {@code sales.OrderIntegrationTests}).
 */
class Api1BrokenObjectLevelAuthorizationIntegrationTests extends IntegrationTestSupport {

	@Test
	void anotherShopsObjectsCannotBeReadOrChangedByTheirIds() {
		var a = Shop.open(api(), "OA" + (System.nanoTime() % 10000), new BigDecimal("50"));
		var b = Shop.open(api(), "OB" + (System.nanoTime() % 10000), new BigDecimal("50"));
		var admin = api().adminToken();
		var manager = api().tokenForNewUser("api1-mgr-" + System.nanoTime(), List.of("MANAGER"), List.of(a.location()));
		var cashier = api().tokenForNewUser("api1-cash-" + System.nanoTime(), List.of("CASHIER"), List.of(a.location()));

		var sale = ok(api().post("/api/v1/sales", admin, b.sale(1), key()));
		var saleId = sale.json().path("id").asString();
		var saleNumber = sale.json().path("number").asString();
		var lines = Map.of("location_id", b.location(), "lines", List.of(Map.of("product_id", b.tea(), "quantity", 1)));
		var orderId = ok(api().post("/api/v1/orders", admin, lines, key())).json().path("id").asString();
		var estimateId = ok(api().post("/api/v1/estimates", admin, lines, key())).json().path("id").asString();
		var terminalId = ok(api().post("/api/v1/terminals", admin, Map.of("location_id", b.location(), "code",
				"T" + (System.nanoTime() % 1000), "name", "B's till", "paper_width", 80), key())).json().path("id").asString();
		var sessionId = ok(api().post("/api/v1/till-sessions", admin, Map.of("terminal_id", terminalId,
				"opening_float", 100), key())).json().path("id").asString();
		long eventsBefore = count("SELECT count(*) FROM events");

		var calls = List.of(
				new Call("GET", "/api/v1/sales/" + saleId, null),
				new Call("GET", "/api/v1/sales/by-number?number=" + java.net.URLEncoder.encode(saleNumber,
						java.nio.charset.StandardCharsets.UTF_8), null),
				new Call("GET", "/api/v1/sales/" + saleId + "/receipt.pdf", null),
				new Call("GET", "/api/v1/sales/" + saleId + "/invoice.pdf", null),
				new Call("POST", "/api/v1/sales/" + saleId + "/void", Map.of("reason", "mine now")),
				new Call("POST", "/api/v1/sales/" + saleId + "/returns", Map.of("lines", List.of(Map.of("sale_line_id",
						sale.json().path("lines").get(0).path("id").asString(), "quantity", 1, "restock", true)), "reason", "x",
						"refunds", List.of(Map.of("method", "CASH", "amount", 21)))),
				new Call("POST", "/api/v1/sales/" + saleId + "/send", Map.of("channel", "EMAIL", "to", "a@b.example")),
				new Call("GET", "/api/v1/orders/" + orderId, null),
				new Call("PUT", "/api/v1/orders/" + orderId + "/status", Map.of("status", "CANCELLED", "reason", "x")),
				new Call("GET", "/api/v1/estimates/" + estimateId, null),
				new Call("GET", "/api/v1/estimates/" + estimateId + "/quotation.pdf", null),
				new Call("POST", "/api/v1/estimates/" + estimateId + "/cancel", null),
				new Call("POST", "/api/v1/estimates/" + estimateId + "/convert", null),
				new Call("GET", "/api/v1/terminals/" + terminalId, null),
				new Call("PUT", "/api/v1/terminals/" + terminalId, Map.of("name", "stolen", "paper_width", 58)),
				new Call("POST", "/api/v1/terminals/" + terminalId + "/deactivate", null),
				new Call("POST", "/api/v1/terminals/" + terminalId + "/number-blocks", Map.of("size", 10)),
				new Call("GET", "/api/v1/terminals/" + terminalId + "/z-reports", null),
				new Call("GET", "/api/v1/till-sessions/" + sessionId, null),
				new Call("GET", "/api/v1/till-sessions/" + sessionId + "/x-report", null),
				new Call("POST", "/api/v1/till-sessions/" + sessionId + "/paid-out", Map.of("amount", 50, "reason", "x")),
				new Call("POST", "/api/v1/till-sessions/" + sessionId + "/no-sale", Map.of("reason", "x")),
				new Call("POST", "/api/v1/till-sessions/" + sessionId + "/close", Map.of("counted", List.of(Map.of("method", "CASH", "amount", 100)))),
				new Call("POST", "/api/v1/till-sessions", Map.of("terminal_id", terminalId, "opening_float", 5)),
				new Call("GET", "/api/v1/stock/" + b.location() + "/" + b.tea(), null),
				new Call("GET", "/api/v1/stock/" + b.location() + "/" + b.tea() + "/movements", null),
				new Call("GET", "/api/v1/stock?location_id=" + b.location(), null),
				new Call("PUT", "/api/v1/stock/" + b.location() + "/" + b.tea() + "/threshold", Map.of("low_stock_threshold", 1)),
				new Call("POST", "/api/v1/stock/adjustments", Map.of("location_id", b.location(), "product_id", b.tea(),
						"quantity_change", -10, "reason", "x")),
				new Call("POST", "/api/v1/stock/transfers", Map.of("from_location_id", b.location(), "to_location_id",
						a.location(), "lines", List.of(Map.of("product_id", b.tea(), "quantity", 10)))),
				new Call("POST", "/api/v1/sales", b.sale(1)),
				new Call("POST", "/api/v1/orders", lines),
				new Call("POST", "/api/v1/estimates", lines),
				new Call("GET", "/api/v1/sales?location_id=" + b.location(), null),
				new Call("GET", "/api/v1/orders?location_id=" + b.location(), null),
				new Call("GET", "/api/v1/reports/daily?location_id=" + b.location(), null));
		assertThat(notRefused(calls, Map.of("MANAGER of A", manager, "CASHIER of A", cashier))).isEmpty();
		assertThat(api().get("/api/v1/sales/" + saleId, admin).json().path("status").asString()).isEqualTo("COMPLETED");
		assertThat(api().get("/api/v1/orders/" + orderId, admin).json().path("status").asString()).isEqualTo("PENDING");
		assertThat(api().get("/api/v1/estimates/" + estimateId, admin).json().path("status").asString())
			.isEqualTo("PENDING");
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
	}

	/**
	 * The delivery side: shop B's delivery order, vehicle, depot and a route dispatched to B's driver, called by a
	 * MANAGER and a CASHIER of shop A and by another driver (a user of shop A, with a driver's profile of their own).
	 * Customers are the organization's, not a location's (every shop serves them), so they are not in the list.
	 */
	@Test
	void anotherShopsDeliveriesAndAnotherDriversRouteCannotBeReachedByTheirIds() {
		var fixtures = new dev.kassa.support.Fixtures(api());
		fixtures.organization();
		var a = Shop.open(api(), "DA" + (System.nanoTime() % 10000), new BigDecimal("50"));
		var b = Shop.open(api(), "DB" + (System.nanoTime() % 10000), new BigDecimal("50"));
		var admin = api().adminToken();
		var manager = api().tokenForNewUser("api1-dmgr-" + System.nanoTime(), List.of("MANAGER"), List.of(a.location()));
		var cashier = api().tokenForNewUser("api1-dcash-" + System.nanoTime(), List.of("CASHIER"), List.of(a.location()));
		var driverToken = api().tokenForNewUser("api1-drv-" + System.nanoTime(), List.of("DRIVER"), null);
		var otherDriver = api().tokenForNewUser("api1-odrv-" + System.nanoTime(), List.of("DRIVER"), List.of(a.location()));
		var driver = driver(admin, b.location(), driverToken);
		driver(admin, a.location(), otherDriver);
		ok(api().put("/api/v1/delivery/depots/" + b.location(), admin, Map.of("latitude", 12.9716, "longitude", 77.5946)));
		var vehicle = ok(api().post("/api/v1/vehicles", admin, Map.of("registration_number", "KA-01-AP-" + System.nanoTime() % 10000,
				"capacity_cylinders", 20, "location_id", b.location()), key())).json().path("id").asString();
		var order = ok(api().post("/api/v1/delivery-orders", admin, Map.of("location_id", b.location(), "recipient_name",
				"Asha", "recipient_phone", "+91 99000 12345", "address", "12 MG Road, Bengaluru", "latitude", 12.97,
				"longitude", 77.59, "items", List.of(Map.of("product_id", b.tea(), "quantity", 1))), key())).json()
			.path("id").asString();
		var plan = ok(api().post("/api/v1/routes/plan", admin, Map.of("location_id", b.location(), "date",
				java.time.LocalDate.now(java.time.ZoneId.of("Asia/Kolkata")).toString(), "vehicles",
				List.of(Map.of("vehicle_id", vehicle, "driver_id", driver)), "order_ids", List.of(order)), key())).json();
		var route = plan.at("/routes/0/id").asString();
		var stop = plan.at("/routes/0/stops/0/id").asString();
		ok(api().post("/api/v1/routes/" + route + "/dispatch", admin, null));
		long eventsBefore = count("SELECT count(*) FROM events");

		var stopPath = "/api/v1/routes/" + route + "/stops/" + stop;
		var calls = List.of(
				new Call("GET", "/api/v1/delivery-orders/" + order, null),
				new Call("POST", "/api/v1/delivery-orders/" + order + "/cancel", Map.of("reason", "mine now")),
				new Call("POST", "/api/v1/delivery-orders/" + order + "/reschedule", Map.of("delivery_date",
						java.time.LocalDate.now().plusDays(2).toString())),
				new Call("GET", "/api/v1/delivery-orders?location_id=" + b.location(), null),
				new Call("GET", "/api/v1/routes/" + route, null),
				new Call("GET", "/api/v1/routes?location_id=" + b.location(), null),
				new Call("POST", "/api/v1/routes/" + route + "/start", null),
				new Call("POST", "/api/v1/routes/" + route + "/cancel", Map.of("reason", "x")),
				new Call("POST", "/api/v1/routes/" + route + "/position", Map.of("latitude", 12.9, "longitude", 77.5)),
				new Call("GET", "/api/v1/routes/" + route + "/load", null),
				new Call("POST", stopPath + "/deliver", Map.of("received_by", "me", "cylinders_delivered", 1,
						"empties_collected", 0)),
				new Call("POST", stopPath + "/fail", Map.of("reason", "NOT_HOME")),
				new Call("POST", stopPath + "/proof-code", null),
				new Call("GET", stopPath + "/proof", null),
				new Call("GET", "/api/v1/vehicles/" + vehicle, null),
				new Call("PUT", "/api/v1/vehicles/" + vehicle, Map.of("registration_number", "KA-99-ZZ-9999",
						"capacity_cylinders", 1, "location_id", a.location())),
				new Call("POST", "/api/v1/vehicles/" + vehicle + "/deactivate", null),
				new Call("GET", "/api/v1/vehicles/" + vehicle + "/stock", null),
				new Call("PUT", "/api/v1/delivery/depots/" + b.location(), Map.of("latitude", 1, "longitude", 1)),
				new Call("GET", "/api/v1/delivery/proof-settings/" + b.location(), null),
				new Call("POST", "/api/v1/delivery-orders", Map.of("location_id", b.location(), "recipient_name", "X",
						"recipient_phone", "+91 99000 54321", "address", "1 Road", "latitude", 12.9, "longitude", 77.5,
						"items", List.of(Map.of("product_id", b.tea(), "quantity", 1)))));
		assertThat(notRefused(calls, Map.of("MANAGER of A", manager, "CASHIER of A", cashier, "another DRIVER",
				otherDriver))).isEmpty();
		assertThat(api().get("/api/v1/routes/" + route, admin).json().path("status").asString()).isEqualTo("DISPATCHED");
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
	}

	/** One call of another shop's object: its method, path and body. */
	record Call(String method, String path, Object body) {
	}

	/**
	 * Each call by each token, and what was not refused: 403, a 404 of the object (not of the route), a 400
	 * naming something this user may not use, or an empty page of a list filtered to the other shop.
	 */
	private List<String> notRefused(List<Call> calls, Map<String, String> tokens) {
		var failures = new ArrayList<String>();
		for (var token : tokens.entrySet()) {
			for (var call : calls) {
				var response = api().send(call.method(), call.path(), token.getValue(), call.body(),
						Map.of("Idempotency-Key", UUID.randomUUID().toString()));
				boolean emptyList = response.status() == 200 && call.path().contains("?location_id=")
						&& response.json().path("items").isArray() && response.json().path("items").isEmpty();
				boolean refused = response.status() == 403
						|| response.status() == 404 && !"no_such_route".equals(response.json().path("code").asString())
						|| response.status() == 400 && response.json().path("detail").asString().contains("you may use");
				if (!refused && !emptyList) {
					failures.add(token.getKey() + " " + call.method() + " " + call.path() + " -> " + response.status()
							+ " " + response.body().substring(0, Math.min(200, response.body().length())));
				}
			}
		}
		return failures;
	}

	/** A driver's profile at the location for the user of the token. */
	private String driver(String admin, String location, String token) {
		var payload = token.split("\\.")[1];
		var user = dev.kassa.support.TestClient.JSON.readTree(new String(java.util.Base64.getUrlDecoder().decode(payload),
				java.nio.charset.StandardCharsets.UTF_8)).path("sub").asString();
		long n = System.nanoTime() % 100000;
		return ok(api().post("/api/v1/drivers", admin, Map.of("name", "Driver " + n, "phone", "98451" + String.format("%05d", n),
				"licence_number", "KA02 2021 " + String.format("%07d", n), "home_location_id", location, "user_id", user),
				key())).json().path("id").asString();
	}

	private static TestClient.Response ok(TestClient.Response response) {
		assertThat(response.status()).as(response.toString()).isBetween(200, 201);
		return response;
	}
}

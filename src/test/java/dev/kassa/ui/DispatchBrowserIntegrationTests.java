package dev.kassa.ui;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The dispatch board in headless Chromium against a real Kassa: a manager opens a day of twelve delivery orders,
 * plans the routes (a background job at this size, left and come back to), and the board shows every order on
 * exactly one route with the stops in the order the API answers, on a plot with a table for screen readers; a
 * route is dispatched, a stop failed through the API shows failed without a reload, and the order is rescheduled
 * to tomorrow, each checked through the API. A day in the wrong format and a plan without vehicles get a clear
 * message; a cashier at the address is refused; axe-core finds nothing serious.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = { "kassa.delivery.inline-stops=8", "kassa.delivery.iterations=200" })
class DispatchBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private static final double DEPOT_LAT = 12.9716;

	private static final double DEPOT_LON = 77.5946;

	private static final int ORDERS = 12;

	private final String suffix = UUID.randomUUID().toString().substring(0, 6);

	private final String managerName = "dispatch-manager-" + suffix;

	private final String cashierName = "dispatch-cashier-" + suffix;

	private Browser browser;

	private String location;

	private String emptyLocation;

	private String manager;

	private final List<String> orders = new ArrayList<>();

	private LocalDate today;

	@BeforeAll
	void start() {
		var fixtures = new Fixtures(api());
		fixtures.organization();
		today = LocalDate.now(KOLKATA);
		location = fixtures.location("DS" + suffix.substring(0, 4).replaceAll("[^A-Za-z0-9]", "0"), "29");
		emptyLocation = fixtures.location("DX" + suffix.substring(0, 4).replaceAll("[^A-Za-z0-9]", "0"), "29");
		var cylinder = fixtures.product("LPG14-" + suffix, "950.00", Fixtures.GST_5);
		manager = api().tokenForNewUser(managerName, List.of("MANAGER"), null);
		api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		for (var where : List.of(location, emptyLocation)) {
			ok(api().put("/api/v1/delivery/depots/" + where, manager, Map.of("latitude", DEPOT_LAT, "longitude", DEPOT_LON)));
		}
		for (int i = 1; i <= 2; i++) {
			ok(api().post("/api/v1/vehicles", manager, Map.of("registration_number", "KA-01-DS-" + i + suffix.substring(0, 3),
					"capacity_cylinders", 8, "location_id", location), key()));
			ok(api().post("/api/v1/drivers", manager, Map.of("name", "Driver " + i, "phone", "98450" + (10000 + i),
					"licence_number", "KA01DS" + i + suffix, "home_location_id", location), key()));
		}
		var random = new Random(21);
		for (int i = 0; i < ORDERS; i++) {
			var body = new LinkedHashMap<String, Object>();
			body.put("location_id", location);
			body.put("recipient_name", "Customer " + (i + 1));
			body.put("recipient_phone", "+91 99000 " + String.format("%05d", i + 1));
			body.put("address", (i + 1) + " MG Road, Bengaluru");
			body.put("latitude", DEPOT_LAT + (random.nextDouble() - 0.5) * 0.08);
			body.put("longitude", DEPOT_LON + (random.nextDouble() - 0.5) * 0.08);
			body.put("items", List.of(Map.of("product_id", cylinder, "quantity", 1, "empties_to_collect", 1)));
			orders.add(id(api().post("/api/v1/delivery-orders", manager, body, key())));
		}
		browser = new Browser(port, 1280, 1600);
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	private void signIn(String username) {
		browser.type("#username", username);
		browser.type("#password", PASSWORD);
		browser.find("#password").sendKeys(Keys.ENTER);
	}

	private JsonNode routesOfToday() {
		return ok(api().get("/api/v1/routes?location_id=" + location + "&date=" + today, manager)).json().path("items");
	}

	/** The board's stops of a route, as delivery order ids in the order shown. */
	private List<String> stopsShown(String route) {
		return browser.all("[data-route='" + route + "'] table.stops tbody tr").stream()
			.map(row -> row.getAttribute("data-order"))
			.toList();
	}

	@Test
	@Order(1)
	void theManagerOpensTheDayAndADayInTheWrongFormatIsSaidSo() {
		browser.open("/#/deliveries?location=" + location + "&day=" + today);
		signIn(managerName);
		browser.find("#dispatch-board");
		browser.textContaining("#live-status", "Live");
		browser.waitFor(d -> String.valueOf(ORDERS).equals(browser.find("#orders-PENDING").getAttribute("data-count")) ? true : null);
		assertThat(browser.all("#fleet tbody tr")).hasSize(2);
		assertThat(browser.text("#fleet")).contains("Driver 1").contains("8 cylinders");
		assertThat(browser.text("#routes")).contains("No route is planned");

		browser.type("#dispatch-day", "07-12-2026");
		browser.click("#dispatch-show");
		assertThat(browser.textContaining("#dispatch-day-error", "YYYY-MM-DD")).contains("“07-12-2026” is not one");
		assertThat(browser.find("#dispatch-day").getAttribute("aria-invalid")).isEqualTo("true");
		browser.screenshot("52-dispatch-bad-day");
		browser.type("#dispatch-day", today.toString());
		browser.click("#dispatch-show");
		browser.waitFor(d -> browser.present("#dispatch-day-error") ? null : true);
		browser.find("#orders-PENDING");
	}

	@Test
	@Order(2)
	void planningWhereNoVehicleIsKeptIsRefusedWithAClearMessage() {
		browser.find("#dispatch-location option[value='" + emptyLocation + "']").click();
		browser.textContaining("#no-vehicles", "No active vehicle");
		assertThat(browser.text("#plan")).contains("No active driver");
		browser.click("#plan-routes");
		assertThat(browser.textContaining("#fleet-error", "at least one vehicle")).contains("each with a driver");
		assertThat(browser.text("#dispatch-failure")).contains("see the fields marked");
		assertThat(count("SELECT count(*) FROM route_plans WHERE location_id = '" + emptyLocation + "'")).isZero();
		browser.screenshot("53-dispatch-no-vehicles");
		browser.find("#dispatch-location option[value='" + location + "']").click();
		browser.waitFor(d -> browser.all("#fleet tbody tr").size() == 2 ? true : null);
	}

	@Test
	@Order(3)
	void theManagerPlansTheRoutesLeavesThePageAndComesBackToThem() {
		browser.click("#plan-routes");
		// a background job at this size: its plan and job are in the address while it is solved
		browser.waitFor(d -> d.getCurrentUrl().contains("plan=") ? true : null);
		assertThat(browser.driver.getCurrentUrl()).contains("location=" + location).contains("day=" + today);
		browser.click("#nav-dashboard");
		browser.find("#dashboard");
		browser.driver.navigate().back();
		browser.find("#dispatch-board");
		browser.waitFor(Duration.ofSeconds(60), d -> browser.all(".route-card").size() == 2 ? true : null);
		browser.textContaining("#dispatch-notice", "Planned: 2 route(s)");
		browser.waitFor(d -> d.getCurrentUrl().contains("job=") ? null : true);

		var routes = routesOfToday();
		assertThat(routes.size()).isEqualTo(2);
		var routed = new ArrayList<String>();
		for (var route : routes) {
			var expected = new ArrayList<String>();
			route.path("stops").forEach(s -> expected.add(s.path("delivery_order_id").asString()));
			routed.addAll(expected);
			var id = route.path("id").asString();
			browser.waitFor(d -> stopsShown(id).equals(expected) ? true : null);
			assertThat(browser.text("[data-route='" + id + "'] h3")).contains(route.path("vehicle_registration").asString())
				.contains(route.path("driver_name").asString())
				.contains("Planned");
			assertThat(browser.text("[data-route='" + id + "'] .route-figures")).contains(" km").contains("cylinders");
		}
		// every order on exactly one route
		assertThat(routed).hasSize(ORDERS).containsExactlyInAnyOrderElementsOf(orders);
		assertThat(new HashSet<>(routed)).hasSize(ORDERS);
		var shown = browser.all(".route-card table.stops tbody tr").stream().map(r -> r.getAttribute("data-order")).toList();
		assertThat(shown).containsExactlyInAnyOrderElementsOf(orders);
		// the plot is drawn, and its table lists every stop and the depot
		browser.find("#route-plot canvas");
		assertThat(browser.driver.findElements(By.cssSelector("#plot-table tbody tr[data-order]"))).hasSize(ORDERS);
		assertThat((String) browser.script("return document.querySelector('#plot-table').textContent")).contains("Depot")
			.contains("Customer 1");
		assertThat(browser.text("#plot-legend")).contains("Depot").contains("Driver 1").contains("Driver 2");
		// planned, not yet dispatched: the orders are pending on their routes
		assertThat(browser.find("#orders-PLANNED").getAttribute("data-count")).isEqualTo(String.valueOf(ORDERS));
		assertThat(browser.present("#orders-PENDING")).isFalse();
		// nothing came from outside Kassa
		assertThat(browser.script("return performance.getEntriesByType('resource').map(e => e.name)"
				+ ".filter(n => !n.startsWith(location.origin))")).asList().isEmpty();
		browser.screenshot("50-dispatch-planned");
		browser.script("document.querySelector('#plot').scrollIntoView()");
		browser.screenshot("55-dispatch-map");
		browser.script("window.scrollTo(0, 0)");
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the dispatch board").isEmpty();
	}

	@Test
	@Order(4)
	void aRouteIsDispatchedAFailedStopShowsWithoutAReloadAndIsRescheduledToTomorrow() {
		browser.script("window.kassaMark = 'still here'");
		var route = routesOfToday().get(0);
		var id = route.path("id").asString();
		// by keyboard: the route's own button, named by its vehicle and driver
		var dispatch = browser.find("[data-route='" + id + "'] .dispatch-route");
		assertThat(dispatch.getAttribute("aria-label")).contains(route.path("vehicle_registration").asString())
			.contains(route.path("driver_name").asString());
		browser.script("arguments[0].focus()", dispatch);
		browser.keys(Keys.ENTER);
		browser.textContaining("[data-route='" + id + "'] h3", "Dispatched");
		browser.textContaining("#dispatch-notice", "dispatched to");
		assertThat(ok(api().get("/api/v1/routes/" + id, manager)).json().path("status").asString()).isEqualTo("DISPATCHED");
		assertThat(browser.present("[data-route='" + id + "'] .dispatch-route")).isFalse();

		// the driver leaves, reports a position and fails the first stop, all through the API
		ok(api().post("/api/v1/routes/" + id + "/start", manager, null));
		ok(api().post("/api/v1/routes/" + id + "/position", manager, Map.of("latitude", DEPOT_LAT + 0.005, "longitude", DEPOT_LON)));
		var stop = route.path("stops").get(0);
		var order = stop.path("delivery_order_id").asString();
		ok(api().post("/api/v1/routes/" + id + "/stops/" + stop.path("id").asString() + "/fail", manager,
				Map.of("reason", "Nobody home")));
		browser.waitFor(d -> "FAILED".equals(browser.find("[data-route='" + id + "'] tr[data-order='" + order + "']")
			.getAttribute("data-status")) ? true : null);
		browser.textContaining("[data-route='" + id + "'] h3", "On the road");
		browser.textContaining("#plot-legend", "positions");
		assertThat(browser.text("#orders-FAILED")).contains(stop.path("recipient_name").asString()).contains("Nobody home");
		assertThat(browser.script("return window.kassaMark")).isEqualTo("still here");
		browser.script("document.querySelector('#routes').scrollIntoView()");
		browser.screenshot("51-dispatch-failed-stop");

		// rescheduled to tomorrow (the form's day by default)
		var tomorrow = today.plusDays(1).toString();
		assertThat(browser.find("#reschedule-" + order).getAttribute("value")).isEqualTo(tomorrow);
		browser.click("#reschedule-" + order + "-submit");
		browser.textContaining("#dispatch-notice", "rescheduled to " + tomorrow);
		var rescheduled = ok(api().get("/api/v1/delivery-orders/" + order, manager)).json();
		assertThat(rescheduled.path("status").asString()).isEqualTo("PENDING");
		assertThat(rescheduled.path("delivery_date").asString()).isEqualTo(tomorrow);
		browser.waitFor(d -> browser.present("#orders-FAILED") ? null : true);
		assertThat(browser.script("return window.kassaMark")).isEqualTo("still here");
	}

	@Test
	@Order(5)
	void aCashierAtTheAddressIsRefused() {
		browser.click("#sign-out");
		browser.find("#signin");
		browser.open("/#/deliveries?location=" + location + "&day=" + today);
		signIn(cashierName);
		assertThat(browser.textContaining("#refused", "Not for your role")).contains("for managers and admins");
		assertThat(browser.present("#dispatch-board")).isFalse();
		browser.screenshot("54-dispatch-refused-to-a-cashier");
	}
}

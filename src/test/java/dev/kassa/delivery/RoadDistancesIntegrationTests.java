package dev.kassa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

/**
 * Plans over a routing engine's roads (a fake OSRM, WireMock): its distances and times are the plan's, and when it
 * is down or slow the plan is made over straight lines and says so ({@code distances_estimated}).
 */
class RoadDistancesIntegrationTests extends IntegrationTestSupport {

	static final WireMockServer OSRM = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		OSRM.start();
	}

	@DynamicPropertySource
	static void engine(DynamicPropertyRegistry registry) {
		registry.add("kassa.delivery.routing.engine", () -> "osrm");
		registry.add("kassa.delivery.routing.url", OSRM::baseUrl);
		registry.add("kassa.delivery.routing.timeout", () -> "4s");
		registry.add("kassa.delivery.routing.cache-size", () -> "0");
	}

	@AfterAll
	static void stopEngine() {
		OSRM.stop();
	}

	@BeforeEach
	void reset() {
		OSRM.resetAll();
	}

	/**
	 * Depot and two stops on a line north: straight lines would visit the nearer first; the engine says a one-way
	 * street makes depot to the nearer 10 km, so the far one goes first.
	 */
	static final String ROADS = """
			{"code": "Ok",
			 "distances": [[0, 10000, 2000], [1000, 0, 1000], [2000, 1000, 0]],
			 "durations": [[0, 1200, 240], [120, 0, 120], [240, 120, 0]]}""";

	static final Map<String, Object> DEPOT = Map.of("latitude", 12.9716, "longitude", 77.5946);

	static final List<Map<String, Object>> STOPS = List.of(Map.of("id", "near", "latitude", 12.9806, "longitude", 77.5946),
			Map.of("id", "far", "latitude", 12.9896, "longitude", 77.5946));

	@Test
	void theEnginesRoadsDecideTheOrderAndTheDistance() {
		OSRM.stubFor(get(urlPathMatching("/table/v1/driving/.*")).willReturn(aResponse().withBody(ROADS)));
		var response = api().post("/api/v1/routes/optimize", api().token("MANAGER"), Map.of("depot", DEPOT, "stops", STOPS));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("stops").findValuesAsString("id")).containsExactly("far", "near");
		assertThat(response.json().path("distance_m").asDouble()).isEqualTo(2000 + 1000 + 1000);
		assertThat(response.json().path("given_order_distance_m").asDouble()).isEqualTo(10000 + 1000 + 2000);
		assertThat(response.json().path("duration_s").asLong()).isEqualTo(240 + 120 + 120);
		assertThat(response.json().path("distances_estimated").asBoolean()).isFalse();
	}

	@Test
	void aSlowEngineGivesAStraightLinePlanMarkedEstimated() {
		OSRM.stubFor(get(urlPathMatching("/table/v1/driving/.*"))
			.willReturn(aResponse().withBody(ROADS).withFixedDelay(8000)));
		var response = api().post("/api/v1/routes/optimize", api().token("MANAGER"), Map.of("depot", DEPOT, "stops", STOPS));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		// on a straight line out and back both orders are as long
		double straight = 2 * Geo.metres(12.9716, 77.5946, 12.9896, 77.5946);
		assertThat(response.json().path("distance_m").asDouble()).isCloseTo(straight,
				org.assertj.core.data.Offset.offset(1.0));
		assertThat(response.json().path("distances_estimated").asBoolean()).isTrue();
	}

	@Test
	void aPlannedRouteSaysWhetherItsDistancesAreRoadsOrEstimated() {
		List.of("MANAGER", "CASHIER").forEach(role -> api().token(role));
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var location = fixtures.location("RD" + (System.nanoTime() % 10000), "29");
		var product = fixtures.product("LPG-RD-" + System.nanoTime(), "950.00", Fixtures.GST_5);
		var manager = api().token("MANAGER");
		assertThat(api().put("/api/v1/delivery/depots/" + location, manager, DEPOT).status()).isEqualTo(200);
		var driver = api().post("/api/v1/drivers", manager, Map.of("name", "Road Driver", "phone", "9845012345",
				"licence_number", "RD" + System.nanoTime() % 100000000, "home_location_id", location), key())
			.json().path("id").asString();
		var vehicle = api().post("/api/v1/vehicles", manager, Map.of("registration_number",
				"KA01RD" + System.nanoTime() % 10000, "capacity_cylinders", 20, "location_id", location), key())
			.json().path("id").asString();
		var date = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(1);

		for (boolean engineUp : List.of(true, false)) {
			OSRM.resetAll();
			OSRM.stubFor(get(urlPathMatching("/table/v1/driving/.*"))
				.willReturn(engineUp ? aResponse().withBody(ROADS) : aResponse().withStatus(502)));
			var ids = STOPS.stream().map(stop -> api().post("/api/v1/delivery-orders", api().token("CASHIER"),
					Map.of("location_id", location, "recipient_name", "R", "recipient_phone", "+919900012345",
							"address", "MG Road", "latitude", stop.get("latitude"), "longitude", stop.get("longitude"),
							"delivery_date", date.toString(),
							"items", List.of(Map.of("product_id", product, "quantity", 1, "empties_to_collect", 1))),
					key()).json().path("id").asString()).toList();
			var plan = api().post("/api/v1/routes/plan", manager, Map.of("location_id", location, "date", date.toString(),
					"vehicles", List.of(Map.of("vehicle_id", vehicle, "driver_id", driver)), "order_ids", ids), key());
			assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
			var route = plan.json().path("routes").get(0);
			assertThat(route.path("distances_estimated").asBoolean()).as("engine up: %s", engineUp).isEqualTo(!engineUp);
			if (engineUp) {
				assertThat(route.path("distance_m").asLong()).isEqualTo(4000);
				assertThat(route.path("stops").get(0).path("delivery_order_id").asString()).isEqualTo(ids.get(1));
			}
			var id = route.path("id").asString();
			assertThat(api().get("/api/v1/routes/" + id, manager).json().path("distances_estimated").asBoolean())
				.isEqualTo(!engineUp);
			assertThat(api().post("/api/v1/routes/" + id + "/cancel", manager, Map.of()).status()).isEqualTo(200);
		}
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}
}

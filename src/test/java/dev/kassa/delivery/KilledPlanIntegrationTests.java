package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.jobs.Jobs;
import dev.kassa.support.AnotherKassa;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

/**
 * Fault 12 of docs/reliability.md for a route plan: a second Kassa, a JVM of its own, solves a plan of 120 orders
 * in the background (1,200 iterations) and is killed (SIGKILL) while it solves. This instance, whose job
 * runner starts only after the kill, takes the dead job up once its heartbeats are stale and plans again
 * ({@code retried}): the plan ends COMPLETED, every order on one stop of one route or named unassigned, none twice,
 * and one
 * {@code route_plan.completed} event.
 */
@TestPropertySource(properties = { "kassa.jobs.run=false", "kassa.jobs.heartbeat=1s", "kassa.jobs.missed-heartbeats=8",
		"kassa.jobs.poll=200ms", "kassa.delivery.inline-stops=3", "kassa.delivery.iterations=200" })
class KilledPlanIntegrationTests extends IntegrationTestSupport {

	private static final int ORDERS = 120;

	@Autowired
	Environment environment;

	@Autowired
	Jobs jobs;

	@Test
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void aPlanCutShortByAKilledProcessIsPlannedAgainHereWithEveryOrderOnce() throws Exception {
		api().adminToken();
		var manager = api().token("MANAGER");
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var location = fixtures.location("KP1", "29");
		var product = fixtures.product("LPG-KP1", "950.00", Fixtures.GST_5);
		assertThat(api().put("/api/v1/delivery/depots/" + location, manager, Map.of("latitude", 12.97, "longitude", 77.59))
			.status()).isEqualTo(200);
		var vehicles = new ArrayList<Map<String, String>>();
		for (int i = 0; i < 6; i++) {
			var vehicle = api().post("/api/v1/vehicles", manager, Map.of("registration_number", "KA01KP" + i,
					"capacity_cylinders", 20, "location_id", location), UUID.randomUUID().toString()).json().path("id")
				.asString();
			var driver = api().post("/api/v1/drivers", manager, Map.of("name", "Driver " + i, "phone", "984510000" + i,
					"licence_number", "KAKP" + i, "home_location_id", location), UUID.randomUUID().toString()).json()
				.path("id").asString();
			vehicles.add(Map.of("vehicle_id", vehicle, "driver_id", driver));
		}
		var orders = new ArrayList<String>();
		for (int i = 0; i < ORDERS; i++) {
			var created = api().post("/api/v1/delivery-orders", manager, Map.of("location_id", location,
					"recipient_name", "R" + i, "recipient_phone", String.format("98%08d", 1000 + i), "address", "Street " + i,
					"latitude", 12.90 + (i % 12) * 0.01, "longitude", 77.50 + (i / 12) * 0.01, "items",
					List.of(Map.of("product_id", product, "quantity", 1))), UUID.randomUUID().toString());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			orders.add(created.json().path("id").asString());
		}
		var date = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(1).toString();
		String plan;
		String job;
		try (var child = AnotherKassa.start(environment, "killed-plan", "--kassa.jobs.heartbeat=1s",
				"--kassa.jobs.missed-heartbeats=8", "--kassa.delivery.iterations=1200", "--kassa.delivery.time-limit=60s")) {
			var other = child.client();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
				.until(() -> other.get("/api/v1/me", manager).status() == 200);
			var queued = other.post("/api/v1/routes/plan", manager, Map.of("location_id", location, "date", date,
					"vehicles", vehicles, "order_ids", orders), UUID.randomUUID().toString());
			assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
			plan = queued.json().path("id").asString();
			job = queued.json().path("job_id").asString();
			// the child is solving
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
				.until(() -> "RUNNING".equals(jdbc.sql("SELECT state FROM job_runs WHERE id = :id::uuid").param("id", job)
					.query(String.class).single()));
			child.kill();
		}
		assertThat(count("SELECT count(*) FROM delivery_orders WHERE route_id IS NOT NULL")).as("nothing planned yet")
			.isZero();

		jobs.start();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
			.until(() -> api().get("/api/v1/jobs/" + job, manager).json().path("state").asString().equals("SUCCEEDED"));
		var run = api().get("/api/v1/jobs/" + job, manager).json();
		assertThat(run.path("recovery").asString()).as(run.toString()).isEqualTo("retried");
		assertThat(jdbc.sql("SELECT status FROM route_plans WHERE id = :id::uuid").param("id", plan).query(String.class)
			.single()).isEqualTo("COMPLETED");
		long stops = count("SELECT count(*) FROM route_stops");
		assertThat(count("SELECT count(DISTINCT delivery_order_id) FROM route_stops")).as("no order twice").isEqualTo(stops);
		assertThat(stops + count("SELECT jsonb_array_length(unassigned) FROM route_plans WHERE id = '" + plan + "'"))
			.as("every order on one stop or named unassigned").isEqualTo(ORDERS);
		assertThat(count("SELECT count(*) FROM delivery_orders WHERE route_id IS NOT NULL")).isEqualTo(stops);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'route_plan.completed' AND aggregate_id = '" + plan
				+ "'")).isOne();
	}
}

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

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.jobs.Jobs;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

/**
 * A background plan that another plan overtakes: this instance runs no jobs until the inline plan has
 * taken one of the queued plan's orders, so the order of the two is certain. The background plan must
 * then take nothing and end FAILED naming the order.
 */
@TestPropertySource(properties = { "kassa.jobs.run=false", "kassa.delivery.inline-stops=3",
		"kassa.delivery.iterations=100" })
class DeliveryPlanJobIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Jobs jobs;

	@Test
	void aQueuedPlanOvertakenByAnotherTakesNothingAndNamesTheOrder() {
		api().adminToken();
		var manager = api().token("MANAGER");
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var location = fixtures.location("J1", "29");
		var product = fixtures.product("LPG-J1", "950.00", Fixtures.GST_5);
		assertThat(api().put("/api/v1/delivery/depots/" + location, manager, Map.of("latitude", 12.97, "longitude", 77.59))
			.status()).isEqualTo(200);
		var vehicles = new ArrayList<String>();
		var drivers = new ArrayList<String>();
		for (int i = 0; i < 2; i++) {
			vehicles.add(api().post("/api/v1/vehicles", manager, Map.of("registration_number", "KA01J" + i,
					"capacity_cylinders", 20, "location_id", location), UUID.randomUUID().toString()).json().path("id")
				.asString());
			drivers.add(api().post("/api/v1/drivers", manager, Map.of("name", "Driver " + i, "phone", "984500000" + i,
					"licence_number", "KAJ" + i, "home_location_id", location), UUID.randomUUID().toString()).json()
				.path("id").asString());
		}
		var orders = new ArrayList<String>();
		for (int i = 0; i < 5; i++) {
			var created = api().post("/api/v1/delivery-orders", manager, Map.of("location_id", location,
					"recipient_name", "R" + i, "recipient_phone", "99000000" + (10 + i), "address", "Street " + i,
					"latitude", 12.95 + i * 0.01, "longitude", 77.58, "items",
					List.of(Map.of("product_id", product, "quantity", 1))), UUID.randomUUID().toString());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			orders.add(created.json().path("id").asString());
		}
		var date = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(1).toString();
		var queued = api().post("/api/v1/routes/plan", manager, Map.of("location_id", location, "date", date, "vehicles",
				List.of(Map.of("vehicle_id", vehicles.get(0), "driver_id", drivers.get(0))), "order_ids", orders),
				UUID.randomUUID().toString());
		assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
		assertThat(queued.json().path("status").asString()).isEqualTo("QUEUED");
		var inline = api().post("/api/v1/routes/plan", manager, Map.of("location_id", location, "date", date, "vehicles",
				List.of(Map.of("vehicle_id", vehicles.get(1), "driver_id", drivers.get(1))), "order_ids",
				List.of(orders.get(2))), UUID.randomUUID().toString());
		assertThat(inline.status()).as(inline.toString()).isEqualTo(201);

		jobs.start();
		var jobId = queued.json().path("job_id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> api().get("/api/v1/jobs/" + jobId, manager).json().path("state").asString().equals("SUCCEEDED"));
		var job = api().get("/api/v1/jobs/" + jobId, manager).json();
		assertThat(job.path("errors").toString()).contains(orders.get(2));
		var plan = api().get(job.path("result_url").asString(), manager).json();
		assertThat(plan.path("status").asString()).isEqualTo("FAILED");
		assertThat(plan.path("failure").asString()).contains(orders.get(2));
		assertThat(plan.path("routes").size()).isZero();
		assertThat(count("SELECT count(*) FROM delivery_orders WHERE route_id IS NOT NULL")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'route_plan.failed' AND aggregate_id = '"
				+ queued.json().path("id").asString() + "'")).isEqualTo(1);
	}
}

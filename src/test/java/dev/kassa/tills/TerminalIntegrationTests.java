package dev.kassa.tills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kassa.support.TestClient;

class TerminalIntegrationTests extends TillTesting {

	private TestClient.Response create(String token, Map<String, Object> body) {
		return api().post("/api/v1/terminals", token, body, key());
	}

	private Map<String, Object> body(String location, String code) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("code", code);
		body.put("name", "Front till");
		return body;
	}

	private long terminals() {
		return count("SELECT count(*) FROM terminals");
	}

	@Test
	void aTerminalIsManagedByManagersAndDeletedOnlyWithoutSessions() {
		var shop = shop();
		var created = create(manager(), body(shop.location(), "front-2"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var id = created.json().path("id").asString();
		assertThat(created.json().path("code").asString()).isEqualTo("FRONT-2");
		assertThat(created.json().path("paper_width").asInt()).isEqualTo(80);
		assertThat(created.json().path("active").asBoolean()).isTrue();
		refused(create(manager(), body(shop.location(), "FRONT-2")), 409, "terminal_code_taken");
		var elsewhere = shop();
		assertThat(create(manager(), body(elsewhere.location(), "FRONT-2")).status()).as("unique per location").isEqualTo(201);

		var changed = ok(api().send("PUT", "/api/v1/terminals/" + id, manager(), Map.of("name", "Back till",
				"paper_width", 58), Map.of("Idempotency-Key", key()))).json();
		assertThat(changed.path("name").asString()).isEqualTo("Back till");
		assertThat(changed.path("paper_width").asInt()).isEqualTo(58);
		var listed = ok(api().get("/api/v1/terminals?location_id=" + shop.location(), cashier())).json();
		assertThat(listed.path("items")).hasSize(2);

		ok(api().send("DELETE", "/api/v1/terminals/" + id, manager(), null, Map.of("Idempotency-Key", key())));
		assertThat(api().get("/api/v1/terminals/" + id, manager()).status()).isEqualTo(404);
		assertThat(create(manager(), body(shop.location(), "FRONT-2")).status()).as("the code is free again").isEqualTo(201);

		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		ok(close(cashier, session, Map.of("CASH", "0")));
		refused(api().send("DELETE", "/api/v1/terminals/" + shop.terminal(), manager(), null,
				Map.of("Idempotency-Key", key())), 409, "terminal_has_sessions");
		var deactivated = ok(api().post("/api/v1/terminals/" + shop.terminal() + "/deactivate", manager(), null, key()));
		assertThat(deactivated.json().path("active").asBoolean()).isFalse();
		assertThat(ok(api().get("/api/v1/till-sessions/" + session, manager())).json().path("state").asString())
			.isEqualTo("CLOSED");
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_type = 'terminal' AND aggregate_id = '"
				+ shop.terminal() + "'::uuid")).isEqualTo(2);
		refused(api().send("DELETE", "/api/v1/locations/" + shop.location(), api().adminToken(), null, Map.of()), 409,
				"location_in_use");
	}

	@Test
	void badTerminalsAreRefusedNamingTheFieldAndWriteNothing() {
		var shop = shop();
		long before = terminals();
		var bad = body(shop.location(), "X");
		bad.put("paper_width", 70);
		invalid(create(manager(), bad), "paper_width");
		bad.put("paper_width", "wide");
		invalid(create(manager(), bad), "paper_width");
		invalid(create(manager(), body(shop.location(), "no spaces")), "code");
		invalid(create(manager(), body(shop.location(), "C".repeat(17))), "code");
		invalid(create(manager(), body(shop.location(), "")), "code");
		invalid(create(manager(), body(UUID.randomUUID().toString(), "A1")), "location_id");
		invalid(create(manager(), body("nope", "A1")), "location_id");
		var nameless = body(shop.location(), "A1");
		nameless.remove("name");
		invalid(create(manager(), nameless), "name");
		invalid(api().post("/api/v1/terminals", manager(), body(shop.location(), "A1")), "Idempotency-Key");
		assertThat(create(cashier(), body(shop.location(), "A1")).status()).isEqualTo(403);
		assertThat(create(api().token("EMPLOYEE"), body(shop.location(), "A1")).status()).isEqualTo(403);
		assertThat(terminals()).isEqualTo(before);
		assertThat(api().get("/api/v1/terminals/" + UUID.randomUUID(), manager()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/terminals/not-a-uuid", manager()).status()).isEqualTo(400);
		invalid(api().send("PUT", "/api/v1/till-settings/" + shop.location(), manager(), Map.of("session_required", true,
				"max_open_minutes", 0, "paid_out_manager_above", 10, "variance_threshold", 1, "cashier_many_sessions",
				false), Map.of("Idempotency-Key", key())), "max_open_minutes");
		invalid(api().send("PUT", "/api/v1/till-settings/" + shop.location(), manager(), Map.of("session_required", true,
				"max_open_minutes", 60, "paid_out_manager_above", -1, "variance_threshold", 1, "cashier_many_sessions",
				false), Map.of("Idempotency-Key", key())), "paid_out_manager_above");
		assertThat(api().send("PUT", "/api/v1/till-settings/" + shop.location(), cashier(), Map.of("session_required",
				false, "max_open_minutes", 60, "paid_out_manager_above", 1, "variance_threshold", 1,
				"cashier_many_sessions", false), Map.of("Idempotency-Key", key())).status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM till_settings WHERE location_id = '" + shop.location() + "'::uuid")).isZero();
		invalid(api().get("/api/v1/till-reports/variances?from=yesterday&to=2100-01-01", manager()), "from");
		assertThat(api().get("/api/v1/till-reports/variances?from=2020-01-01&to=2100-01-01", cashier()).status())
			.isEqualTo(403);
	}
}

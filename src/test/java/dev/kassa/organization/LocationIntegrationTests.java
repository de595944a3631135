package dev.kassa.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

class LocationIntegrationTests extends IntegrationTestSupport {

	@BeforeEach
	void setUp() {
		api().put("/api/v1/organization", api().adminToken(), Map.of("legal_name", "Kassa Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata"));
	}

	private static Map<String, Object> location(String code) {
		var body = new HashMap<String, Object>();
		body.put("code", code);
		body.put("name", "Store " + code);
		body.put("type", "STORE");
		body.put("state_code", "29");
		return body;
	}

	private TestClient.Response create(String token, Map<String, Object> body) {
		return api().post("/api/v1/locations", token, body, UUID.randomUUID().toString());
	}

	@Test
	void aLocationIsCreatedReadUpdatedAndDeactivated() {
		var created = create(api().token("MANAGER"), location("blr1"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().path("code").asString()).isEqualTo("BLR1");
		assertThat(created.json().path("time_zone").asString()).isEqualTo("Asia/Kolkata");
		var id = created.json().path("id").asString();
		assertThat(api().get("/api/v1/locations/" + id, api().token("CASHIER")).json().path("name").asString())
			.isEqualTo("Store blr1");
		var updated = api().put("/api/v1/locations/" + id, api().token("MANAGER"),
				Map.of("name", "Bengaluru One", "type", "WAREHOUSE", "state_code", "29", "time_zone", "Asia/Kolkata"));
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().path("type").asString()).isEqualTo("WAREHOUSE");
		assertThat(updated.json().path("code").asString()).isEqualTo("BLR1");
		var deactivated = api().post("/api/v1/locations/" + id + "/deactivate", api().token("MANAGER"), null);
		assertThat(deactivated.json().path("active").asBoolean()).isFalse();
		assertThat(api().post("/api/v1/locations/" + id + "/deactivate", api().token("MANAGER"), null).status())
			.isEqualTo(409);
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id + "'")).isEqualTo(3);
		assertThat(api().put("/api/v1/locations/" + id, api().token("CASHIER"),
				Map.of("name", "X", "type", "STORE", "time_zone", "Asia/Kolkata")).status()).isEqualTo(403);
	}

	@Test
	void duplicateCodesAndBadInputAreRefusedWritingNothing() {
		assertThat(create(api().adminToken(), location("DUP1")).status()).isEqualTo(201);
		long before = count("SELECT count(*) FROM locations");
		var duplicate = create(api().adminToken(), location("dup1"));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().path("code").asString()).isEqualTo("location_code_taken");
		var longCode = create(api().adminToken(), location("ABCDEFGHI"));
		assertThat(longCode.errorFields()).containsExactly("code");
		assertThat(create(api().adminToken(), location("AB-1")).errorFields()).containsExactly("code");
		var badZone = location("ZONE1");
		badZone.put("time_zone", "Mars/Olympus");
		assertThat(create(api().adminToken(), badZone).errorFields()).containsExactly("time_zone");
		var badState = location("STATE1");
		badState.put("state_code", "40");
		assertThat(create(api().adminToken(), badState).errorFields()).containsExactly("state_code");
		var badType = location("TYPE1");
		badType.put("type", "SHOP");
		assertThat(create(api().adminToken(), badType).errorFields()).containsExactly("type");
		var longName = location("NAME1");
		longName.put("name", "n".repeat(201));
		assertThat(create(api().adminToken(), longName).errorFields()).containsExactly("name");
		assertThat(create(api().token("CASHIER"), location("CASH1")).status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM locations")).isEqualTo(before);
		assertThat(api().get("/api/v1/locations/" + UUID.randomUUID(), api().adminToken()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/locations/not-a-uuid", api().adminToken()).status()).isEqualTo(400);
	}

	@Test
	void aUserLimitedToLocationsSeesOnlyThose() {
		var mine = create(api().adminToken(), location("MINE1")).json().path("id").asString();
		var other = create(api().adminToken(), location("OTHER1")).json().path("id").asString();
		var token = api().tokenForNewUser("limited-" + System.nanoTime(), List.of("MANAGER"), List.of(mine));
		var list = api().get("/api/v1/locations?limit=200", token);
		assertThat(list.json().path("items").size()).isEqualTo(1);
		assertThat(list.json().path("items").get(0).path("id").asString()).isEqualTo(mine);
		assertThat(api().get("/api/v1/locations/" + other, token).status()).isEqualTo(404);
		assertThat(api().post("/api/v1/locations/" + other + "/deactivate", token, null).status()).isEqualTo(403);
		assertThat(create(token, location("NEW9")).status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM locations WHERE code = 'NEW9' OR (code = 'OTHER1' AND NOT active)"))
			.isZero();
	}

	@Test
	void listsArePagedByCursor() {
		for (int i = 0; i < 3; i++) {
			create(api().adminToken(), location("PG" + i));
		}
		var seen = new java.util.HashSet<String>();
		String cursor = null;
		do {
			var page = api().get("/api/v1/locations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
					api().adminToken());
			page.json().path("items").forEach(item -> assertThat(seen.add(item.path("id").asString())).isTrue());
			cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asString();
		}
		while (cursor != null);
		assertThat((long) seen.size()).isEqualTo(count("SELECT count(*) FROM locations"));
		assertThat(api().get("/api/v1/locations?limit=0", api().adminToken()).errorFields()).containsExactly("limit");
	}

	@Test
	void aReferencedLocationIsNotDeletedAndTheRefusalSaysWhy() {
		var id = create(api().adminToken(), location("REF1")).json().path("id").asString();
		api().tokenForNewUser("ref-user-" + System.nanoTime(), List.of("CASHIER"), List.of(id));
		var refused = api().delete("/api/v1/locations/" + id, api().adminToken());
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("code").asString()).isEqualTo("location_in_use");
		assertThat(refused.json().path("detail").asString()).contains("1 users limited to it");
		assertThat(refused.json().path("references").get(0).path("count").asLong()).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM locations WHERE id = '" + id + "'")).isEqualTo(1);

		var free = create(api().adminToken(), location("FREE1")).json().path("id").asString();
		assertThat(api().delete("/api/v1/locations/" + free, api().token("CASHIER")).status()).isEqualTo(403);
		assertThat(api().delete("/api/v1/locations/" + free, api().adminToken()).status()).isEqualTo(204);
		assertThat(count("SELECT count(*) FROM locations WHERE id = '" + free + "'")).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'location.deleted'")).isEqualTo(1);
		assertThat(api().delete("/api/v1/locations/" + free, api().adminToken()).status()).isEqualTo(404);
	}
}

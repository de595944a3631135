package dev.kassa.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

class CustomersIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Customers customers;

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static Map<String, Object> customer(String name, String phone, Object... extra) {
		var body = new LinkedHashMap<String, Object>();
		body.put("name", name);
		body.put("phone", phone);
		for (int i = 0; i < extra.length; i += 2) {
			body.put((String) extra[i], extra[i + 1]);
		}
		return body;
	}

	private TestClient.Response create(String role, Map<String, Object> body) {
		return api().post("/api/v1/customers", api().token(role), body, key());
	}

	private long customerCount() {
		return count("SELECT count(*) FROM customers");
	}

	@Test
	void aCustomerIsStoredWithANormalizedPhoneAndValidatedDetails() {
		var created = create("CASHIER", customer("Asha Rao", "098450 12345", "email", "asha@example.in", "gstin",
				"27aapfu0939f1zv", "tags", List.of("wholesale", "wholesale", "vip"), "billing_address",
				Map.of("line1", "12 MG Road", "city", "Pune", "state_code", "27", "postal_code", "411001", "country", "IN")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("phone").asString()).isEqualTo("+919845012345");
		assertThat(created.json().path("gstin").asString()).isEqualTo("27AAPFU0939F1ZV");
		assertThat(created.json().path("tags").size()).isEqualTo(2);
		var id = created.json().path("id").asString();
		var read = api().get("/api/v1/customers/" + id, api().token("DRIVER"));
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().at("/billing_address/state_code").asString()).isEqualTo("27");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'customer.created' AND aggregate_id = '" + id + "'"))
			.isEqualTo(1);

		var updated = api().put("/api/v1/customers/" + id, api().token("EMPLOYEE"),
				customer("Asha R.", "+91 98450 12345", "gstin", "29AAGCB7383J1Z4"));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("name").asString()).isEqualTo("Asha R.");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'customer.updated' AND aggregate_id = '" + id + "'"))
			.isEqualTo(1);
	}

	@Test
	void customersAreFoundByPhonePrefixAndByNameIgnoringAccents() {
		assertThat(create("ADMIN", customer("José Álvarez", "9123400001")).status()).isEqualTo(201);
		assertThat(create("ADMIN", customer("Joseph Kurian", "9123400002")).status()).isEqualTo(201);
		assertThat(create("ADMIN", customer("Meera Nair", "8000000003", "tags", List.of("credit"))).status())
			.isEqualTo(201);
		var byName = api().get("/api/v1/customers?name=JOSE", api().token("CASHIER"));
		assertThat(names(byName)).contains("José Álvarez", "Joseph Kurian").doesNotContain("Meera Nair");
		assertThat(names(api().get("/api/v1/customers?name=alvarez", api().adminToken()))).containsExactly("José Álvarez");
		assertThat(names(api().get("/api/v1/customers?phone=91234", api().adminToken())))
			.containsExactlyInAnyOrder("José Álvarez", "Joseph Kurian");
		assertThat(names(api().get("/api/v1/customers?phone=%2B9180000", api().adminToken())))
			.containsExactly("Meera Nair");
		assertThat(names(api().get("/api/v1/customers?tag=credit", api().adminToken()))).containsExactly("Meera Nair");
		var first = api().get("/api/v1/customers?phone=91234&limit=1", api().adminToken());
		assertThat(names(first)).hasSize(1);
		var second = api().get("/api/v1/customers?phone=91234&limit=1&cursor="
				+ first.json().path("next_cursor").asString(), api().adminToken());
		assertThat(names(second)).hasSize(1).doesNotContainAnyElementsOf(names(first));
	}

	private static List<String> names(TestClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		var names = new ArrayList<String>();
		response.json().path("items").forEach(c -> names.add(c.path("name").asString()));
		return names;
	}

	@Test
	void findOrCreateByPhoneReusesTheCustomerOfThatNumber() {
		var first = customers.findOrCreateByPhone("Walk-in Ravi", "+91 70000 00001", "Shop 4, Market Rd");
		var again = customers.findOrCreateByPhone("Ravi", "07000000001", null);
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(first.billingAddress().line1()).isEqualTo("Shop 4, Market Rd");
		assertThat(count("SELECT count(*) FROM customers WHERE phone = '+917000000001'")).isEqualTo(1);
	}

	@Test
	void concurrentPurchasesAllCount() throws Exception {
		var id = UUID.fromString(create("ADMIN", customer("Busy", "9000000009")).json().path("id").asString());
		var at = Instant.parse("2026-11-20T10:00:00Z");
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = new ArrayList<Future<?>>();
			for (int i = 0; i < 20; i++) {
				int n = i;
				futures.add(pool.submit(() -> transactions.executeWithoutResult(tx -> {
					customers.recordPurchase(id, new BigDecimal("10.05"), at.plusSeconds(n));
					events.append("sale.completed", "sale", UUID.randomUUID(), null, Map.of("customer_id", id));
				})));
			}
			for (var future : futures) {
				future.get();
			}
		}
		var summary = api().get("/api/v1/customers/" + id + "/summary", api().token("CASHIER"));
		assertThat(summary.status()).isEqualTo(200);
		assertThat(summary.json().path("purchase_count").asLong()).isEqualTo(20);
		assertThat(summary.json().path("purchase_total").decimalValue()).isEqualByComparingTo("201.00");
		assertThat(Instant.parse(summary.json().path("last_purchase_at").asString())).isEqualTo(at.plusSeconds(19));
		assertThatThrownBy(() -> customers.recordPurchase(id, BigDecimal.ONE, at))
			.isInstanceOf(IllegalStateException.class);
	}

	@Nested
	class BadInput {

		private void refused(TestClient.Response response, int status, String field) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.errorFields()).contains(field);
		}

		@Test
		void badFieldsAreRefusedAndNothingIsWritten() {
			assertThat(create("ADMIN", customer("Taken", "9555500000")).status()).isEqualTo(201);
			long before = customerCount();
			long eventsBefore = count("SELECT count(*) FROM events");
			refused(create("ADMIN", customer("Dup", "+91 95555 00000")), 409, "phone");
			refused(create("ADMIN", customer("Bad phone", "12")), 400, "phone");
			refused(create("ADMIN", customer("Bad phone", "call me")), 400, "phone");
			refused(create("ADMIN", customer("Bad mail", "9555500001", "email", "not-an-email")), 400, "email");
			refused(create("ADMIN", customer("Bad mail", "9555500001", "email", "a@b")), 400, "email");
			refused(create("ADMIN", customer("Bad GSTIN", "9555500001", "gstin", "27AAPFU0939F1ZW")), 400, "gstin");
			refused(create("ADMIN", customer("Bad GSTIN", "9555500001", "gstin", "NOT A GSTIN")), 400, "gstin");
			refused(create("ADMIN", customer("Bad state", "9555500001", "billing_address",
					Map.of("line1", "x", "state_code", "MH"))), 400, "billing_address.state_code");
			refused(create("ADMIN", customer("No line", "9555500001", "shipping_address", Map.of("city", "Pune"))), 400,
					"shipping_address.line1");
			refused(create("ADMIN", customer("n".repeat(201), "9555500001")), 400, "name");
			refused(create("ADMIN", customer("", "9555500001")), 400, "name");
			refused(create("ADMIN", customer("Notes", "9555500001", "notes", "x".repeat(4001))), 400, "notes");
			refused(create("ADMIN", customer("Tags", "9555500001", "tags", "vip")), 400, "tags");
			refused(create("ADMIN", customer("Tags", "9555500001", "tags", List.of("t".repeat(41)))), 400, "tags[0]");
			refused(create("ADMIN", customer("Type", "9555500001", "billing_address", 5)), 400, "billing_address");
			refused(api().post("/api/v1/customers", api().adminToken(), customer("No key", "9555500001")), 400,
					"Idempotency-Key");
			refused(api().get("/api/v1/customers?phone=abc", api().adminToken()), 400, "phone");
			refused(api().get("/api/v1/customers?limit=500", api().adminToken()), 400, "limit");
			refused(api().get("/api/v1/customers/xyz", api().adminToken()), 400, "id");
			assertThat(customerCount()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
		}

		@Test
		void anUpdateToAnotherCustomersPhoneIsA409() {
			assertThat(create("ADMIN", customer("One", "9444400001")).status()).isEqualTo(201);
			var two = create("ADMIN", customer("Two", "9444400002")).json().path("id").asString();
			refused(api().put("/api/v1/customers/" + two, api().adminToken(), customer("Two", "9444400001")), 409, "phone");
			refused(api().put("/api/v1/customers/" + two, api().adminToken(), customer("Two", "9444400002", "gstin", "X")),
					400, "gstin");
			assertThat(count("SELECT count(*) FROM customers WHERE id = '" + two + "' AND phone = '+919444400002' AND gstin IS NULL"))
				.isEqualTo(1);
		}

		@Test
		void unknownIdsAre404() {
			var id = UUID.randomUUID();
			assertThat(api().get("/api/v1/customers/" + id, api().adminToken()).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/customers/" + id + "/summary", api().adminToken()).status()).isEqualTo(404);
			assertThat(api().put("/api/v1/customers/" + id, api().adminToken(), customer("Ghost", "9333300000")).status())
				.isEqualTo(404);
			assertThat(count("SELECT count(*) FROM customers WHERE name = 'Ghost'")).isZero();
		}

		@Test
		void driversOnlyRead() {
			var id = create("MANAGER", customer("Driven", "9222200000")).json().path("id").asString();
			long before = customerCount();
			var driver = api().token("DRIVER");
			assertThat(api().post("/api/v1/customers", driver, customer("No", "9222200001"), key()).status())
				.isEqualTo(403);
			assertThat(api().put("/api/v1/customers/" + id, driver, customer("Renamed", "9222200000")).status())
				.isEqualTo(403);
			assertThat(api().get("/api/v1/customers/" + id + "/summary", driver).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/customers", null).status()).isEqualTo(401);
			assertThat(customerCount()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM customers WHERE id = '" + id + "' AND name = 'Driven'")).isEqualTo(1);
		}
	}
}

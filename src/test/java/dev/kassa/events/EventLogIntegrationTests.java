package dev.kassa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.support.IntegrationTestSupport;

class EventLogIntegrationTests extends IntegrationTestSupport {

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	UUID append(String type, String aggregateType, UUID aggregateId, UUID location) {
		return transactions.execute(tx -> events.append(type, aggregateType, aggregateId, location, Map.of("n", 1)));
	}

	@org.junit.jupiter.api.BeforeEach
	void signInAdminFirst() {
		// TestClient.token(role) signs the admin in inside its own computeIfAbsent: do it before
		api().adminToken();
	}

	void awaitSealed() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count("SELECT count(*) FROM events WHERE seq IS NULL") == 0);
	}

	@Test
	void concurrentAppendsAreSealedWithConsecutiveSeqsAndAnIntactChain() throws Exception {
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = new ArrayList<java.util.concurrent.Future<?>>();
			for (int t = 0; t < 8; t++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 40; i++) {
						append("customer.created", "customer", UUID.randomUUID(), null);
					}
				}));
			}
			for (var future : futures) {
				future.get();
			}
		}
		awaitSealed();
		long total = count("SELECT count(*) FROM events");
		assertThat(count("SELECT count(DISTINCT seq) FROM events")).isEqualTo(total);
		assertThat(count("SELECT max(seq) FROM events")).isEqualTo(total);
		assertThat(count("SELECT min(seq) FROM events")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE hash IS NULL OR (seq > 1 AND prev_hash IS NULL)")).isZero();
		var verified = api().post("/api/v1/events/verify", api().adminToken(), null);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("ok").asBoolean()).isTrue();
		assertThat(verified.json().path("checked").asLong()).isEqualTo(total);
	}

	@Test
	void aRolledBackEventIsNeverSealed() {
		var aggregate = UUID.randomUUID();
		try {
			transactions.executeWithoutResult(tx -> {
				events.append("customer.created", "customer", aggregate, null, Map.of());
				throw new IllegalStateException("roll back");
			});
		}
		catch (IllegalStateException expected) {
			// rolled back
		}
		var marker = append("customer.updated", "customer", UUID.randomUUID(), null);
		awaitSealed();
		assertThat(count("SELECT count(*) FROM events WHERE id = '" + marker + "' AND seq IS NOT NULL")).isOne();
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + aggregate + "'")).isZero();
	}

	@Test
	void listGivesSealedEventsInSeqOrderPageByPage() {
		var first = append("customer.created", "customer", UUID.randomUUID(), null);
		for (int i = 0; i < 4; i++) {
			append("customer.updated", "customer", UUID.randomUUID(), null);
		}
		awaitSealed();
		var token = api().token("MANAGER");
		var seqs = new ArrayList<Long>();
		String cursor = null;
		do {
			var page = api().get("/api/v1/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token);
			assertThat(page.status()).isEqualTo(200);
			page.json().path("items").forEach(item -> seqs.add(item.path("seq").asLong()));
			cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asString();
		}
		while (cursor != null);
		assertThat(seqs).isSorted().doesNotHaveDuplicates();
		assertThat(seqs.getLast()).isEqualTo(count("SELECT max(seq) FROM events"));
		long firstSeq = jdbc.sql("SELECT seq FROM events WHERE id = :id").param("id", first).query(Long.class).single();
		var after = api().get("/api/v1/events?after=" + firstSeq + "&types=customer.updated", token);
		assertThat(after.json().path("items")).hasSizeGreaterThanOrEqualTo(4);
		after.json().path("items").forEach(item -> {
			assertThat(item.path("seq").asLong()).isGreaterThan(firstSeq);
			assertThat(item.path("type").asString()).isEqualTo("customer.updated");
			assertThat(item.path("topic").asString()).isEqualTo("customers");
		});
	}

	@Test
	void aUserLimitedToALocationSeesItsEventsAndThoseOfNoLocation() {
		var mine = UUID.randomUUID();
		var other = UUID.randomUUID();
		var atMine = append("sale.completed", "sale", UUID.randomUUID(), mine);
		var atOther = append("sale.completed", "sale", UUID.randomUUID(), other);
		var nowhere = append("product.created", "product", UUID.randomUUID(), null);
		awaitSealed();
		var token = api().tokenForNewUser("limited-" + System.nanoTime(), List.of("MANAGER"), List.of(mine.toString()));
		var ids = new ArrayList<String>();
		api().get("/api/v1/events?limit=200&types=sale.completed,product.created", token).json().path("items").forEach(item -> ids.add(item.path("id").asString()));
		assertThat(ids).contains(atMine.toString(), nowhere.toString()).doesNotContain(atOther.toString());
		assertThat(api().get("/api/v1/events?location=" + other, token).status()).isEqualTo(403);
		var atLocation = api().get("/api/v1/events?location=" + mine, token);
		assertThat(atLocation.json().path("items")).hasSize(1);
		assertThat(atLocation.json().path("items").get(0).path("id").asString()).isEqualTo(atMine.toString());
	}

	@Test
	void historyIsTheAuditTrailOfOneAggregate() {
		var customer = UUID.randomUUID();
		append("customer.created", "customer", customer, null);
		append("customer.updated", "customer", customer, null);
		append("customer.updated", "customer", UUID.randomUUID(), null);
		awaitSealed();
		var history = api().get("/api/v1/events/history/customer/" + customer, api().token("MANAGER"));
		assertThat(history.status()).isEqualTo(200);
		var types = new ArrayList<String>();
		history.json().path("items").forEach(item -> types.add(item.path("type").asString()));
		assertThat(types).containsExactly("customer.created", "customer.updated");
		assertThat(api().get("/api/v1/events/history/customer/" + UUID.randomUUID(), api().token("MANAGER")).status())
			.isEqualTo(404);
	}

	@Nested
	class BadRequests {

		@Test
		void badParametersAreRefusedNamingTheField() {
			var token = api().adminToken();
			assertField(api().get("/api/v1/events?after=-1", token), "after");
			assertField(api().get("/api/v1/events?after=abc", token), "after");
			assertField(api().get("/api/v1/events?types=Sale%20Completed", token), "types");
			assertField(api().get("/api/v1/events?limit=0", token), "limit");
			assertField(api().get("/api/v1/events?limit=abc", token), "limit");
			assertField(api().get("/api/v1/events?cursor=%25%25", token), "cursor");
			assertField(api().get("/api/v1/events?after=1&cursor=MQ", token), "cursor");
			assertField(api().get("/api/v1/events?location=nope", token), "location");
			assertField(api().get("/api/v1/events/history/Bad-Type/" + UUID.randomUUID(), token), "aggregate_type");
			assertField(api().get("/api/v1/events/history/customer/not-a-uuid", token), "aggregate_id");
		}

		private void assertField(dev.kassa.support.TestClient.Response response, String field) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.errorFields()).as(response.toString()).contains(field);
		}

		@Test
		void wrongRolesAreRefused() {
			assertThat(api().get("/api/v1/events", api().token("CASHIER")).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/events/history/customer/" + UUID.randomUUID(), api().token("CASHIER")).status())
				.isEqualTo(403);
			assertThat(api().post("/api/v1/events/verify", api().token("MANAGER"), null).status()).isEqualTo(403);
			assertThat(api().get("/api/v1/events", null).status()).isEqualTo(401);
		}
	}
}

package dev.kassa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.support.IntegrationTestSupport;

/** Tampering with the log by hand, as someone with database access might: verify names the record. */
class EventChainIntegrationTests extends IntegrationTestSupport {

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	EventStore store;

	@BeforeEach
	void someSealedEvents() {
		for (int i = 0; i < 5; i++) {
			transactions.executeWithoutResult(
					tx -> events.append("customer.created", "customer", UUID.randomUUID(), null, Map.of("name", "C")));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM events WHERE seq IS NULL") == 0);
		assertThat(verify().path("ok").asBoolean()).isTrue();
	}

	private tools.jackson.databind.JsonNode verify() {
		var response = api().post("/api/v1/events/verify", api().adminToken(), null);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	/** Runs SQL with the append-only trigger off, for this transaction only. */
	private void tamper(String sql) {
		transactions.executeWithoutResult(tx -> {
			jdbc.sql("SET LOCAL session_replication_role = replica").update();
			jdbc.sql(sql).update();
		});
	}

	@Test
	void theApplicationCannotChangeOrDeleteASealedEvent() {
		var refused = org.assertj.core.api.Assertions.catchThrowable(
				() -> jdbc.sql("UPDATE events SET payload = '{}' WHERE seq = 2").update());
		assertThat(refused).hasMessageContaining("append-only");
		refused = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.sql("DELETE FROM events WHERE seq = 2").update());
		assertThat(refused).hasMessageContaining("append-only");
	}

	@Test
	void aChangedPayloadIsNamed() {
		long seq = count("SELECT max(seq) FROM events") - 2;
		tamper("UPDATE events SET payload = '{\"name\": \"Mallory\"}' WHERE seq = " + seq);
		try {
			var result = verify();
			assertThat(result.path("ok").asBoolean()).isFalse();
			assertThat(result.path("broken_seq").asLong()).isEqualTo(seq);
			assertThat(result.path("problem").asString()).isEqualTo("content_changed");
		}
		finally {
			tamper("UPDATE events SET payload = '{\"name\": \"C\"}' WHERE seq = " + seq);
		}
		assertThat(verify().path("ok").asBoolean()).isTrue();
	}

	@Test
	void recordsDeletedFromTheEndAreNamedAndTheHeadIsGivenForAnchoring() {
		var before = verify();
		long last = count("SELECT max(seq) FROM events");
		assertThat(before.path("head_seq").asLong()).isEqualTo(last);
		assertThat(before.path("head_hash").asString()).hasSize(64);
		tamper("CREATE TABLE deleted_tail AS SELECT * FROM events WHERE seq >= " + (last - 1));
		tamper("DELETE FROM events WHERE seq >= " + (last - 1));
		try {
			var result = verify();
			assertThat(result.path("ok").asBoolean()).isFalse();
			assertThat(result.path("broken_seq").asLong()).isEqualTo(last - 1);
			assertThat(result.path("problem").asString()).isEqualTo("record_missing");
			assertThat(result.path("detail").asString()).contains("seq " + last);
		}
		finally {
			tamper("INSERT INTO events SELECT * FROM deleted_tail");
			tamper("DROP TABLE deleted_tail");
		}
		assertThat(verify().path("ok").asBoolean()).isTrue();
	}

	@Test
	void aLastRecordRewrittenWithAConsistentHashIsNamedByTheHead() {
		long last = count("SELECT max(seq) FROM events");
		var record = store.sealedAfter(last - 1, 1).getFirst();
		var original = record.content();
		var forged = new EventChain.Content(original.seq(), original.id(), original.type(), original.aggregateType(),
				original.aggregateId(), original.locationId(), original.actorId(), original.occurredAt(),
				"{\"name\": \"Mallory\"}");
		var forgedHash = EventChain.hex(EventChain.hash(record.prevHash(), forged));
		tamper("UPDATE events SET payload = '" + forged.payload() + "', hash = decode('" + forgedHash + "', 'hex') WHERE seq = "
				+ last);
		try {
			var result = verify();
			assertThat(result.path("ok").asBoolean()).isFalse();
			assertThat(result.path("broken_seq").asLong()).isEqualTo(last);
			assertThat(result.path("problem").asString()).isEqualTo("head_mismatch");
		}
		finally {
			tamper("UPDATE events SET payload = '" + original.payload() + "', hash = decode('"
					+ EventChain.hex(record.hash()) + "', 'hex') WHERE seq = " + last);
		}
		assertThat(verify().path("ok").asBoolean()).isTrue();
	}

	@Test
	void aDeletedRecordIsNamed() {
		long seq = count("SELECT max(seq) FROM events") - 1;
		var saved = jdbc.sql("SELECT id FROM events WHERE seq = :seq").param("seq", seq).query(UUID.class).single();
		tamper("CREATE TABLE deleted_event AS SELECT * FROM events WHERE seq = " + seq);
		tamper("DELETE FROM events WHERE id = '" + saved + "'");
		try {
			var result = verify();
			assertThat(result.path("ok").asBoolean()).isFalse();
			assertThat(result.path("broken_seq").asLong()).isEqualTo(seq);
			assertThat(result.path("problem").asString()).isEqualTo("record_missing");
		}
		finally {
			tamper("INSERT INTO events SELECT * FROM deleted_event");
			tamper("DROP TABLE deleted_event");
		}
		assertThat(verify().path("ok").asBoolean()).isTrue();
	}
}

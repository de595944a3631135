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

package dev.kassa.events;

import java.util.HashMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.RawJson;
import dev.kassa.platform.SqlPart;

/**
 * Appends events in the caller's transaction. Every business table refuses, at commit, a transaction
 * that changed it without appending an event (a deferred constraint trigger), so no write path can
 * forget. Sequence numbers and the hash chain are given later, in commit order, by the sealer.
 */
@NamedInterface("log")
@Service
public class EventLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final java.util.List<Runnable> afterCommitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	EventLog(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Appends one event. Must run inside a transaction: the event commits or rolls back with the change.
	 *
	 * @param type past tense, {@code <aggregate>.<what happened>}, e.g. {@code sale.completed}
	 * @param payload serialized to JSON in snake_case
	 */
	public UUID append(String type, String aggregateType, UUID aggregateId, @Nullable UUID locationId,
			Object payload) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("events are appended inside the transaction of their change");
		}
		var id = Ids.next();
		jdbc.sql("""
				INSERT INTO events (id, type, aggregate_type, aggregate_id, location_id, actor_id, occurred_at, payload)
				VALUES (:id, :type, :aggregateType, :aggregateId, :locationId, :actorId, :occurredAt, :payload::jsonb)
				""")
			.param("id", id)
			.param("type", type)
			.param("aggregateType", aggregateType)
			.param("aggregateId", aggregateId)
			.param("locationId", locationId)
			.param("actorId", CurrentUser.currentId())
			.param("occurredAt", java.sql.Timestamp.from(dev.kassa.platform.KassaClock.now()))
			.param("payload", payload instanceof RawJson raw ? raw.text() : json.writeValueAsString(payload))
			.update();
		wakeAfterCommit();
		return id;
	}

	/**
	 * The part of a statement that appends one event, for a change written in the same statement (see
	 * {@link SqlPart}): a common table expression {@code name} that inserts one event for each row of
	 * {@code from}, with the payload given as a SQL expression over that row and the statement's
	 * parameters, of type json, jsonb or text holding JSON. Must be called inside the transaction.
	 */
	public SqlPart appendInStatement(String name, String from, String type, String aggregateType, UUID aggregateId,
			@Nullable UUID locationId, String payloadSql) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("events are appended inside the transaction of their change");
		}
		// parameters named after the part, so that a statement may append several events
		var p = "e_" + name + "_";
		var params = new HashMap<String, Object>();
		params.put(p + "id", Ids.next());
		params.put(p + "type", type);
		params.put(p + "aggregate_type", aggregateType);
		params.put(p + "aggregate_id", aggregateId);
		params.put(p + "location", locationId);
		params.put(p + "actor", CurrentUser.currentId());
		params.put(p + "at", java.sql.Timestamp.from(dev.kassa.platform.KassaClock.now()));
		wakeAfterCommit();
		return new SqlPart(name + " AS (" + """
				    INSERT INTO events (id, type, aggregate_type, aggregate_id, location_id, actor_id, occurred_at, payload)
				    SELECT :%1$sid::uuid, :%1$stype::text, :%1$saggregate_type::text, :%1$saggregate_id::uuid,
				           :%1$slocation::uuid, :%1$sactor::uuid, :%1$sat::timestamptz, (""".formatted(p) + payloadSql
				+ ")::jsonb FROM " + from + ")", params);
	}

	private void wakeAfterCommit() {
		if (!afterCommitListeners.isEmpty()) {
			TransactionSynchronizationManager.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
				@Override
				public void afterCommit() {
					afterCommitListeners.forEach(Runnable::run);
				}
			});
		}
	}

	/** Runs after each commit that appended events (the sealer uses it to wake up at once). */
	public void onCommit(Runnable listener) {
		afterCommitListeners.add(listener);
	}
}

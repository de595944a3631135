package dev.kassa.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhooks and their deliveries. */
@Repository
class WebhookStore {

	private static final String COLUMNS = """
			id, url, description, event_types, active, disabled_reason, position, consecutive_failures,
			next_attempt_at, created_at, updated_at""";

	private final JdbcClient jdbc;

	private final WebhookSecrets secrets;

	WebhookStore(JdbcClient jdbc, WebhookSecrets secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/**
	 * An endpoint as its dispatcher holds it, claimed with a lease; its secret as stored (see
	 * {@link WebhookSecrets#open}).
	 */
	record Claimed(UUID id, String url, String storedSecret, List<String> eventTypes, long position, int failures,
			UUID token) {
	}

	/** @return the secret as stored (see {@link WebhookSecrets#seal}) */
	String insert(Webhook webhook, String secret, @Nullable UUID createdBy) {
		var stored = secrets.seal(webhook.id(), secret);
		jdbc.sql("""
				INSERT INTO webhooks (id, url, description, event_types, active, secret, created_by, created_at,
				                      updated_at, position, next_attempt_at)
				VALUES (:id, :url, :description, :types::text[], :active, :secret, :createdBy, :now, :now, :position, :now)
				""")
			.param("id", webhook.id())
			.param("url", webhook.url())
			.param("description", webhook.description())
			.param("types", webhook.eventTypes().toArray(String[]::new))
			.param("active", webhook.active())
			.param("secret", stored)
			.param("createdBy", createdBy)
			.param("now", Timestamp.from(webhook.createdAt()))
			.param("position", webhook.position())
			.update();
		return stored;
	}

	/** Writes what an ADMIN changed; re-activating clears the failures so that delivery resumes at once. */
	void update(UUID id, String url, @Nullable String description, List<String> eventTypes, boolean active,
			boolean reactivated, Instant now) {
		jdbc.sql("""
				UPDATE webhooks SET url = :url, description = :description, event_types = :types::text[], active = :active,
				       updated_at = :now,
				       disabled_reason = CASE WHEN :active::boolean THEN NULL ELSE disabled_reason END,
				       consecutive_failures = CASE WHEN :reactivated::boolean THEN 0 ELSE consecutive_failures END,
				       next_attempt_at = CASE WHEN :reactivated::boolean THEN :now::timestamptz ELSE next_attempt_at END
				WHERE id = :id
				""")
			.param("id", id)
			.param("url", url)
			.param("description", description)
			.param("types", eventTypes.toArray(String[]::new))
			.param("active", active)
			.param("reactivated", reactivated)
			.param("now", Timestamp.from(now))
			.update();
	}

	void rotate(UUID id, String secret, Instant now) {
		jdbc.sql("UPDATE webhooks SET secret = :secret, updated_at = :now WHERE id = :id")
			.param("id", id)
			.param("secret", secrets.seal(id, secret))
			.param("now", Timestamp.from(now))
			.update();
	}

	boolean delete(UUID id) {
		return jdbc.sql("DELETE FROM webhooks WHERE id = :id").param("id", id).update() == 1;
	}

	Optional<Webhook> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id").param("id", id).query(this::row).optional();
	}

	Optional<Webhook> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(this::row)
			.optional();
	}

	/** The endpoint's signing secret as stored: sealed, or in clear (see {@link WebhookSecrets#open}). */
	Optional<String> storedSecret(UUID id) {
		return jdbc.sql("SELECT secret FROM webhooks WHERE id = :id").param("id", id).query(String.class).optional();
	}

	/** Every endpoint's id and secret as stored, for {@link WebhookResealing}. */
	Map<UUID, String> storedSecrets() {
		var secrets = new LinkedHashMap<UUID, String>();
		jdbc.sql("SELECT id, secret FROM webhooks ORDER BY id")
			.query((ResultSet rs) -> {
				secrets.put(rs.getObject(1, UUID.class), rs.getString(2));
			});
		return secrets;
	}

	/** Replaces a stored secret by the same secret stored anew, unless it changed meanwhile. */
	boolean restore(UUID id, String was, String now) {
		return jdbc.sql("UPDATE webhooks SET secret = :now WHERE id = :id AND secret = :was")
			.param("id", id)
			.param("was", was)
			.param("now", now)
			.update() == 1;
	}

	List<Webhook> page(@Nullable UUID after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM webhooks WHERE (:after::uuid IS NULL OR id > :after::uuid) ORDER BY id LIMIT :limit")
			.param("after", after)
			.param("limit", limit)
			.query(this::row)
			.list();
	}

	/**
	 * Claims up to {@code limit} active endpoints that are due and behind the log's last position; rows
	 * another dispatcher is claiming are skipped, and a claimed endpoint stays hidden until its lease runs
	 * out, so that one endpoint is delivered to by one dispatcher at a time, in order.
	 */
	List<Claimed> claim(int limit, long lastPosition, UUID token, Duration lease) {
		return jdbc.sql("""
				UPDATE webhooks w SET claimed_until = now() + make_interval(secs => :lease), claim_token = :token
				FROM (SELECT id FROM webhooks
				       WHERE active AND next_attempt_at <= now() AND position < :last
				         AND (claimed_until IS NULL OR claimed_until < now())
				       ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
				WHERE w.id = due.id
				RETURNING w.id, w.url, w.secret, w.event_types, w.position, w.consecutive_failures
				""")
			.param("lease", (double) lease.toMillis() / 1000)
			.param("token", token)
			.param("last", lastPosition)
			.param("limit", limit)
			.query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					List.of((String[]) rs.getArray(4).getArray()), rs.getLong(5), rs.getInt(6), token))
			.list();
	}

	/** Moves the cursor after a success (clearing failures) and renews the lease; false when the lease was lost. */
	boolean advance(Claimed webhook, long position, Duration lease) {
		return jdbc.sql("""
				UPDATE webhooks SET position = :position, consecutive_failures = 0,
				       claimed_until = now() + make_interval(secs => :lease)
				WHERE id = :id AND claim_token = :token
				""")
			.param("position", position)
			.param("lease", (double) lease.toMillis() / 1000)
			.param("id", webhook.id())
			.param("token", webhook.token())
			.update() == 1;
	}

	/** Gives the endpoint back with its cursor where it got to. */
	void release(Claimed webhook, long position) {
		jdbc.sql("""
				UPDATE webhooks SET position = :position, claimed_until = NULL, claim_token = NULL
				WHERE id = :id AND claim_token = :token
				""").param("position", position).param("id", webhook.id()).param("token", webhook.token()).update();
	}

	/** Gives the endpoint back after a failed delivery, to be tried again at {@code next}. */
	void failed(Claimed webhook, long position, int failures, Instant next) {
		jdbc.sql("""
				UPDATE webhooks SET position = :position, consecutive_failures = :failures, next_attempt_at = :next,
				       claimed_until = NULL, claim_token = NULL
				WHERE id = :id AND claim_token = :token
				""")
			.param("position", position)
			.param("failures", failures)
			.param("next", Timestamp.from(next))
			.param("id", webhook.id())
			.param("token", webhook.token())
			.update();
	}

	/** Disables the endpoint after too many failures in a row; false when the lease was lost. */
	boolean disable(Claimed webhook, long position, int failures, String reason, Instant now) {
		return jdbc.sql("""
				UPDATE webhooks SET active = false, disabled_reason = :reason, position = :position,
				       consecutive_failures = :failures, updated_at = :now, claimed_until = NULL, claim_token = NULL
				WHERE id = :id AND claim_token = :token AND active
				""")
			.param("reason", reason)
			.param("position", position)
			.param("failures", failures)
			.param("now", Timestamp.from(now))
			.param("id", webhook.id())
			.param("token", webhook.token())
			.update() == 1;
	}

	void insertDelivery(UUID webhookId, WebhookDelivery delivery) {
		jdbc.sql("""
				INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, position, attempted_at, duration_ms,
				                                ok, status_code, error)
				SELECT :id, :webhook, :eventId, :type, :position, :at, :duration, :ok, :status, :error
				WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = :webhook)
				""")
			.param("id", delivery.id())
			.param("webhook", webhookId)
			.param("eventId", delivery.eventId())
			.param("type", delivery.eventType())
			.param("position", delivery.position())
			.param("at", Timestamp.from(delivery.attemptedAt()))
			.param("duration", delivery.durationMs())
			.param("ok", delivery.ok())
			.param("status", delivery.statusCode())
			.param("error", delivery.error())
			.update();
	}

	/** Newest first. */
	List<WebhookDelivery> deliveries(UUID webhookId, @Nullable UUID before, int limit) {
		return jdbc.sql("""
				SELECT id, event_id, event_type, position, attempted_at, duration_ms, ok, status_code, error
				FROM webhook_deliveries
				WHERE webhook_id = :webhook AND (:before::uuid IS NULL OR id < :before::uuid)
				ORDER BY id DESC LIMIT :limit
				""")
			.param("webhook", webhookId)
			.param("before", before)
			.param("limit", limit)
			.query((rs, n) -> new WebhookDelivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getString(3), (Long) rs.getObject(4), rs.getTimestamp(5).toInstant(), rs.getLong(6),
					rs.getBoolean(7), (Integer) rs.getObject(8), rs.getString(9)))
			.list();
	}

	int forgetDeliveriesBefore(Instant cutoff) {
		return jdbc.sql("DELETE FROM webhook_deliveries WHERE attempted_at < :cutoff")
			.param("cutoff", Timestamp.from(cutoff))
			.update();
	}

	private Webhook row(ResultSet rs, int n) throws SQLException {
		boolean active = rs.getBoolean(5);
		return new Webhook(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				List.of((String[]) rs.getArray(4).getArray()), active, rs.getString(6), rs.getLong(7), rs.getInt(8),
				active ? rs.getTimestamp(9).toInstant() : null, rs.getTimestamp(10).toInstant(),
				rs.getTimestamp(11).toInstant(), null);
	}
}

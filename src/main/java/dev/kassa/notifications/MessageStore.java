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
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The messages tables: the outbox, its attachments and its attempts. */
@Repository
class MessageStore {

	private static final String COLUMNS = """
			id, channel, recipient, subject, body, template::text, status, attempts, max_attempts, next_attempt_at,
			last_error, provider_id, reference, location_id, created_at, sent_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	MessageStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A message as its dispatcher holds it, claimed with a lease. */
	record Claimed(UUID id, Channel channel, String to, @Nullable String subject, @Nullable String text,
			@Nullable WhatsAppTemplate template, int attempts, int maxAttempts, UUID token) {
	}

	/**
	 * How many messages about a reference were queued since a moment. Takes a transaction-scoped advisory lock on
	 * the reference first, so that two senders counting at once count one after the other.
	 */
	long countQueuedSince(String reference, Instant since) {
		jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('message-reference:' || :reference, 0))")
			.param("reference", reference)
			.query()
			.singleRow();
		return jdbc.sql("SELECT count(*) FROM messages WHERE reference = :reference AND created_at >= :since")
			.param("reference", reference)
			.param("since", Timestamp.from(since))
			.query(Long.class)
			.single();
	}

	void insert(UUID id, OutboundMessage message, String to, int maxAttempts, @Nullable UUID createdBy, Instant now) {
		jdbc.sql("""
				INSERT INTO messages (id, channel, recipient, subject, body, template, status, attempts, max_attempts,
				                      next_attempt_at, reference, location_id, created_by, created_at, updated_at)
				VALUES (:id, :channel, :to, :subject, :body, :template::jsonb, 'QUEUED', 0, :max, :now, :reference,
				        :location, :createdBy, :now, :now)
				""")
			.param("id", id)
			.param("channel", message.channel().name())
			.param("to", to)
			.param("subject", message.subject())
			.param("body", message.text())
			.param("template", message.template() == null ? null : json.writeValueAsString(message.template()))
			.param("max", maxAttempts)
			.param("reference", message.reference())
			.param("location", message.locationId())
			.param("createdBy", createdBy)
			.param("now", Timestamp.from(now))
			.update();
		int position = 0;
		for (var attachment : message.attachments()) {
			jdbc.sql("""
					INSERT INTO message_attachments (message_id, position, file_name, content_type, content)
					VALUES (:id, :position, :name, :type, :content)
					""")
				.param("id", id)
				.param("position", position++)
				.param("name", attachment.fileName())
				.param("type", attachment.contentType())
				.param("content", attachment.content())
				.update();
		}
	}

	/**
	 * Claims up to {@code limit} due messages for one dispatcher: rows another dispatcher is claiming right
	 * now are skipped (SKIP LOCKED), rows it claimed stay hidden until their lease runs out.
	 */
	List<Claimed> claim(int limit, UUID token, Duration lease) {
		return jdbc.sql("""
				UPDATE messages m SET claimed_until = now() + make_interval(secs => :lease), claim_token = :token
				FROM (SELECT id FROM messages
				       WHERE status = 'QUEUED' AND next_attempt_at <= now()
				         AND (claimed_until IS NULL OR claimed_until < now())
				       ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
				WHERE m.id = due.id
				RETURNING m.id, m.channel, m.recipient, m.subject, m.body, m.template::text, m.attempts, m.max_attempts
				""")
			.param("lease", (double) lease.toMillis() / 1000)
			.param("token", token)
			.param("limit", limit)
			.query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), Channel.valueOf(rs.getString(2)),
					rs.getString(3), rs.getString(4), rs.getString(5), template(rs.getString(6)), rs.getInt(7),
					rs.getInt(8), token))
			.list();
	}

	List<Attachment> attachments(UUID id) {
		return jdbc.sql("""
				SELECT file_name, content_type, content FROM message_attachments WHERE message_id = :id ORDER BY position
				""").param("id", id).query((rs, n) -> new Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
	}

	/**
	 * The provider's id of the message's first file, uploaded by an earlier attempt after {@code since};
	 * null when there is none that recent.
	 */
	@Nullable String uploadedMedia(UUID id, Instant since) {
		return jdbc.sql("""
				SELECT provider_media_id FROM message_attachments
				WHERE message_id = :id AND position = 0 AND provider_media_at > :since
				""").param("id", id).param("since", Timestamp.from(since)).query(String.class).optional().orElse(null);
	}

	/** Keeps the provider's id of the message's first file, uploaded at {@code at}; in the attempt's transaction. */
	void keepUploadedMedia(UUID id, String media, Instant at) {
		jdbc.sql("""
				UPDATE message_attachments SET provider_media_id = :media, provider_media_at = :at
				WHERE message_id = :id AND position = 0
				""").param("id", id).param("media", media).param("at", Timestamp.from(at)).update();
	}

	/**
	 * Records an attempt's outcome while the dispatcher still holds the lease; false when it does not (its
	 * lease ran out and another took the message over), and then nothing is written.
	 */
	boolean finish(Claimed message, MessageStatus status, @Nullable Instant nextAttemptAt, @Nullable String error,
			@Nullable String providerId, Instant now) {
		return jdbc.sql("""
				UPDATE messages SET status = :status, attempts = attempts + 1,
				       next_attempt_at = coalesce(:next::timestamptz, next_attempt_at), last_error = :error::text,
				       provider_id = coalesce(:provider::text, provider_id), updated_at = :now::timestamptz,
				       sent_at = CASE WHEN :status::text = 'SENT' THEN :now::timestamptz END, claimed_until = NULL,
				       claim_token = NULL
				WHERE id = :id AND claim_token = :token AND status = 'QUEUED'
				""")
			.param("status", status.name())
			.param("next", nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt))
			.param("error", error)
			.param("provider", providerId)
			.param("now", Timestamp.from(now))
			.param("id", message.id())
			.param("token", message.token())
			.update() == 1;
	}

	void insertAttempt(UUID id, int attempt, Instant startedAt, long durationMs, String outcome,
			@Nullable Integer statusCode, @Nullable String error) {
		jdbc.sql("""
				INSERT INTO message_attempts (message_id, attempt, started_at, duration_ms, outcome, status_code, error)
				VALUES (:id, :attempt, :startedAt, :duration, :outcome, :statusCode, :error)
				""")
			.param("id", id)
			.param("attempt", attempt)
			.param("startedAt", Timestamp.from(startedAt))
			.param("duration", durationMs)
			.param("outcome", outcome)
			.param("statusCode", statusCode)
			.param("error", error)
			.update();
	}

	Optional<Message> find(UUID id) {
		var message = jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE id = :id").param("id", id).query(this::row).optional();
		return message.map(m -> withDetails(m, attachmentInfos(List.of(id)).getOrDefault(id, List.of()), attempts(id)));
	}

	/** What a list asks for; null filters are not applied. */
	record Filter(@Nullable MessageStatus status, @Nullable Channel channel, @Nullable String reference) {
	}

	/** Newest first, keyset on the id (UUIDv7, so by creation time). */
	List<Message> page(Filter filter, @Nullable UUID before, int limit) {
		var sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE true");
		var params = new LinkedHashMap<String, Object>();
		if (before != null) {
			sql.append(" AND id < :before");
			params.put("before", before);
		}
		if (filter.status() != null) {
			sql.append(" AND status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.channel() != null) {
			sql.append(" AND channel = :channel");
			params.put("channel", filter.channel().name());
		}
		if (filter.reference() != null) {
			sql.append(" AND reference = :reference");
			params.put("reference", filter.reference());
		}
		sql.append(" ORDER BY id DESC LIMIT :limit");
		params.put("limit", limit);
		var rows = jdbc.sql(sql.toString()).params(params).query(this::row).list();
		if (rows.isEmpty()) {
			return rows;
		}
		var infos = attachmentInfos(rows.stream().map(Message::id).toList());
		return rows.stream().map(m -> withDetails(m, infos.getOrDefault(m.id(), List.of()), List.of())).toList();
	}

	private Map<UUID, List<Message.AttachmentInfo>> attachmentInfos(List<UUID> ids) {
		return jdbc.sql("""
				SELECT message_id, file_name, content_type, octet_length(content) FROM message_attachments
				WHERE message_id = ANY(:ids::uuid[]) ORDER BY message_id, position
				""")
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.query((rs, n) -> Map.entry(rs.getObject(1, UUID.class),
					new Message.AttachmentInfo(rs.getString(2), rs.getString(3), rs.getLong(4))))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
	}

	private List<Message.Attempt> attempts(UUID id) {
		return jdbc.sql("""
				SELECT attempt, started_at, duration_ms, outcome, status_code, error FROM message_attempts
				WHERE message_id = :id ORDER BY attempt
				""").param("id", id).query((rs, n) -> new Message.Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(),
						rs.getLong(3), rs.getString(4), (Integer) rs.getObject(5), rs.getString(6))).list();
	}

	private static Message withDetails(Message m, List<Message.AttachmentInfo> attachments, List<Message.Attempt> attempts) {
		return new Message(m.id(), m.channel(), m.to(), m.subject(), m.text(), m.template(), m.status(), m.attempts(),
				m.maxAttempts(), m.nextAttemptAt(), m.lastError(), m.providerId(), m.reference(), m.locationId(),
				attachments, attempts, m.createdAt(), m.sentAt());
	}

	private Message row(ResultSet rs, int n) throws SQLException {
		var status = MessageStatus.valueOf(rs.getString(7));
		var sent = rs.getTimestamp(16);
		return new Message(rs.getObject(1, UUID.class), Channel.valueOf(rs.getString(2)), rs.getString(3),
				rs.getString(4), rs.getString(5), template(rs.getString(6)), status, rs.getInt(8), rs.getInt(9),
				status == MessageStatus.QUEUED ? rs.getTimestamp(10).toInstant() : null, rs.getString(11),
				rs.getString(12), rs.getString(13), rs.getObject(14, UUID.class), List.of(), List.of(),
				rs.getTimestamp(15).toInstant(), sent == null ? null : sent.toInstant());
	}

	private @Nullable WhatsAppTemplate template(@Nullable String text) {
		return text == null ? null : json.readValue(text, WhatsAppTemplate.class);
	}

	/** A finished message that still holds attachments. */
	record Holding(UUID id, @Nullable UUID locationId) {
	}

	/** Messages sent or failed before the cutoff that still hold attachments, oldest first. */
	List<Holding> attachmentsHeldBefore(Instant cutoff, int limit) {
		return jdbc.sql("""
				SELECT m.id, m.location_id FROM messages m
				WHERE m.status IN ('SENT', 'FAILED') AND m.updated_at < :cutoff
				  AND EXISTS (SELECT 1 FROM message_attachments a WHERE a.message_id = m.id)
				ORDER BY m.updated_at, m.id LIMIT :limit
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query((rs, n) -> new Holding(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.list();
	}

	/** Removes a finished message's attachments; answers how many files and bytes went. */
	long[] removeAttachments(UUID id) {
		return jdbc.sql("""
				WITH gone AS (
				    DELETE FROM message_attachments a USING messages m
				    WHERE a.message_id = :id AND m.id = a.message_id AND m.status IN ('SENT', 'FAILED')
				    RETURNING octet_length(a.content) AS size)
				SELECT count(*), coalesce(sum(size), 0) FROM gone
				""")
			.param("id", id)
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	/** Up to {@code limit} messages sent or failed before {@code cutoff}, oldest first. */
	List<Holding> finishedBefore(Instant cutoff, int limit) {
		return jdbc.sql("""
				SELECT id, location_id FROM messages
				WHERE status IN ('SENT', 'FAILED') AND updated_at < :cutoff
				ORDER BY updated_at, id LIMIT :limit
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query((rs, n) -> new Holding(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.list();
	}

	/**
	 * Deletes a message (its attachments and attempts with it) if it is still sent or failed before
	 * {@code cutoff}; answers its status, or null when another sweep took it first.
	 */
	@Nullable MessageStatus remove(UUID id, Instant cutoff) {
		return jdbc.sql("""
				DELETE FROM messages WHERE id = :id AND status IN ('SENT', 'FAILED') AND updated_at < :cutoff
				RETURNING status
				""")
			.param("id", id)
			.param("cutoff", Timestamp.from(cutoff))
			.query((rs, n) -> MessageStatus.valueOf(rs.getString(1)))
			.optional()
			.orElse(null);
	}
}

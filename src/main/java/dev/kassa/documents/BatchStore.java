package dev.kassa.documents;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The document_batches table. The file is read only by {@link #file}, never with the row. */
@Repository
class BatchStore {

	/** A batch row without its file. */
	record Row(UUID id, String kind, UUID locationId, LocalDate from, LocalDate to, String status,
			@Nullable UUID jobId, UUID requestedBy, long expectedCount, @Nullable Long documentCount,
			@Nullable Long fileSize, byte @Nullable [] sha256, Instant createdAt, @Nullable Instant finishedAt,
			@Nullable Instant expiresAt) {
	}

	private static final String COLUMNS = """
			id, kind, location_id, date_from, date_to, status, job_id, requested_by, expected_count, document_count,
			file_size, file_sha256, created_at, finished_at, expires_at""";

	private final JdbcClient jdbc;

	BatchStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Row row) {
		jdbc.sql("""
				INSERT INTO document_batches (id, kind, location_id, date_from, date_to, status, requested_by,
				    expected_count, created_at)
				VALUES (:id, :kind, :locationId, :from, :to, :status, :requestedBy, :expected, :createdAt)
				""")
			.param("id", row.id())
			.param("kind", row.kind())
			.param("locationId", row.locationId())
			.param("from", row.from())
			.param("to", row.to())
			.param("status", row.status())
			.param("requestedBy", row.requestedBy())
			.param("expected", row.expectedCount())
			.param("createdAt", Timestamp.from(row.createdAt()))
			.update();
	}

	void setJob(UUID id, UUID jobId) {
		jdbc.sql("UPDATE document_batches SET job_id = :jobId WHERE id = :id").param("id", id).param("jobId", jobId).update();
	}

	Optional<Row> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM document_batches WHERE id = :id")
			.param("id", id)
			.query(this::row)
			.optional();
	}

	private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
				rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), rs.getString(6),
				rs.getObject(7, UUID.class), rs.getObject(8, UUID.class), rs.getLong(9), (Long) rs.getObject(10),
				(Long) rs.getObject(11), rs.getBytes(12), instant(rs.getObject(13, OffsetDateTime.class)),
				instantOrNull(rs.getObject(14, OffsetDateTime.class)), instantOrNull(rs.getObject(15, OffsetDateTime.class)));
	}

	/** Newest first, keyset on the id; {@code only} the locations a user is limited to, null for all. */
	List<Row> page(java.util.@Nullable Set<UUID> only, @Nullable UUID locationId, @Nullable UUID before, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM document_batches
				WHERE (:before::uuid IS NULL OR id < :before)
				  AND (:only::uuid[] IS NULL OR location_id = ANY(:only::uuid[]))
				  AND (:locationId::uuid IS NULL OR location_id = :locationId)
				ORDER BY id DESC
				LIMIT :limit
				""")
			.param("before", before)
			.param("only", only == null ? null : "{" + String.join(",", only.stream().map(UUID::toString).toList()) + "}")
			.param("locationId", locationId)
			.param("limit", limit)
			.query(this::row)
			.list();
	}

	/** Stores the made file once; false when the batch was finished already (by an earlier run). */
	boolean finish(UUID id, byte[] file, byte[] sha256, long count, Instant now, Instant expiresAt) {
		return jdbc.sql("""
				UPDATE document_batches
				SET status = 'SUCCEEDED', file = :file, file_size = :size, file_sha256 = :sha, document_count = :count,
				    finished_at = :now, expires_at = :expires
				WHERE id = :id AND status = 'QUEUED'
				""")
			.param("id", id)
			.param("file", file)
			.param("size", (long) file.length)
			.param("sha", sha256)
			.param("count", count)
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expiresAt))
			.update() == 1;
	}

	Optional<byte[]> file(UUID id) {
		return jdbc.sql("SELECT file FROM document_batches WHERE id = :id AND status = 'SUCCEEDED'")
			.param("id", id)
			.query((rs, n) -> rs.getBytes(1))
			.optional();
	}

	List<UUID> dueForExpiry(Instant now, int limit) {
		return jdbc.sql("""
				SELECT id FROM document_batches WHERE status = 'SUCCEEDED' AND expires_at <= :now ORDER BY expires_at LIMIT :limit
				""")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	/** Removes the file of a batch past its expiry; false when another sweep did. */
	boolean expire(UUID id, Instant now) {
		return jdbc.sql("""
				UPDATE document_batches SET status = 'EXPIRED', file = NULL
				WHERE id = :id AND status = 'SUCCEEDED' AND expires_at <= :now
				""")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	private static Instant instant(OffsetDateTime time) {
		return time.toInstant();
	}

	private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime time) {
		return time == null ? null : time.toInstant();
	}
}

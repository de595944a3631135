package dev.kassa.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The product_imports table with the uploaded file's chunks and the error report. */
@Repository
class ProductImportStore {

	private static final String COLUMNS = """
			id, mode, status, file_name, file_size, rows_read, created_count, updated_count, unchanged_count,
			rejected_count, error_count, problem, job_id, created_by, created_at, started_at, finished_at, last_line
			""";

	private static final RowMapper<ProductImport> MAPPER = (rs, n) -> new ProductImport(rs.getObject("id", UUID.class),
			ImportMode.valueOf(rs.getString("mode")), ProductImport.Status.valueOf(rs.getString("status")),
			rs.getString("file_name"), rs.getLong("file_size"), rs.getLong("rows_read"), rs.getLong("created_count"),
			rs.getLong("updated_count"), rs.getLong("unchanged_count"), rs.getLong("rejected_count"),
			rs.getLong("error_count"), rs.getString("problem"), rs.getObject("job_id", UUID.class),
			rs.getObject("created_by", UUID.class),
			rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("started_at")),
			instant(rs.getTimestamp("finished_at")));

	private final JdbcClient jdbc;

	ProductImportStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Counts to add to an import's. */
	record Counts(long rows, long created, long updated, long unchanged, long rejected, long errors) {

		static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

		Counts plus(Counts other) {
			return new Counts(rows + other.rows, created + other.created, updated + other.updated,
					unchanged + other.unchanged, rejected + other.rejected, errors + other.errors);
		}
	}

	void insert(ProductImport created, byte[] sha256) {
		jdbc.sql("""
				INSERT INTO product_imports (id, mode, status, file_name, file_size, file_sha256, created_by, created_at)
				VALUES (:id, :mode, :status, :fileName, :fileSize, :sha, :createdBy, :createdAt)
				""")
			.param("id", created.id())
			.param("mode", created.mode().name())
			.param("status", created.status().name())
			.param("fileName", created.fileName())
			.param("fileSize", created.fileSize())
			.param("sha", sha256)
			.param("createdBy", created.createdBy())
			.param("createdAt", Timestamp.from(created.createdAt()))
			.update();
	}

	void setJob(UUID importId, UUID jobId) {
		jdbc.sql("UPDATE product_imports SET job_id = :job WHERE id = :id").param("id", importId).param("job", jobId).update();
	}

	void insertChunk(UUID importId, int n, byte[] data) {
		jdbc.sql("INSERT INTO product_import_chunks (import_id, n, data) VALUES (:id, :n, :data)")
			.param("id", importId)
			.param("n", n)
			.param("data", data)
			.update();
	}

	Optional<byte[]> chunk(UUID importId, int n) {
		return jdbc.sql("SELECT data FROM product_import_chunks WHERE import_id = :id AND n = :n")
			.param("id", importId)
			.param("n", n)
			.query((rs, i) -> rs.getBytes(1))
			.optional();
	}

	void deleteChunks(UUID importId) {
		jdbc.sql("DELETE FROM product_import_chunks WHERE import_id = :id").param("id", importId).update();
	}

	Optional<ProductImport> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM product_imports WHERE id = :id").param("id", id).query(MAPPER).optional();
	}

	/** The line up to which rows are settled, locking the import until commit. */
	long lockLastLine(UUID id) {
		return jdbc.sql("SELECT last_line FROM product_imports WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(Long.class)
			.single();
	}

	/** QUEUED becomes RUNNING; answers false when it was not queued (already running: a resumed run). */
	boolean start(UUID id, Instant now) {
		return jdbc.sql("UPDATE product_imports SET status = 'RUNNING', started_at = :now WHERE id = :id AND status = 'QUEUED'")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	void add(UUID id, Counts counts, long lastLine) {
		jdbc.sql("""
				UPDATE product_imports
				SET rows_read = rows_read + :rows, created_count = created_count + :created,
				    updated_count = updated_count + :updated, unchanged_count = unchanged_count + :unchanged,
				    rejected_count = rejected_count + :rejected, error_count = error_count + :errors,
				    last_line = greatest(last_line, :lastLine)
				WHERE id = :id
				""")
			.param("id", id)
			.param("rows", counts.rows())
			.param("created", counts.created())
			.param("updated", counts.updated())
			.param("unchanged", counts.unchanged())
			.param("rejected", counts.rejected())
			.param("errors", counts.errors())
			.param("lastLine", lastLine)
			.update();
	}

	void finish(UUID id, ProductImport.Status status, @Nullable String problem, Instant now) {
		jdbc.sql("UPDATE product_imports SET status = :status, problem = :problem, finished_at = :now WHERE id = :id")
			.param("id", id)
			.param("status", status.name())
			.param("problem", problem)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Appends errors to the report, numbered from {@code first} on. */
	void insertErrors(UUID importId, long first, List<ImportError> errors) {
		if (errors.isEmpty()) {
			return;
		}
		var numbers = new Long[errors.size()];
		var lines = new Long[errors.size()];
		var fields = new String[errors.size()];
		var messages = new String[errors.size()];
		for (int i = 0; i < errors.size(); i++) {
			numbers[i] = first + i;
			lines[i] = errors.get(i).line();
			fields[i] = errors.get(i).field();
			messages[i] = errors.get(i).message();
		}
		jdbc.sql("""
				INSERT INTO product_import_errors (import_id, n, line, field, message)
				SELECT :id, v.n, v.line, v.field, v.message
				FROM unnest(:numbers::bigint[], :lines::bigint[], :fields::text[], :messages::text[]) AS v(n, line, field, message)
				""")
			.param("id", importId)
			.param("numbers", numbers)
			.param("lines", lines)
			.param("fields", fields)
			.param("messages", messages)
			.update();
	}

	/** The number of errors reported so far (the next error's number). */
	long errorCount(UUID importId) {
		return jdbc.sql("SELECT count(*) FROM product_import_errors WHERE import_id = :id")
			.param("id", importId)
			.query(Long.class)
			.single();
	}

	/** Hands the report's errors in order to {@code sink}, a page at a time. */
	void errors(UUID importId, Consumer<ImportError> sink) {
		long after = -1;
		while (true) {
			var page = jdbc.sql("""
					SELECT n, line, field, message FROM product_import_errors
					WHERE import_id = :id AND n > :after ORDER BY n LIMIT 1000
					""")
				.param("id", importId)
				.param("after", after)
				.query((rs, i) -> new Object[] { rs.getLong("n"),
						new ImportError(rs.getObject("line", Long.class), rs.getString("field"), rs.getString("message")) })
				.list();
			page.forEach(row -> sink.accept((ImportError) row[1]));
			if (page.size() < 1000) {
				return;
			}
			after = (Long) page.getLast()[0];
		}
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}

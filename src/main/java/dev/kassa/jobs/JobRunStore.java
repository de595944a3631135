package dev.kassa.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JobRunStore {

	private static final String COLUMNS = """
			id, kind, state, done, total, errors::text, result_url, attempts, recovery, started_by, created_at,
			updated_at, finished_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	JobRunStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(UUID id, String kind, String input, @Nullable UUID startedBy) {
		jdbc.sql("""
				INSERT INTO job_runs (id, kind, state, input, started_by) VALUES (:id, :kind, 'QUEUED', :input::jsonb, :startedBy)
				""").param("id", id).param("kind", kind).param("input", input).param("startedBy", startedBy).update();
	}

	Optional<JobRun> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM job_runs WHERE id = :id").param("id", id).query(this::run).optional();
	}

	String input(UUID id) {
		return jdbc.sql("SELECT input::text FROM job_runs WHERE id = :id").param("id", id).query(String.class).single();
	}

	/** Marks a run started; answers it as it was before (locked until commit). */
	JobRun lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM job_runs WHERE id = :id FOR UPDATE").param("id", id).query(this::run).single();
	}

	void start(UUID id, @Nullable String recovery, boolean keepProgress) {
		jdbc.sql("""
				UPDATE job_runs SET state = 'RUNNING', attempts = attempts + 1, recovery = coalesce(:recovery, recovery),
				       done = CASE WHEN :keep THEN done ELSE 0 END, updated_at = now()
				WHERE id = :id
				""").param("id", id).param("recovery", recovery).param("keep", keepProgress).update();
	}

	void progress(UUID id, long done, @Nullable Long total, String errors) {
		jdbc.sql("""
				UPDATE job_runs SET done = :done, total = :total, errors = :errors::jsonb, updated_at = now() WHERE id = :id
				""").param("id", id).param("done", done).param("total", total).param("errors", errors).update();
	}

	void finish(UUID id, String state, @Nullable String resultUrl, String errors) {
		jdbc.sql("""
				UPDATE job_runs SET state = :state, result_url = :resultUrl, errors = :errors::jsonb, updated_at = now(),
				       finished_at = CASE WHEN :state IN ('SUCCEEDED', 'FAILED') THEN now() END
				WHERE id = :id
				""").param("id", id).param("state", state).param("resultUrl", resultUrl).param("errors", errors).update();
	}

	private JobRun run(ResultSet rs, int row) throws SQLException {
		return new JobRun(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4),
				(Long) rs.getObject(5), json.readTree(rs.getString(6)), rs.getString(7), rs.getInt(8), rs.getString(9),
				rs.getObject(10, UUID.class), rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class),
				rs.getObject(13, OffsetDateTime.class));
	}
}

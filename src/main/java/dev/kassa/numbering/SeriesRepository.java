package dev.kassa.numbering;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The document_series table. */
@Repository
class SeriesRepository {

	private static final String COLUMNS = """
			id, document_type, location_id, location_code, financial_year_id, financial_year_code, format,
			next_value, max_value, created_at, updated_at""";

	private final JdbcClient jdbc;

	SeriesRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A number taken: the series' format and codes, and the sequence value. */
	record Taken(String format, String locationCode, String financialYearCode, long value) {
	}

	/** Inserts unless the type, location and year have a series; answers whether it was inserted. */
	boolean insert(DocumentSeries series) {
		return jdbc.sql("""
				INSERT INTO document_series (id, document_type, location_id, location_code, financial_year_id,
				                             financial_year_code, format, next_value, max_value, created_at, updated_at)
				VALUES (:id, :type, :locationId, :locationCode, :yearId, :yearCode, :format, :nextValue, :maxValue,
				        :createdAt, :createdAt)
				ON CONFLICT ON CONSTRAINT document_series_one DO NOTHING
				""")
			.param("id", series.id())
			.param("type", series.documentType().name())
			.param("locationId", series.locationId())
			.param("locationCode", series.locationCode())
			.param("yearId", series.financialYearId())
			.param("yearCode", series.financialYearCode())
			.param("format", series.format())
			.param("nextValue", series.nextValue())
			.param("maxValue", series.maxValue())
			.param("createdAt", Timestamp.from(series.createdAt()))
			.update() == 1;
	}

	/**
	 * Takes the next value with one statement. The updated row stays locked until the caller's transaction
	 * ends: a concurrent taker waits, and a rollback gives the value back. Empty when there is no series or
	 * it is exhausted.
	 */
	Optional<Taken> take(DocumentType type, UUID locationId, UUID yearId) {
		return jdbc.sql("""
				UPDATE document_series SET next_value = next_value + 1, updated_at = clock_timestamp()
				WHERE document_type = :type AND location_id = :locationId AND financial_year_id = :yearId
				  AND next_value <= max_value
				RETURNING format, location_code, financial_year_code, next_value - 1 AS value
				""")
			.param("type", type.name())
			.param("locationId", locationId)
			.param("yearId", yearId)
			.query((rs, n) -> new Taken(rs.getString("format"), rs.getString("location_code"),
					rs.getString("financial_year_code"), rs.getLong("value")))
			.optional();
	}

	Optional<DocumentSeries> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM document_series WHERE id = :id")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	Optional<DocumentSeries> find(DocumentType type, UUID locationId, UUID yearId) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM document_series
				WHERE document_type = :type AND location_id = :locationId AND financial_year_id = :yearId
				""")
			.param("type", type.name())
			.param("locationId", locationId)
			.param("yearId", yearId)
			.query(MAPPER)
			.optional();
	}

	List<DocumentSeries> page(@Nullable UUID after, int limit, @Nullable Collection<UUID> only,
			@Nullable UUID locationId, @Nullable DocumentType type, @Nullable UUID yearId) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM document_series
				WHERE (:after::uuid IS NULL OR id > :after)
				  AND (:restricted = false OR location_id = ANY(:only::uuid[]))
				  AND (:locationId::uuid IS NULL OR location_id = :locationId)
				  AND (:type::text IS NULL OR document_type = :type)
				  AND (:yearId::uuid IS NULL OR financial_year_id = :yearId)
				ORDER BY id LIMIT :limit
				""")
			.param("after", after)
			.param("restricted", only != null)
			.param("only", only == null ? "{}" : "{" + String.join(",", only.stream().map(UUID::toString).toList()) + "}")
			.param("locationId", locationId)
			.param("type", type == null ? null : type.name())
			.param("yearId", yearId)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}

	long usedAt(UUID locationId) {
		return jdbc.sql("SELECT count(*) FROM document_series WHERE location_id = :locationId AND next_value > 1")
			.param("locationId", locationId)
			.query(Long.class)
			.single();
	}

	/** Deletes the location's series that never gave out a number; waits for takers holding their rows. */
	int deleteUnused(UUID locationId) {
		return jdbc.sql("DELETE FROM document_series WHERE location_id = :locationId AND next_value = 1")
			.param("locationId", locationId)
			.update();
	}

	private static final RowMapper<DocumentSeries> MAPPER = (rs, n) -> new DocumentSeries(
			rs.getObject("id", UUID.class), DocumentType.valueOf(rs.getString("document_type")),
			rs.getObject("location_id", UUID.class), rs.getString("location_code"),
			rs.getObject("financial_year_id", UUID.class), rs.getString("financial_year_code"), rs.getString("format"),
			rs.getLong("next_value"), rs.getLong("max_value"), instant(rs.getTimestamp("created_at")),
			instant(rs.getTimestamp("updated_at")));

	private static Instant instant(Timestamp timestamp) {
		return timestamp.toInstant();
	}
}

package dev.kassa.numbering;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.platform.SqlPart;

/** The document_series table. */
@Repository
class SeriesStore {

	private static final String COLUMNS = """
			id, document_type, location_id, location_code, financial_year_id, financial_year_code, format,
			next_value, max_value, created_at, updated_at""";

	private final JdbcClient jdbc;

	SeriesStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts unless the type, location and year have a series; answers whether it was inserted. The
	 * series copies the year's dates and whether it is closed; the year's row is share-locked, so that a
	 * close waits for this series and then closes it too.
	 */
	boolean insert(DocumentSeries series) {
		return jdbc.sql("""
				INSERT INTO document_series (id, document_type, location_id, location_code, financial_year_id,
				                             financial_year_code, starts_on, ends_on, closed, format, next_value,
				                             max_value, created_at, updated_at)
				SELECT :id::uuid, :type::text, :locationId::uuid, :locationCode::text, y.id, :yearCode::text,
				       y.starts_on, y.ends_on, y.closed, :format::text, :nextValue::bigint, :maxValue::bigint,
				       :createdAt::timestamptz, :createdAt::timestamptz
				  FROM financial_years y WHERE y.id = :yearId FOR SHARE
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
	 * The number of a series row as text: the format with the codes and the sequence, zero-padded, put in.
	 * {@link SeriesFormat#render} does the same in Java; a test holds the two together.
	 */
	static final String RENDERED = """
			regexp_replace(replace(replace(format, '{LOC}', location_code), '{FY}', financial_year_code),
			               '\\{SEQ:[0-9]+\\}',
			               lpad((next_value - 1)::text, substring(format from '\\{SEQ:([0-9]+)\\}')::int, '0'))""";

	/**
	 * A common table expression {@code taken(number)} that takes the next number of the series for the
	 * type, the location and the open year containing the date, in one UPDATE of the series row. The row
	 * stays locked until the transaction ends: a concurrent taker waits, and a rollback gives the number
	 * back. Empty when there is no such series, its year is closed, or it is exhausted.
	 */
	SqlPart take(DocumentType type, UUID locationId, LocalDate date) {
		var params = new HashMap<String, Object>();
		params.put("n_type", type.name());
		params.put("n_location", locationId);
		params.put("n_date", date);
		return new SqlPart("""
				taken AS (
				    UPDATE document_series SET next_value = next_value + 1, updated_at = clock_timestamp()
				    WHERE document_type = :n_type AND location_id = :n_location
				      AND starts_on <= :n_date AND ends_on >= :n_date AND NOT closed AND next_value <= max_value
				    RETURNING\s""" + RENDERED + " AS number)", params);
	}

	/** Takes the next number alone: {@link #take(DocumentType, UUID, LocalDate)} as a statement of its own. */
	Optional<String> takeAlone(DocumentType type, UUID locationId, LocalDate date) {
		return SqlPart.statement(jdbc, List.of(take(type, locationId, date)), "SELECT number FROM taken")
			.query(String.class)
			.optional();
	}

	/**
	 * Marks the year's series closed. Waits for every transaction holding one of their rows (a document
	 * being numbered), and a taker waiting on a row finds it closed when it gets the row.
	 */
	int closeYear(UUID yearId) {
		return jdbc.sql("UPDATE document_series SET closed = true, updated_at = clock_timestamp() WHERE financial_year_id = :yearId")
			.param("yearId", yearId)
			.update();
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

package dev.kassa.organization;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The financial_years table. */
@Repository
class FinancialYearStore {

	private static final String COLUMNS = "id, code, starts_on, ends_on, closed, closed_at, created_at";

	private final JdbcClient jdbc;

	FinancialYearStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Serializes the creation of years (rare), so that the overlap check before an insert is exact. Takes
	 * no lock that {@code FOR SHARE} readers (documents being numbered) wait on.
	 */
	void lockForCreation() {
		jdbc.sql("LOCK TABLE financial_years IN SHARE ROW EXCLUSIVE MODE").update();
	}

	Optional<FinancialYear> overlapping(LocalDate startsOn, LocalDate endsOn) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM financial_years WHERE daterange(starts_on, ends_on, '[]') && daterange(:startsOn, :endsOn, '[]')
				 ORDER BY starts_on LIMIT 1
				""").param("startsOn", startsOn).param("endsOn", endsOn).query(MAPPER).optional();
	}

	boolean codeTaken(String code) {
		return jdbc.sql("SELECT count(*) FROM financial_years WHERE code = :code")
			.param("code", code)
			.query(Long.class)
			.single() > 0;
	}

	void insert(FinancialYear year) {
		jdbc.sql("""
				INSERT INTO financial_years (id, code, starts_on, ends_on, closed, closed_at, created_at)
				VALUES (:id, :code, :startsOn, :endsOn, false, NULL, :createdAt)
				""")
			.param("id", year.id())
			.param("code", year.code())
			.param("startsOn", year.startsOn())
			.param("endsOn", year.endsOn())
			.param("createdAt", Timestamp.from(year.createdAt()))
			.update();
	}

	Optional<FinancialYear> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM financial_years WHERE id = :id")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	/** The year containing the date. */
	Optional<FinancialYear> containing(LocalDate date) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM financial_years WHERE starts_on <= :date AND ends_on >= :date")
			.param("date", date)
			.query(MAPPER)
			.optional();
	}

	List<FinancialYear> page(@Nullable UUID after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS
				+ " FROM financial_years WHERE (:after::uuid IS NULL OR id > :after) ORDER BY id LIMIT :limit")
			.param("after", after)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}

	/** Closes an open year; answers whether it was open. */
	boolean close(UUID id, Instant now) {
		return jdbc.sql("UPDATE financial_years SET closed = true, closed_at = :now WHERE id = :id AND NOT closed")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	private static final RowMapper<FinancialYear> MAPPER = (rs, n) -> new FinancialYear(rs.getObject("id", UUID.class),
			rs.getString("code"), rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
			rs.getBoolean("closed"), rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant(),
			rs.getTimestamp("created_at").toInstant());
}

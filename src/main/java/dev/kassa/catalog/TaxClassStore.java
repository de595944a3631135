package dev.kassa.catalog;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tax_classes table. */
@Repository
class TaxClassStore {

	private static final String COLUMNS = "id, code, name, kind, rate, cess_rate, active, created_at, updated_at";

	private static final RowMapper<TaxClass> MAPPER = (rs, n) -> new TaxClass(rs.getObject("id", UUID.class),
			rs.getString("code"), rs.getString("name"), TaxKind.valueOf(rs.getString("kind")),
			TaxClassStore.plain(rs.getBigDecimal("rate")), TaxClassStore.plain(rs.getBigDecimal("cess_rate")),
			rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant(),
			rs.getTimestamp("updated_at").toInstant());

	private final JdbcClient jdbc;

	TaxClassStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A rate without trailing zeros and never in exponent notation: 18, 0.25, 20. */
	static java.math.BigDecimal plain(java.math.BigDecimal rate) {
		var stripped = rate.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

	void insert(TaxClass tax) {
		columns(jdbc.sql("""
				INSERT INTO tax_classes (id, code, name, kind, rate, cess_rate, active, created_at, updated_at)
				VALUES (:id, :code, :name, :kind, :rate, :cess, :active, :now, :now)
				"""), tax)
			.param("now", Timestamp.from(tax.createdAt()))
			.update();
	}

	void update(TaxClass tax) {
		columns(jdbc.sql("""
				UPDATE tax_classes SET code = :code, name = :name, kind = :kind, rate = :rate, cess_rate = :cess,
				       active = :active, updated_at = :now
				WHERE id = :id
				"""), tax)
			.param("now", Timestamp.from(tax.updatedAt()))
			.update();
	}

	/** Binds every column a tax class row has, for the insert and the update alike. */
	private static JdbcClient.StatementSpec columns(JdbcClient.StatementSpec statement, TaxClass tax) {
		return statement
			.param("id", tax.id())
			.param("code", tax.code())
			.param("name", tax.name())
			.param("kind", tax.kind().name())
			.param("rate", tax.rate())
			.param("cess", tax.cessRate())
			.param("active", tax.active());
	}

	Optional<TaxClass> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM tax_classes WHERE id = :id").param("id", id).query(MAPPER).optional();
	}

	Optional<TaxClass> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM tax_classes WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	boolean codeTaken(String code, @Nullable UUID except) {
		return jdbc.sql("SELECT count(*) FROM tax_classes WHERE code = :code AND (:except::uuid IS NULL OR id <> :except)")
			.param("code", code)
			.param("except", except)
			.query(Long.class)
			.single() > 0;
	}

	List<TaxClass> all() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM tax_classes ORDER BY id").query(MAPPER).list();
	}

	List<TaxClass> page(@Nullable UUID after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM tax_classes WHERE (:after::uuid IS NULL OR id > :after) ORDER BY id LIMIT :limit")
			.param("after", after)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}
}

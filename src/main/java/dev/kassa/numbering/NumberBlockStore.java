package dev.kassa.numbering;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.platform.SqlPart;

/** The number_blocks and number_block_numbers tables. */
@Repository
class NumberBlockStore {

	private static final String COLUMNS = """
			b.id, b.series_id, b.terminal_id, b.location_id, b.first_number, b.last_number, b.first_value,
			b.last_value, b.state, b.created_at, b.released_at, b.release_reason,
			(SELECT count(*) FROM number_block_numbers n WHERE n.block_id = b.id AND n.state = 'USED') AS used,
			(SELECT count(*) FROM number_block_numbers n WHERE n.block_id = b.id AND n.state = 'CANCELLED') AS cancelled""";

	/** The number of the value of series row {@code s}, as {@link SeriesStore#RENDERED} renders it. */
	private static String rendered(String value) {
		return """
				regexp_replace(replace(replace(s.format, '{LOC}', s.location_code), '{FY}', s.financial_year_code),
				               '\\{SEQ:[0-9]+\\}', lpad((%s)::text, substring(s.format from '\\{SEQ:([0-9]+)\\}')::int, '0'))"""
			.formatted(value);
	}

	private final JdbcClient jdbc;

	NumberBlockStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A run cut from a series: its row, its first and last values. */
	record Cut(UUID seriesId, long firstValue, long lastValue) {
	}

	/**
	 * Moves the series of the type, location and the open year containing the date on by {@code size} in one
	 * update of its row, which stays locked until the transaction ends, as when a sale takes its number.
	 * Empty when there is no such series or it has fewer numbers left.
	 */
	Optional<Cut> cut(DocumentType type, UUID locationId, LocalDate date, int size) {
		return jdbc.sql("""
				UPDATE document_series SET next_value = next_value + :size, updated_at = clock_timestamp()
				WHERE document_type = :type AND location_id = :locationId
				  AND starts_on <= :date AND ends_on >= :date AND NOT closed AND next_value + :size - 1 <= max_value
				RETURNING id, next_value - :size AS first_value, next_value - 1 AS last_value
				""")
			.param("size", size)
			.param("type", type.name())
			.param("locationId", locationId)
			.param("date", date)
			.query((rs, n) -> new Cut(rs.getObject("id", UUID.class), rs.getLong("first_value"), rs.getLong("last_value")))
			.optional();
	}

	/** Inserts the block and a FREE row for each of its numbers, rendered as the series renders them. */
	void insert(UUID id, Cut cut, UUID terminalId, UUID locationId, UUID userId, Instant now) {
		jdbc.sql("""
				INSERT INTO number_blocks (id, series_id, terminal_id, location_id, first_value, last_value,
				                           first_number, last_number, state, created_by, created_at)
				SELECT :id, s.id, :terminalId, :locationId, :first, :last,
				       """ + rendered(":first::bigint") + ", " + rendered(":last::bigint") + """
				, 'OPEN', :userId, :now
				  FROM document_series s WHERE s.id = :seriesId
				""")
			.param("id", id)
			.param("seriesId", cut.seriesId())
			.param("terminalId", terminalId)
			.param("locationId", locationId)
			.param("first", cut.firstValue())
			.param("last", cut.lastValue())
			.param("userId", userId)
			.param("now", Timestamp.from(now))
			.update();
		jdbc.sql("""
				INSERT INTO number_block_numbers (block_id, value, series_id, terminal_id, number, state)
				SELECT :id, v, s.id, :terminalId, """ + rendered("v") + """
				, 'FREE'
				  FROM document_series s, generate_series(:first::bigint, :last::bigint) v
				 WHERE s.id = :seriesId
				""")
			.param("id", id)
			.param("terminalId", terminalId)
			.param("first", cut.firstValue())
			.param("last", cut.lastValue())
			.param("seriesId", cut.seriesId())
			.update();
	}

	Optional<NumberBlock> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM number_blocks b WHERE b.id = :id")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	List<NumberBlock> ofTerminal(UUID terminalId, boolean openOnly) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM number_blocks b WHERE b.terminal_id = :terminalId AND (:all OR b.state = 'OPEN')
				ORDER BY b.id DESC LIMIT 200
				""")
			.param("terminalId", terminalId)
			.param("all", !openOnly)
			.query(MAPPER)
			.list();
	}

	/** Locks the open blocks of the terminal, oldest first; answers their ids. */
	List<UUID> lockOpen(UUID terminalId) {
		return jdbc.sql("SELECT id FROM number_blocks WHERE terminal_id = :terminalId AND state = 'OPEN' ORDER BY id FOR UPDATE")
			.param("terminalId", terminalId)
			.query(UUID.class)
			.list();
	}

	/** Marks an open block RELEASED; false when it was not open. */
	boolean release(UUID id, String reason, UUID userId, Instant now) {
		return jdbc.sql("""
				UPDATE number_blocks SET state = 'RELEASED', released_at = :now, released_by = :userId, release_reason = :reason
				WHERE id = :id AND state = 'OPEN'
				""")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.param("userId", userId)
			.param("reason", reason)
			.update() == 1;
	}

	/** Cancels the block's numbers no sale took, with the reason; answers the numbers cancelled. */
	List<String> cancelFree(UUID blockId, String reason) {
		return jdbc.sql("""
				UPDATE number_block_numbers SET state = 'CANCELLED', reason = :reason
				WHERE block_id = :blockId AND state = 'FREE' RETURNING number
				""")
			.param("blockId", blockId)
			.param("reason", reason)
			.query(String.class)
			.list();
	}

	/**
	 * A common table expression {@code taken(number)} marking the terminal's number USED by the document, with
	 * one row, or none when the number is not in the state {@code expected}: FREE in an OPEN block, or
	 * CANCELLED (its block handed back while a till still sold offline with it; the reason goes, the sale is
	 * the number's explanation now). The number's row stays locked until the transaction ends.
	 */
	SqlPart take(UUID terminalId, String number, UUID documentId, String expected) {
		return new SqlPart("""
				taken AS (
				    UPDATE number_block_numbers n SET state = 'USED', document_id = :b_document, reason = NULL
				      FROM number_blocks b
				     WHERE b.id = n.block_id AND n.terminal_id = :b_terminal AND n.number = :b_number
				       AND n.state = :b_expected AND (n.state = 'CANCELLED' OR b.state = 'OPEN')
				    RETURNING n.number)""",
				Map.of("b_document", documentId, "b_terminal", terminalId, "b_number", number, "b_expected", expected));
	}

	/** The terminal's number with its block, or empty. */
	Optional<NumberBlocks.BlockNumber> number(UUID terminalId, String number) {
		return jdbc.sql("""
				SELECT n.number, n.state, b.state AS block_state, n.document_id, n.reason, b.id AS block_id,
				       b.created_at, b.released_at
				  FROM number_block_numbers n JOIN number_blocks b ON b.id = n.block_id
				 WHERE n.terminal_id = :terminalId AND n.number = :number
				""")
			.param("terminalId", terminalId)
			.param("number", number)
			.query((rs, n) -> new NumberBlocks.BlockNumber(rs.getString("number"), rs.getString("state"),
					rs.getString("block_state"), rs.getObject("document_id", UUID.class), rs.getString("reason"),
					rs.getObject("block_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
					instant(rs.getTimestamp("released_at"))))
			.optional();
	}

	private static final RowMapper<NumberBlock> MAPPER = (rs, n) -> new NumberBlock(rs.getObject("id", UUID.class),
			rs.getObject("series_id", UUID.class), rs.getObject("terminal_id", UUID.class),
			rs.getObject("location_id", UUID.class), rs.getString("first_number"), rs.getString("last_number"),
			rs.getLong("first_value"), rs.getLong("last_value"),
			(int) (rs.getLong("last_value") - rs.getLong("first_value") + 1), rs.getString("state"), rs.getLong("used"),
			rs.getLong("cancelled"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("released_at")),
			rs.getString("release_reason"));

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}

package dev.kassa.sales;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.inventory.StockLine;
import dev.kassa.platform.Ids;
import dev.kassa.platform.SqlPart;

/** The offline_exceptions table. */
@Repository
class OfflineExceptionStore {

	private static final String COLUMNS = """
			id, sale_id, sale_number, location_id, terminal_id, session_id, kind, product_id, line_no, detail,
			figures::text AS figures, made_at, created_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	OfflineExceptionStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * The part of a sale's statement, after {@code sale(number)} and the stock's {@code stock_short}, that
	 * records the flags and every product that was short: {@code offline_raised}, one row per exception, and
	 * {@code offline_summary}, one row with the event's payload when there is any.
	 */
	List<SqlPart> raise(Sale sale, @Nullable UUID sessionId, List<Quotes.Flag> flags, List<StockLine> stockLines,
			Instant now) {
		int n = flags.size();
		var ids = new String[n];
		var kinds = new String[n];
		var products = new String[n];
		var lines = new String[n];
		var details = new String[n];
		var figures = new String[n];
		for (int i = 0; i < n; i++) {
			var flag = flags.get(i);
			ids[i] = Ids.next().toString();
			kinds[i] = flag.kind();
			products[i] = flag.productId() == null ? null : flag.productId().toString();
			lines[i] = flag.lineNo() == null ? null : flag.lineNo().toString();
			details[i] = flag.detail();
			figures[i] = json.writeValueAsString(flag.figures());
		}
		var shortProducts = new ArrayList<String>();
		var shortIds = new ArrayList<String>();
		var shortLines = new ArrayList<String>();
		for (var line : StockLine.perProduct(stockLines)) {
			shortProducts.add(line.productId().toString());
			shortIds.add(Ids.next().toString());
			shortLines.add(sale.lines().stream().filter(l -> l.productId().equals(line.productId())).findFirst()
				.map(l -> Integer.toString(l.lineNo())).orElse(null));
		}
		var params = new HashMap<String, Object>();
		params.put("o_sale", sale.id());
		params.put("o_location", sale.locationId());
		params.put("o_terminal", sale.terminalId());
		params.put("o_session", sessionId);
		params.put("o_made_at", Timestamp.from(sale.madeAt()));
		params.put("o_now", Timestamp.from(now));
		params.put("o_ids", ids);
		params.put("o_kinds", kinds);
		params.put("o_products", products);
		params.put("o_lines", lines);
		params.put("o_details", details);
		params.put("o_figures", figures);
		params.put("o_short_products", shortProducts.toArray(String[]::new));
		params.put("o_short_ids", shortIds.toArray(String[]::new));
		params.put("o_short_lines", shortLines.toArray(String[]::new));
		return List.of(new SqlPart("""
				offline_raised AS (
				    INSERT INTO offline_exceptions (id, sale_id, sale_number, location_id, terminal_id, session_id, kind,
				        product_id, line_no, detail, figures, made_at, created_at)
				    SELECT x.id, :o_sale::uuid, sale.number, :o_location::uuid, :o_terminal::uuid, :o_session::uuid, x.kind,
				        x.product_id, x.line_no, x.detail, x.figures, :o_made_at::timestamptz, :o_now::timestamptz
				      FROM sale, (
				        SELECT f.id::uuid AS id, f.kind, f.product_id::uuid AS product_id, f.line_no::int AS line_no, f.detail,
				               f.figures::jsonb AS figures
				          FROM unnest(CAST(:o_ids AS text[]), CAST(:o_kinds AS text[]), CAST(:o_products AS text[]),
				                      CAST(:o_lines AS text[]), CAST(:o_details AS text[]), CAST(:o_figures AS text[]))
				               AS f (id, kind, product_id, line_no, detail, figures)
				        UNION ALL
				        SELECT k.id::uuid, 'STOCK_SHORT', q.product_id, k.line_no::int,
				               'Sold ' || trim_scale(q.quantity) || ' with ' || trim_scale(q.available)
				                   || ' available: the stock went below zero',
				               jsonb_build_object('quantity', q.quantity, 'available', q.available,
				                                  'after', q.available - q.quantity)
				          FROM stock_short q
				          JOIN unnest(CAST(:o_short_products AS text[]), CAST(:o_short_ids AS text[]),
				                      CAST(:o_short_lines AS text[])) AS k (product_id, id, line_no)
				            ON k.product_id::uuid = q.product_id
				      ) x
				    RETURNING id, kind, product_id, line_no, detail, figures)""", params), new SqlPart("""
				offline_summary AS (
				    SELECT jsonb_build_object('sale_id', :o_sale::uuid, 'number', (SELECT number FROM sale),
				               'terminal_id', :o_terminal::uuid, 'session_id', :o_session::uuid,
				               'made_at', :o_made_at::timestamptz,
				               'exceptions', jsonb_agg(jsonb_build_object('id', r.id, 'kind', r.kind,
				                   'product_id', r.product_id, 'line_no', r.line_no, 'detail', r.detail,
				                   'figures', r.figures) ORDER BY r.id)) AS payload
				      FROM offline_raised r HAVING count(*) > 0)""", Map.of()));
	}

	/** Newest first, keyset on the id. */
	List<OfflineException> page(@Nullable String only, @Nullable UUID locationId, @Nullable UUID sessionId,
			@Nullable UUID saleId, @Nullable String kind, @Nullable UUID before, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM offline_exceptions
				WHERE (:before::uuid IS NULL OR id < :before)
				  AND (:only::uuid[] IS NULL OR location_id = ANY(:only::uuid[]))
				  AND (:location::uuid IS NULL OR location_id = :location)
				  AND (:session::uuid IS NULL OR session_id = :session)
				  AND (:sale::uuid IS NULL OR sale_id = :sale)
				  AND (:kind::text IS NULL OR kind = :kind)
				ORDER BY id DESC
				LIMIT :limit
				""")
			.param("before", before)
			.param("only", only)
			.param("location", locationId)
			.param("session", sessionId)
			.param("sale", saleId)
			.param("kind", kind)
			.param("limit", limit)
			.query((rs, i) -> new OfflineException(rs.getObject("id", UUID.class), rs.getObject("sale_id", UUID.class),
					rs.getString("sale_number"), rs.getObject("location_id", UUID.class),
					rs.getObject("terminal_id", UUID.class), rs.getObject("session_id", UUID.class), rs.getString("kind"),
					rs.getObject("product_id", UUID.class), (Integer) rs.getObject("line_no"), rs.getString("detail"),
					json.readTree(rs.getString("figures")), rs.getTimestamp("made_at").toInstant(),
					rs.getTimestamp("created_at").toInstant()))
			.list();
	}
}

package dev.kassa.sales;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The priced lines of sales, orders and estimates: three tables of the same columns (sale_lines,
 * order_lines, estimate_lines), each pointing at its document.
 */
@Repository
class LineStore {

	/** Which document's lines; the table and its parent column are fixed names, never input. */
	enum Of {
		SALE("sale_lines", "sale_id"), ORDER("order_lines", "order_id"), ESTIMATE("estimate_lines", "estimate_id");

		final String table;

		final String parent;

		Of(String table, String parent) {
			this.table = table;
			this.parent = parent;
		}
	}

	private static final String COLUMNS = """
			id, line_no, product_id, sku, name, hsn_code, unit, quantity, unit_price, list_price,
			price_includes_tax, tax_rate, cess_rate, gross, discount, sale_discount, taxable, cgst, sgst, igst, cess,
			tax_total, total""";

	private final JdbcClient jdbc;

	LineStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the lines of one document in one statement. */
	void insert(Of of, UUID parentId, List<SaleLine> lines) {
		if (lines.isEmpty()) {
			return;
		}
		var params = new LinkedHashMap<String, Object>();
		var statement = jdbc.sql(insertStatement(of, parentId, lines, params));
		for (var entry : params.entrySet()) {
			statement = statement.param(entry.getKey(), entry.getValue());
		}
		statement.update();
	}

	/**
	 * The INSERT of a document's (non-empty) lines, its parameters put into {@code params} (names ending in the
	 * line's index, and {@code parentId}), for a caller that sends it together with another statement.
	 */
	static String insertStatement(Of of, UUID parentId, List<SaleLine> lines, Map<String, Object> params) {
		var sql = new StringBuilder("INSERT INTO " + of.table + " (" + of.parent + ", " + COLUMNS + ") VALUES ");
		params.put("parentId", parentId);
		for (int i = 0; i < lines.size(); i++) {
			var line = lines.get(i);
			var values = new LinkedHashMap<String, Object>();
			values.put("id", line.id());
			values.put("lineNo", line.lineNo());
			values.put("productId", line.productId());
			values.put("sku", line.sku());
			values.put("name", line.name());
			values.put("hsnCode", line.hsnCode());
			values.put("unit", line.unit());
			values.put("quantity", line.quantity());
			values.put("unitPrice", line.unitPrice());
			values.put("listPrice", line.listPrice());
			values.put("includes", line.priceIncludesTax());
			values.put("taxRate", line.taxRate());
			values.put("cessRate", line.cessRate());
			values.put("gross", line.gross());
			values.put("discount", line.discount());
			values.put("saleDiscount", line.saleDiscount());
			values.put("taxable", line.taxable());
			values.put("cgst", line.cgst());
			values.put("sgst", line.sgst());
			values.put("igst", line.igst());
			values.put("cess", line.cess());
			values.put("taxTotal", line.taxTotal());
			values.put("total", line.total());
			sql.append(i == 0 ? "(:parentId" : ", (:parentId");
			for (var entry : values.entrySet()) {
				sql.append(", :").append(entry.getKey()).append(i);
				params.put(entry.getKey() + i, entry.getValue());
			}
			sql.append(')');
		}
		return sql.toString();
	}

	/** The lines of the documents, by document, in line order. */
	Map<UUID, List<SaleLine>> of(Of of, UUID[] parentIds) {
		var lines = new LinkedHashMap<UUID, List<SaleLine>>();
		jdbc.sql("SELECT " + of.parent + ", " + COLUMNS + " FROM " + of.table + " WHERE " + of.parent
				+ " = ANY(:ids) ORDER BY " + of.parent + ", line_no")
			.param("ids", parentIds)
			.query(rs -> {
				lines.computeIfAbsent(rs.getObject(of.parent, UUID.class), k -> new ArrayList<>()).add(line(rs));
			});
		return lines;
	}

	private static SaleLine line(ResultSet rs) throws SQLException {
		return new SaleLine(rs.getObject("id", UUID.class), rs.getInt("line_no"), rs.getObject("product_id", UUID.class),
				rs.getString("sku"), rs.getString("name"), rs.getString("hsn_code"), rs.getString("unit"),
				rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"), rs.getBigDecimal("list_price"),
				rs.getBoolean("price_includes_tax"), rs.getBigDecimal("tax_rate"), rs.getBigDecimal("cess_rate"),
				rs.getBigDecimal("gross"), rs.getBigDecimal("discount"), rs.getBigDecimal("sale_discount"),
				rs.getBigDecimal("taxable"), rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"), rs.getBigDecimal("igst"),
				rs.getBigDecimal("cess"), rs.getBigDecimal("tax_total"), rs.getBigDecimal("total"));
	}
}

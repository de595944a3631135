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

	void insert(Of of, UUID parentId, List<SaleLine> lines) {
		for (var line : lines) {
			jdbc.sql("INSERT INTO " + of.table + " (" + of.parent + ", " + COLUMNS + """
					)
					VALUES (:parentId, :id, :lineNo, :productId, :sku, :name, :hsnCode, :unit, :quantity,
					    :unitPrice, :listPrice, :includes, :taxRate, :cessRate, :gross, :discount, :saleDiscount,
					    :taxable, :cgst, :sgst, :igst, :cess, :taxTotal, :total)
					""")
				.param("parentId", parentId)
				.param("id", line.id())
				.param("lineNo", line.lineNo())
				.param("productId", line.productId())
				.param("sku", line.sku())
				.param("name", line.name())
				.param("hsnCode", line.hsnCode())
				.param("unit", line.unit())
				.param("quantity", line.quantity())
				.param("unitPrice", line.unitPrice())
				.param("listPrice", line.listPrice())
				.param("includes", line.priceIncludesTax())
				.param("taxRate", line.taxRate())
				.param("cessRate", line.cessRate())
				.param("gross", line.gross())
				.param("discount", line.discount())
				.param("saleDiscount", line.saleDiscount())
				.param("taxable", line.taxable())
				.param("cgst", line.cgst())
				.param("sgst", line.sgst())
				.param("igst", line.igst())
				.param("cess", line.cess())
				.param("taxTotal", line.taxTotal())
				.param("total", line.total())
				.update();
		}
	}

	/** The lines of the documents, by document, in line order. */
	Map<UUID, List<SaleLine>> of(Of of, UUID[] parentIds) {
		var lines = new LinkedHashMap<UUID, List<SaleLine>>();
		jdbc.sql("SELECT " + of.parent + ", " + COLUMNS + " FROM " + of.table + " WHERE " + of.parent
				+ " = ANY(:ids) ORDER BY " + of.parent + ", line_no")
			.param("ids", parentIds)
			.query((rs, n) -> {
				lines.computeIfAbsent(rs.getObject(of.parent, UUID.class), k -> new ArrayList<>()).add(line(rs));
				return null;
			})
			.list();
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

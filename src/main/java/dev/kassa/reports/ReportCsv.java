package dev.kassa.reports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.kassa.platform.ApiException;

/**
 * A report as CSV (RFC 4180): one table per section, each introduced by a line {@code # <section>} and its
 * header row, sections separated by an empty line; or one section alone, header and rows only.
 */
final class ReportCsv {

	static final List<String> SECTIONS = List.of("summary", "by_payment_method", "top_products", "by_category",
			"by_cashier", "by_hour", "tax_summary", "returns", "refunds_by_method", "returns_tax_summary", "voids",
			"estimates", "by_day");

	private ReportCsv() {
	}

	/** @param section one section, or all when null; an unknown one is a 400 naming {@code section} */
	static String write(SalesReport report, @Nullable String section) {
		var tables = tables(report);
		if (section != null) {
			var table = tables.get(section);
			if (table == null) {
				throw ApiException.invalid("section", "must be one of " + String.join(", ", tables.keySet()));
			}
			var out = new StringBuilder();
			table.forEach(row -> line(out, row));
			return out.toString();
		}
		var out = new StringBuilder();
		tables.forEach((name, table) -> {
			if (!out.isEmpty()) {
				out.append("\r\n");
			}
			out.append("# ").append(name).append("\r\n");
			table.forEach(row -> line(out, row));
		});
		return out.toString();
	}

	/** The sections names that may be asked for. */
	static Set<String> sections() {
		return Set.copyOf(SECTIONS);
	}

	private static Map<String, List<List<?>>> tables(SalesReport r) {
		var tables = new LinkedHashMap<String, List<List<?>>>();
		var s = r.summary();
		tables.put("summary", List.of(
				List.of("from", "to", "currency", "count", "gross", "discounts", "net", "taxable", "tax", "total",
						"average_ticket"),
				List.of(r.period().from(), r.period().to(), r.period().currency(), s.count(), s.gross(), s.discounts(),
						s.net(), s.taxable(), s.tax(), s.total(), s.averageTicket())));
		tables.put("by_payment_method", rows(List.of("method", "sales", "amount"),
				r.byPaymentMethod().stream().map(p -> List.<Object>of(p.method(), p.sales(), p.amount())).toList()));
		tables.put("top_products", rows(List.of("product_id", "sku", "name", "quantity", "sales", "net", "total"),
				r.topProducts().stream().map(p -> List.<Object>of(p.productId(), p.sku(), p.name(), p.quantity(),
						p.sales(), p.net(), p.total())).toList()));
		tables.put("by_category", rows(List.of("category_id", "name", "quantity", "net", "total"),
				r.byCategory().stream().map(c -> list(c.categoryId(), c.name(), c.quantity(), c.net(), c.total()))
					.toList()));
		tables.put("by_cashier", rows(List.of("cashier_id", "username", "sales", "total"),
				r.byCashier().stream().map(c -> list(c.cashierId(), c.username(), c.sales(), c.total())).toList()));
		tables.put("by_hour", rows(List.of("hour", "sales", "total"),
				r.byHour().stream().map(h -> List.<Object>of(h.hour(), h.sales(), h.total())).toList()));
		tables.put("tax_summary", rows(List.of("rate", "cess_rate", "taxable", "cgst", "sgst", "igst", "cess", "tax"),
				r.taxSummary().stream().map(t -> List.<Object>of(t.rate(), t.cessRate(), t.taxable(), t.cgst(), t.sgst(),
						t.igst(), t.cess(), t.tax())).toList()));
		tables.put("returns", List.of(List.of("count", "total", "tax"),
				List.of(r.returns().count(), r.returns().total(), r.returns().tax())));
		tables.put("refunds_by_method", rows(List.of("method", "returns", "amount"),
				r.returns().refundsByMethod().stream().map(p -> List.<Object>of(p.method(), p.sales(), p.amount()))
					.toList()));
		tables.put("returns_tax_summary", rows(List.of("rate", "cess_rate", "taxable", "cgst", "sgst", "igst", "cess", "tax"),
				r.returns().taxSummary().stream().map(t -> List.<Object>of(t.rate(), t.cessRate(), t.taxable(), t.cgst(),
						t.sgst(), t.igst(), t.cess(), t.tax())).toList()));
		tables.put("voids", List.of(List.of("count", "total"), List.of(r.voids().count(), r.voids().total())));
		tables.put("by_day", rows(List.of("date", "sales", "net", "tax", "total", "returns", "returned"),
				r.byDay().stream().map(d -> List.<Object>of(d.date(), d.sales(), d.net(), d.tax(), d.total(), d.returns(),
						d.returned())).toList()));
		var e = r.estimates();
		tables.put("estimates", List.of(
				List.of("count", "total", "pending", "converted", "converted_total", "expired", "cancelled",
						"conversion_rate"),
				List.of(e.count(), e.total(), e.pending(), e.converted(), e.convertedTotal(), e.expired(), e.cancelled(),
						e.conversionRate())));
		return tables;
	}

	private static List<List<?>> rows(List<String> header, List<? extends List<?>> rows) {
		var all = new ArrayList<List<?>>();
		all.add(header);
		all.addAll(rows);
		return all;
	}

	private static List<@Nullable Object> list(@Nullable Object... values) {
		return java.util.Arrays.asList(values);
	}

	private static void line(StringBuilder out, List<?> row) {
		for (int i = 0; i < row.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			out.append(cell(row.get(i)));
		}
		out.append("\r\n");
	}

	private static String cell(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		var text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
		// a cell that a spreadsheet would run as a formula is quoted and prefixed, so that it stays text
		if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
				|| text.startsWith("'")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}
}

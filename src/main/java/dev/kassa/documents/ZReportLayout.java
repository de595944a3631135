package dev.kassa.documents;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kassa.tills.ZReport;

/**
 * A till's Z report on a receipt roll (58 or 80 mm wide, as tall as its content) or on A4 pages: the
 * session, its figures per kind, per payment method and per tax rate, the grand total and the chain.
 */
final class ZReportLayout {

	/** The papers a Z report is printed on. */
	enum Sheet {
		ROLL_58(58), ROLL_80(80), A4(210);

		final float width;

		Sheet(int millimetres) {
			this.width = millimetres / 25.4f * 72;
		}
	}

	private static final float A4_HEIGHT = 842;

	private static final float MAX_HEIGHT = 14_400;

	private ZReportLayout() {
	}

	private record Line(String text, @Nullable String right, float size, boolean bold, boolean rule) {

		float height() {
			return rule ? 6 : size * 1.3f;
		}
	}

	static void render(Pdf pdf, ZReport z, String shopName, Sheet paper) {
		var r = z.report();
		var currency = r.path("currency").asString("INR");
		float margin = paper == Sheet.A4 ? 40 : 8;
		float size = paper == Sheet.A4 ? 10 : paper == Sheet.ROLL_58 ? 7 : 8;
		float inner = paper.width - 2 * margin;
		var lines = new ArrayList<Line>();
		add(pdf, lines, inner, shopName, null, size + 3, true);
		add(pdf, lines, inner, "Z REPORT " + z.number(), null, size + 3, true);
		add(pdf, lines, inner, "Terminal " + r.path("terminal_code").asString() + " " + r.path("terminal_name").asString(),
				null, size, false);
		lines.add(rule(size));
		add(pdf, lines, inner, "Opened", r.path("opened_at").asString(), size, false);
		add(pdf, lines, inner, "Closed", r.path("closed_at").asString(), size, false);
		add(pdf, lines, inner, "Cashier", r.path("cashier_id").asString(), size, false);
		add(pdf, lines, inner, "First", r.path("first_number").asString("-"), size, false);
		add(pdf, lines, inner, "Last", r.path("last_number").asString("-"), size, false);
		lines.add(rule(size));
		add(pdf, lines, inner, "Opening float", money(r.path("opening_float"), currency), size, false);
		figure(pdf, lines, inner, "Sales", r.path("sales"), currency, size);
		figure(pdf, lines, inner, "Voids", r.path("voids"), currency, size);
		// a void of a sale made in an earlier session counts here, the day it happened, naming that sale
		for (var late : r.path("late_voids")) {
			add(pdf, lines, inner, "  of sale " + late.path("number").asString() + " (earlier session)",
					money(late.path("amount"), currency), size, false);
		}
		figure(pdf, lines, inner, "Returns", r.path("returns"), currency, size);
		add(pdf, lines, inner, "Discounts", money(r.path("discounts"), currency), size, false);
		add(pdf, lines, inner, "Price overrides", Long.toString(r.path("price_overrides").asLong()), size, false);
		add(pdf, lines, inner, "No-sale openings", Long.toString(r.path("no_sales").asLong()), size, false);
		figure(pdf, lines, inner, "Paid in", r.path("paid_in"), currency, size);
		figure(pdf, lines, inner, "Paid out", r.path("paid_out"), currency, size);
		figure(pdf, lines, inner, "Drops", r.path("drops"), currency, size);
		add(pdf, lines, inner, "NET SALES", money(r.path("net_sales"), currency), size + 1, true);
		lines.add(rule(size));
		for (var method : r.path("methods")) {
			add(pdf, lines, inner, method.path("method").asString(), null, size, true);
			add(pdf, lines, inner, "  Net", money(method.path("net"), currency), size, false);
			add(pdf, lines, inner, "  Expected", money(method.path("expected"), currency), size, false);
			add(pdf, lines, inner, "  Counted", money(method.path("counted"), currency), size, false);
			add(pdf, lines, inner, "  Variance", money(method.path("variance"), currency), size, false);
		}
		lines.add(rule(size));
		add(pdf, lines, inner, "Tax by rate", null, size, true);
		for (var tax : r.path("taxes")) {
			add(pdf, lines, inner, "  " + Formats.rate(tax.path("rate").decimalValue()) + " on "
					+ money(tax.path("taxable"), currency), null, size, false);
			add(pdf, lines, inner, "    CGST / SGST", money(tax.path("cgst"), currency) + " / "
					+ money(tax.path("sgst"), currency), size, false);
			add(pdf, lines, inner, "    IGST / Cess", money(tax.path("igst"), currency) + " / "
					+ money(tax.path("cess"), currency), size, false);
		}
		lines.add(rule(size));
		add(pdf, lines, inner, "GRAND TOTAL", money(r.path("grand_total"), currency), size + 1, true);
		if (!r.path("variance_accepted_by").isNull() && !r.path("variance_accepted_by").isMissingNode()) {
			add(pdf, lines, inner, "Variance accepted by " + r.path("variance_accepted_by").asString(), null, size, false);
			add(pdf, lines, inner, r.path("variance_note").asString(""), null, size, false);
		}
		add(pdf, lines, inner, "Previous hash " + (z.previousHash() == null ? "-" : z.previousHash()), null, size - 1, false);
		add(pdf, lines, inner, "Hash " + z.hash(), null, size - 1, false);
		float maxHeight = paper == Sheet.A4 ? A4_HEIGHT : MAX_HEIGHT;
		int from = 0;
		while (from < lines.size()) {
			float height = 2 * margin;
			int to = from;
			while (to < lines.size() && (to == from || height + lines.get(to).height() <= maxHeight)) {
				height += lines.get(to).height();
				to++;
			}
			write(pdf, lines.subList(from, to), paper == Sheet.A4 ? A4_HEIGHT : height, paper.width, margin);
			from = to;
		}
	}

	private static String money(JsonNode node, String currency) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "-";
		}
		BigDecimal amount = node.decimalValue();
		return (amount.signum() < 0 ? "-" : "") + Formats.money(amount, currency);
	}

	private static void figure(Pdf pdf, List<Line> lines, float width, String label, JsonNode figure, String currency,
			float size) {
		add(pdf, lines, width, label + " (" + figure.path("count").asLong() + ")", money(figure.path("amount"), currency),
				size, false);
	}

	private static Line rule(float size) {
		return new Line("", null, size, false, true);
	}

	private static void add(Pdf pdf, List<Line> lines, float width, String left, @Nullable String right, float size,
			boolean bold) {
		float room = right == null ? width : width - pdf.width(right, size, bold) - 6;
		var parts = pdf.wrap(left, size, bold, Math.max(room, width / 3));
		for (int i = 0; i < parts.size(); i++) {
			lines.add(new Line(parts.get(i), i == parts.size() - 1 ? right : null, size, bold, false));
		}
	}

	private static void write(Pdf pdf, List<Line> lines, float height, float width, float margin) {
		pdf.newPage(width, height);
		float y = height - margin;
		for (var line : lines) {
			y -= line.height();
			if (line.rule()) {
				pdf.line(margin, y + 3, width - margin, y + 3, 0.5f);
				continue;
			}
			float baseline = y + line.size() * 0.3f;
			pdf.text(margin, baseline, line.size(), line.bold(), line.text());
			if (line.right() != null) {
				pdf.textRight(width - margin, baseline, line.size(), line.bold(), line.right());
			}
		}
	}
}

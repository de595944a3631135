package dev.kassa.documents;

import java.awt.Color;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * An A4 tax invoice, credit note or quotation. Every page has the document's header (seller, buyer, number,
 * date, place of supply) and the table's column titles; rows that do not fit go on to the next page; the
 * totals, the tax summary per rate, the amount in words, the bank account and the signature follow the last
 * row; each page ends with "Page x of y". A voided invoice is marked VOID on every page.
 */
final class InvoiceLayout {

	static final float WIDTH = 595.28f;

	static final float HEIGHT = 841.89f;

	private static final float M = 28;

	private static final float BOTTOM = M + 24;

	private static final float SIZE = 7;

	/** The height of the bank details and the signature, which end the document. */
	private static final float SIGNATURE = 70;

	private static final Color SHADE = new Color(232, 232, 232);

	private InvoiceLayout() {
	}

	private enum Align {
		LEFT, RIGHT
	}

	private record Column(String title, float width, Align align, Function<Paper.Row, String> value) {
	}

	static void render(Pdf pdf, Paper paper, String symbol) {
		var columns = columns(paper);
		var layout = new Writer(pdf, paper, columns);
		layout.page(true);
		for (var row : paper.rows()) {
			layout.row(row);
		}
		layout.summary(symbol);
		var pages = pdf.pages();
		for (int i = 0; i < pages.size(); i++) {
			pdf.reopen(pages.get(i));
			pdf.text(M, M, 6.5f, false, "This is a computer-generated document.");
			pdf.textRight(WIDTH - M, M, 7, false, "Page " + (i + 1) + " of " + pages.size());
		}
	}

	private static List<Column> columns(Paper paper) {
		var currency = paper.currency();
		Function<BigDecimal, String> money = amount -> Formats.money(amount, currency);
		var columns = new ArrayList<Column>();
		columns.add(new Column("#", 14, Align.RIGHT, row -> String.valueOf(row.no())));
		columns.add(new Column("Description", 0, Align.LEFT, Paper.Row::name));
		columns.add(new Column("HSN/SAC", 38, Align.LEFT, row -> row.hsn() == null ? "" : row.hsn()));
		columns.add(new Column("Qty", 32, Align.RIGHT, row -> Formats.quantity(row.quantity())));
		columns.add(new Column("Unit", 28, Align.LEFT, Paper.Row::unit));
		columns.add(new Column("Rate", 46, Align.RIGHT,
				row -> money.apply(row.rate()) + (row.priceIncludesTax() ? "*" : "")));
		columns.add(new Column("Disc.", 38, Align.RIGHT, row -> money.apply(row.discount())));
		columns.add(new Column("Taxable", 52, Align.RIGHT, row -> money.apply(row.taxable())));
		switch (paper.supply()) {
			case INTRA_STATE -> {
				columns.add(new Column("CGST %", 30, Align.RIGHT, row -> half(row.taxRate())));
				columns.add(new Column("CGST", 42, Align.RIGHT, row -> money.apply(row.cgst())));
				columns.add(new Column("SGST %", 30, Align.RIGHT, row -> half(row.taxRate())));
				columns.add(new Column("SGST", 42, Align.RIGHT, row -> money.apply(row.sgst())));
			}
			case INTER_STATE -> {
				columns.add(new Column("IGST %", 30, Align.RIGHT, row -> Formats.rate(row.taxRate())));
				columns.add(new Column("IGST", 46, Align.RIGHT, row -> money.apply(row.igst())));
			}
			case PLAIN -> {
				columns.add(new Column("Tax %", 30, Align.RIGHT, row -> Formats.rate(row.taxRate())));
				columns.add(new Column("Tax", 46, Align.RIGHT,
						row -> money.apply(row.cgst().add(row.sgst()).add(row.igst()))));
			}
		}
		if (paper.hasCess()) {
			columns.add(new Column("Cess", 38, Align.RIGHT, row -> money.apply(row.cess())));
		}
		columns.add(new Column("Total", 52, Align.RIGHT, row -> money.apply(row.total())));
		float fixed = 0;
		for (var column : columns) {
			fixed += column.width();
		}
		var description = columns.get(1);
		columns.set(1, new Column(description.title(), WIDTH - 2 * M - fixed, description.align(), description.value()));
		return columns;
	}

	private static String half(BigDecimal rate) {
		return Formats.rate(rate.divide(BigDecimal.TWO));
	}

	/** Writes pages top to bottom, starting a new one when what comes next does not fit. */
	private static final class Writer {

		private final Pdf pdf;

		private final Paper paper;

		private final List<Column> columns;

		private float y;

		Writer(Pdf pdf, Paper paper, List<Column> columns) {
			this.pdf = pdf;
			this.paper = paper;
			this.columns = columns;
		}

		/** A new page with the document's header and, while rows are written, the table's column titles. */
		void page(boolean table) {
			pdf.newPage(WIDTH, HEIGHT);
			if (paper.voided()) {
				pdf.watermark("VOID", 120);
			}
			y = HEIGHT - M;
			pdf.textCenter(WIDTH / 2, y - 12, 14, true, paper.kind().title);
			if (paper.kind() != Paper.Kind.QUOTATION) {
				pdf.textRight(WIDTH - M, y - 10, 7, false, "Original for recipient");
			}
			y -= 22;
			if (paper.voided()) {
				var reason = paper.voidReason() == null ? "" : ": " + paper.voidReason();
				for (var line : pdf.wrap("VOID - this invoice was cancelled" + reason, 10, true, WIDTH - 2 * M)) {
					y -= 12;
					pdf.textCenter(WIDTH / 2, y, 10, true, line);
				}
				y -= 4;
			}
			pdf.line(M, y, WIDTH - M, y, 0.8f);
			float top = y;
			float half = (WIDTH - 2 * M) / 2;
			float left = party(paper.seller(), null, M, top, half - 8);
			float right = meta(M + half + 4, top, half - 4);
			y = Math.min(left, right) - 4;
			pdf.line(M, y, WIDTH - M, y, 0.5f);
			y = party(paper.buyer(), paper.kind() == Paper.Kind.QUOTATION ? "Quotation for" : "Bill to", M, y,
					WIDTH - 2 * M) - 4;
			if (table) {
				tableHeader();
			}
		}

		/** A seller or buyer block; answers the y below it. */
		private float party(Paper.Party party, @Nullable String heading, float x, float top, float width) {
			float at = top;
			if (heading != null) {
				at -= 9;
				pdf.text(x, at, 7, true, heading);
			}
			for (var line : pdf.wrap(party.name(), 10, true, width)) {
				at -= 12;
				pdf.text(x, at, 10, true, line);
			}
			var lines = new ArrayList<String>();
			if (party.secondName() != null) {
				lines.add(party.secondName());
			}
			lines.addAll(party.address());
			if (party.gstin() != null) {
				lines.add("GSTIN: " + party.gstin());
			}
			if (party.stateCode() != null) {
				lines.add("State: " + Formats.state(party.stateCode()));
			}
			if (party.phone() != null) {
				lines.add("Phone: " + party.phone());
			}
			for (var text : lines) {
				for (var line : pdf.wrap(text, 8, false, width)) {
					at -= 10;
					pdf.text(x, at, 8, false, line);
				}
			}
			return at - 4;
		}

		/** The number, date, place of supply and what else the kind needs; answers the y below it. */
		private float meta(float x, float top, float width) {
			var lines = new ArrayList<String[]>();
			lines.add(new String[] { paper.kind().label + " No.", paper.number() });
			lines.add(new String[] { paper.kind().label + " Date", Formats.date(paper.date()) });
			if (paper.placeOfSupply() != null) {
				lines.add(new String[] { "Place of Supply", Formats.state(paper.placeOfSupply()) });
			}
			if (paper.kind() != Paper.Kind.QUOTATION) {
				lines.add(new String[] { "Reverse Charge", "No" });
			}
			if (paper.validUntil() != null) {
				lines.add(new String[] { "Valid Until", Formats.date(paper.validUntil()) });
			}
			float at = top;
			for (var line : lines) {
				at -= 11;
				pdf.text(x, at, 8, false, line[0] + ":");
				pdf.text(x + 80, at, 8, true, line[1]);
			}
			if (paper.reference() != null) {
				for (var line : pdf.wrap(paper.reference(), 8, false, width)) {
					at -= 10;
					pdf.text(x, at, 8, false, line);
				}
			}
			return at - 4;
		}

		private void tableHeader() {
			pdf.fill(M, y - 12, WIDTH - 2 * M, 12, SHADE);
			float x = M;
			for (var column : columns) {
				if (column.align() == Align.RIGHT) {
					pdf.textRight(x + column.width() - 2, y - 9, 6.5f, true, column.title());
				}
				else {
					pdf.text(x + 2, y - 9, 6.5f, true, column.title());
				}
				x += column.width();
			}
			y -= 12;
		}

		void row(Paper.Row row) {
			var cells = new ArrayList<List<String>>();
			int height = 1;
			for (var column : columns) {
				var value = column.value().apply(row);
				var lines = column.title().equals("Description") ? pdf.wrap(value, SIZE, false, column.width() - 4)
						: List.of(value);
				cells.add(lines);
				height = Math.max(height, lines.size());
			}
			float rowHeight = height * 9 + 3;
			if (y - rowHeight < BOTTOM) {
				page(true);
			}
			float x = M;
			for (int i = 0; i < columns.size(); i++) {
				var column = columns.get(i);
				float at = y - 9;
				for (var line : cells.get(i)) {
					if (column.align() == Align.RIGHT) {
						pdf.textRight(x + column.width() - 2, at, SIZE, false, line);
					}
					else {
						pdf.text(x + 2, at, SIZE, false, line);
					}
					at -= 9;
				}
				x += column.width();
			}
			y -= rowHeight;
			pdf.line(M, y, WIDTH - M, y, 0.2f);
		}

		/** Totals, tax per rate, amount in words, bank account and signature, on a new page if need be. */
		void summary(String symbol) {
			var currency = paper.currency();
			var byRate = new TreeMap<BigDecimal, BigDecimal[]>();
			for (var row : paper.rows()) {
				var sums = byRate.computeIfAbsent(row.taxRate().stripTrailingZeros(),
						rate -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
								BigDecimal.ZERO });
				sums[0] = sums[0].add(row.taxable());
				sums[1] = sums[1].add(row.cgst());
				sums[2] = sums[2].add(row.sgst());
				sums[3] = sums[3].add(row.igst());
				sums[4] = sums[4].add(row.cess());
			}
			var words = pdf.wrap("Amount in words: " + AmountInWords.rupees(paper.totals().total()), 8, true,
					WIDTH - 2 * M);
			float extras = paper.extras().isEmpty() ? 0 : (paper.extras().size() + 2) * 12;
			float needed = 12 + Math.max(byRate.size() * 10 + 24, 9 * 11 + 8 + extras) + words.size() * 11 + 110;
			if (y - needed < BOTTOM) {
				page(false);
			}
			y -= 8;
			float top = y;
			// tax per rate, on the left
			float x = M;
			boolean intra = paper.supply() == Paper.Supply.INTRA_STATE;
			String[] titles = intra ? new String[] { "GST rate", "Taxable", "CGST", "SGST", "Cess" }
					: new String[] { "GST rate", "Taxable", paper.supply() == Paper.Supply.PLAIN ? "Tax" : "IGST", "Cess" };
			float[] widths = intra ? new float[] { 40, 60, 50, 50, 40 } : new float[] { 40, 60, 60, 40 };
			pdf.fill(x, y - 11, sum(widths), 11, SHADE);
			float at = x;
			for (int i = 0; i < titles.length; i++) {
				pdf.textRight(at + widths[i] - 2, y - 8, 6.5f, true, titles[i]);
				at += widths[i];
			}
			float rowY = y - 11;
			for (var entry : byRate.entrySet()) {
				rowY -= 10;
				var s = entry.getValue();
				String[] values = intra
						? new String[] { Formats.rate(entry.getKey()), Formats.money(s[0], currency),
								Formats.money(s[1], currency), Formats.money(s[2], currency), Formats.money(s[4], currency) }
						: new String[] { Formats.rate(entry.getKey()), Formats.money(s[0], currency),
								Formats.money(s[1].add(s[2]).add(s[3]), currency), Formats.money(s[4], currency) };
				at = x;
				for (int i = 0; i < values.length; i++) {
					pdf.textRight(at + widths[i] - 2, rowY, SIZE, false, values[i]);
					at += widths[i];
				}
			}
			if (paper.rows().stream().anyMatch(Paper.Row::priceIncludesTax)) {
				rowY -= 10;
				pdf.text(x, rowY, 6.5f, false, "* rate includes tax");
			}
			// totals, on the right
			var totals = paper.totals();
			var lines = new ArrayList<String[]>();
			lines.add(new String[] { "Total before discount", Formats.money(totals.subtotal(), currency) });
			lines.add(new String[] { "Discount", Formats.money(totals.discount(), currency) });
			lines.add(new String[] { "Taxable value", Formats.money(totals.taxable(), currency) });
			switch (paper.supply()) {
				case INTRA_STATE -> {
					lines.add(new String[] { "CGST", Formats.money(totals.cgst(), currency) });
					lines.add(new String[] { "SGST", Formats.money(totals.sgst(), currency) });
				}
				case INTER_STATE -> lines.add(new String[] { "IGST", Formats.money(totals.igst(), currency) });
				case PLAIN -> lines.add(new String[] { "Tax",
						Formats.money(totals.cgst().add(totals.sgst()).add(totals.igst()), currency) });
			}
			if (totals.cess().signum() != 0) {
				lines.add(new String[] { "Cess", Formats.money(totals.cess(), currency) });
			}
			float labelX = WIDTH - M - 200;
			float totalY = top;
			for (var line : lines) {
				totalY -= 11;
				pdf.text(labelX, totalY, 8, false, line[0]);
				pdf.textRight(WIDTH - M, totalY, 8, false, line[1]);
			}
			totalY -= 4;
			pdf.line(labelX, totalY, WIDTH - M, totalY, 0.5f);
			totalY -= 13;
			pdf.text(labelX, totalY, 11, true, "Total (" + symbol + ")");
			pdf.textRight(WIDTH - M, totalY, 11, true, Formats.money(totals.total(), currency));
			if (!paper.extras().isEmpty()) {
				// collected with the invoice but no part of the supply: neither in the taxable value nor in the total
				var collected = totals.total();
				for (var extra : paper.extras()) {
					totalY -= 12;
					pdf.text(labelX, totalY, 8, false, extra.label());
					pdf.textRight(WIDTH - M, totalY, 8, false, Formats.money(extra.amount(), currency));
					collected = collected.add(extra.amount());
				}
				totalY -= 12;
				pdf.text(labelX, totalY, 8, true, "Collected incl. deposits");
				pdf.textRight(WIDTH - M, totalY, 8, true, Formats.money(collected, currency));
				totalY -= 10;
				pdf.text(labelX, totalY, 6, false, "Refundable deposits are not a supply: not taxed, not in the total.");
			}
			y = Math.min(rowY, totalY) - 12;
			for (var line : words) {
				pdf.text(M, y, 8, true, line);
				y -= 11;
			}
			if (paper.notes() != null) {
				for (var line : pdf.wrap("Notes: " + paper.notes(), 8, false, WIDTH - 2 * M)) {
					if (y - 10 < BOTTOM) {
						page(false);
					}
					pdf.text(M, y, 8, false, line);
					y -= 10;
				}
			}
			y -= 4;
			if (y - SIGNATURE < BOTTOM) {
				page(false);
			}
			float signatureY = y;
			var bank = paper.bank();
			if (bank != null) {
				pdf.text(M, y, 8, true, "Bank details for payment");
				var details = new ArrayList<String>();
				details.add("Bank: " + bank.bankName());
				details.add("Account name: " + bank.accountName());
				if (bank.accountNumber() != null) {
					details.add("Account no.: " + bank.accountNumber());
				}
				if (bank.ifsc() != null) {
					details.add("IFSC: " + bank.ifsc());
				}
				if (bank.iban() != null) {
					details.add("IBAN: " + bank.iban());
				}
				for (var line : details) {
					y -= 10;
					pdf.text(M, y, 8, false, line);
				}
			}
			float signX = WIDTH - M - 200;
			pdf.text(signX, signatureY, 8, true, "For " + paper.seller().name());
			pdf.text(signX, signatureY - 40, 8, false, "Authorised Signatory");
		}

		private static float sum(float[] values) {
			float total = 0;
			for (var value : values) {
				total += value;
			}
			return total;
		}
	}
}

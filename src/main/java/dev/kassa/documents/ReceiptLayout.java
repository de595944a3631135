package dev.kassa.documents;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.kassa.sales.Sale;
import dev.kassa.sales.SaleExtras;
import dev.kassa.sales.SaleStatus;

/**
 * An 80 mm thermal receipt: one page 80 mm wide, as tall as its content. The lines are laid out first, then
 * the page is made to their height and they are written.
 */
final class ReceiptLayout {

	/** 80 mm in points. */
	static final float WIDTH = 80 / 25.4f * 72;

	private static final float MARGIN = 10;

	private static final float SIZE = 8;

	/** 200 inches, the largest page size PDF readers are required to show; a longer receipt takes more pages. */
	private static final float MAX_HEIGHT = 14_400;

	private ReceiptLayout() {
	}

	/**
	 * @param terminal the terminal's code, or the free-text label of a sale made before terminals existed
	 * @param extras amounts collected with the sale that are no part of it (deposits), printed after its total
	 */
	record Receipt(Sale sale, Paper.Party seller, String locationName, ZoneId zone, String cashier,
			@Nullable String customer, @Nullable String terminal, String footer, String symbol,
			List<SaleExtras.Extra> extras) {

		Receipt(Sale sale, Paper.Party seller, String locationName, ZoneId zone, String cashier,
				@Nullable String customer, @Nullable String terminal, String footer, String symbol) {
			this(sale, seller, locationName, zone, cashier, customer, terminal, footer, symbol, List.of());
		}
	}

	/**
	 * One line of the receipt: text on the left, centred or with a figure on the right; a rule; or a barcode's
	 * bars (true for a dark module), centred.
	 */
	private record Line(String text, @Nullable String right, float size, boolean bold, boolean center, boolean rule,
			boolean @Nullable [] bars) {

		Line(String text, @Nullable String right, float size, boolean bold, boolean center, boolean rule) {
			this(text, right, size, bold, center, rule, null);
		}

		float height() {
			return bars != null ? BAR_HEIGHT + 6 : rule ? 6 : size * 1.3f;
		}
	}

	/** The barcode's height: 10 mm, tall enough for a hand scanner held at an angle. */
	private static final float BAR_HEIGHT = 10 / 25.4f * 72;

	/**
	 * The sale number as a Code 128 barcode, so that a return starts by scanning the receipt: each module at
	 * least 0.75 pt (two dots of a 203 dpi printer) and the quiet zones inside the margins.
	 */
	private static Line barcode(String number) {
		var bars = new com.google.zxing.oned.Code128Writer().encode(number);
		return new Line(number, null, SIZE, false, true, false, bars);
	}

	static void render(Pdf pdf, Receipt receipt) {
		var sale = receipt.sale();
		var currency = sale.currency();
		float inner = WIDTH - 2 * MARGIN;
		var lines = new ArrayList<Line>();
		var seller = receipt.seller();
		var shopName = seller.secondName() != null ? seller.secondName() : seller.name();
		center(pdf, lines, shopName, 11, true, inner);
		if (seller.secondName() != null) {
			center(pdf, lines, seller.name(), SIZE, false, inner);
		}
		center(pdf, lines, receipt.locationName(), SIZE, false, inner);
		for (var part : seller.address()) {
			center(pdf, lines, part, SIZE, false, inner);
		}
		if (seller.gstin() != null) {
			center(pdf, lines, "GSTIN: " + seller.gstin(), SIZE, true, inner);
		}
		lines.add(rule());
		if (sale.status() == SaleStatus.VOIDED) {
			center(pdf, lines, "*** VOID ***", 12, true, inner);
			if (sale.voidReason() != null) {
				center(pdf, lines, sale.voidReason(), SIZE, false, inner);
			}
			lines.add(rule());
		}
		pair(pdf, lines, inner, "Sale " + sale.number(), null, false);
		pair(pdf, lines, inner, Formats.DATE_TIME.format(sale.createdAt().atZone(receipt.zone())), null, false);
		pair(pdf, lines, inner, "Cashier: " + receipt.cashier(), null, false);
		if (receipt.terminal() != null) {
			wrapped(pdf, lines, "Terminal: " + receipt.terminal(), inner);
		}
		if (receipt.customer() != null) {
			wrapped(pdf, lines, "Customer: " + receipt.customer(), inner);
		}
		lines.add(rule());
		pair(pdf, lines, inner, "Item", "Amount", true);
		for (var line : sale.lines()) {
			wrapped(pdf, lines, line.name(), inner);
			pair(pdf, lines, inner, "  " + Formats.quantity(line.quantity()) + " x " + Formats.money(line.unitPrice(), currency),
					Formats.money(line.gross(), currency), false);
			var discount = line.discount().add(line.saleDiscount());
			if (discount.signum() != 0) {
				pair(pdf, lines, inner, "  Discount", "-" + Formats.money(discount, currency), false);
			}
		}
		lines.add(rule());
		pair(pdf, lines, inner, "Subtotal", Formats.money(sale.subtotal(), currency), false);
		if (sale.discountTotal().signum() != 0) {
			pair(pdf, lines, inner, "Discounts", "-" + Formats.money(sale.discountTotal(), currency), false);
		}
		pair(pdf, lines, inner, "Taxable value", Formats.money(sale.taxable(), currency), false);
		if (sale.cgst().signum() != 0 || sale.sgst().signum() != 0) {
			pair(pdf, lines, inner, "CGST", Formats.money(sale.cgst(), currency), false);
			pair(pdf, lines, inner, "SGST", Formats.money(sale.sgst(), currency), false);
		}
		if (sale.igst().signum() != 0) {
			pair(pdf, lines, inner, "IGST", Formats.money(sale.igst(), currency), false);
		}
		if (sale.cess().signum() != 0) {
			pair(pdf, lines, inner, "Cess", Formats.money(sale.cess(), currency), false);
		}
		lines.add(new Line("TOTAL " + receipt.symbol(), Formats.money(sale.total(), currency), 11, true, false, false));
		if (!receipt.extras().isEmpty()) {
			// apart from the sale: not part of its taxable value nor of its total
			var collected = sale.total();
			for (var extra : receipt.extras()) {
				pair(pdf, lines, inner, extra.label(), Formats.money(extra.amount(), currency), false);
				collected = collected.add(extra.amount());
			}
			pair(pdf, lines, inner, "Collected incl. deposits", Formats.money(collected, currency), true);
		}
		lines.add(rule());
		pair(pdf, lines, inner, "Tax summary", null, true);
		for (var rate : taxByRate(sale).entrySet()) {
			pair(pdf, lines, inner, "  GST " + Formats.rate(rate.getKey()) + " on " + Formats.money(rate.getValue()[0], currency),
					Formats.money(rate.getValue()[1], currency), false);
		}
		lines.add(rule());
		for (var payment : sale.payments()) {
			var tendered = payment.tendered() != null ? payment.tendered() : payment.amount();
			pair(pdf, lines, inner, payment.method().name() + (payment.reference() != null ? " " + payment.reference() : ""),
					Formats.money(tendered, currency), false);
		}
		if (sale.changeDue().signum() != 0) {
			pair(pdf, lines, inner, "Change", Formats.money(sale.changeDue(), currency), true);
		}
		lines.add(rule());
		lines.add(barcode(sale.number()));
		center(pdf, lines, sale.number(), SIZE, false, inner);
		for (var part : receipt.footer().split("\n")) {
			center(pdf, lines, part, SIZE, false, inner);
		}
		int from = 0;
		while (from < lines.size()) {
			// a page is as tall as its lines, up to the tallest a PDF reader is sure to show
			float height = 2 * MARGIN;
			int to = from;
			while (to < lines.size() && (to == from || height + lines.get(to).height() <= MAX_HEIGHT)) {
				height += lines.get(to).height();
				to++;
			}
			write(pdf, lines.subList(from, to), height);
			from = to;
		}
	}

	private static void write(Pdf pdf, List<Line> lines, float height) {
		pdf.newPage(WIDTH, height);
		float y = height - MARGIN;
		for (var line : lines) {
			y -= line.height();
			if (line.rule()) {
				pdf.line(MARGIN, y + 3, WIDTH - MARGIN, y + 3, 0.5f);
				continue;
			}
			if (line.bars() != null) {
				bars(pdf, line.bars(), y + 3);
				continue;
			}
			float baseline = y + line.size() * 0.3f;
			if (line.center()) {
				pdf.textCenter(WIDTH / 2, baseline, line.size(), line.bold(), line.text());
			}
			else {
				pdf.text(MARGIN, baseline, line.size(), line.bold(), line.text());
			}
			if (line.right() != null) {
				pdf.textRight(WIDTH - MARGIN, baseline, line.size(), line.bold(), line.right());
			}
		}
	}

	/** The bars centred on the page, from {@code y} up; modules as wide as the width between the margins allows. */
	private static void bars(Pdf pdf, boolean[] bars, float y) {
		float module = Math.max(0.75f, Math.min(1.5f, (WIDTH - 2 * MARGIN) / bars.length));
		float x = (WIDTH - module * bars.length) / 2;
		int i = 0;
		while (i < bars.length) {
			if (!bars[i]) {
				i++;
				continue;
			}
			int start = i;
			while (i < bars.length && bars[i]) {
				i++;
			}
			pdf.fill(x + start * module, y, (i - start) * module, BAR_HEIGHT, java.awt.Color.BLACK);
		}
	}

	/** Taxable value and GST per rate: [taxable, tax]. */
	private static Map<BigDecimal, BigDecimal[]> taxByRate(Sale sale) {
		var byRate = new TreeMap<BigDecimal, BigDecimal[]>();
		for (var line : sale.lines()) {
			var sums = byRate.computeIfAbsent(line.taxRate().stripTrailingZeros(),
					rate -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
			sums[0] = sums[0].add(line.taxable());
			sums[1] = sums[1].add(line.taxTotal());
		}
		return byRate;
	}

	private static Line rule() {
		return new Line("", null, SIZE, false, false, true);
	}

	/** Text on the left and a figure on the right; text that would run into the figure goes on more lines. */
	private static void pair(Pdf pdf, List<Line> lines, float width, String left, @Nullable String right,
			boolean bold) {
		if (right == null) {
			for (var part : pdf.wrap(left, SIZE, bold, width)) {
				lines.add(new Line(part, null, SIZE, bold, false, false));
			}
			return;
		}
		var text = left.stripLeading();
		var indent = left.substring(0, left.length() - text.length());
		var parts = pdf.wrap(text, SIZE, bold, width - pdf.width(indent + right, SIZE, bold) - 6);
		for (int i = 0; i < parts.size(); i++) {
			lines.add(new Line(indent + parts.get(i), i == parts.size() - 1 ? right : null, SIZE, bold, false, false));
		}
	}

	private static void center(Pdf pdf, List<Line> lines, String text, float size, boolean bold, float width) {
		for (var part : pdf.wrap(text, size, bold, width)) {
			lines.add(new Line(part, null, size, bold, true, false));
		}
	}

	private static void wrapped(Pdf pdf, List<Line> lines, String text, float width) {
		for (var part : pdf.wrap(text, SIZE, false, width)) {
			lines.add(new Line(part, null, SIZE, false, false, false));
		}
	}
}

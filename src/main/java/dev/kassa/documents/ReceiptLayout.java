package dev.kassa.documents;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.kassa.sales.Sale;
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

	private ReceiptLayout() {
	}

	record Receipt(Sale sale, Paper.Party seller, String locationName, ZoneId zone, String cashier,
			@Nullable String customer, String footer, String symbol) {
	}

	/** One line of the receipt: text on the left, centred or with a figure on the right; or a rule. */
	private record Line(String text, @Nullable String right, float size, boolean bold, boolean center, boolean rule) {

		float height() {
			return rule ? 6 : size * 1.3f;
		}
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
		pair(lines, "Sale " + sale.number(), null, false);
		pair(lines, Formats.DATE_TIME.format(sale.createdAt().atZone(receipt.zone())), null, false);
		pair(lines, "Cashier: " + receipt.cashier(), null, false);
		if (sale.terminalId() != null) {
			wrapped(pdf, lines, "Terminal: " + sale.terminalId(), inner);
		}
		if (receipt.customer() != null) {
			wrapped(pdf, lines, "Customer: " + receipt.customer(), inner);
		}
		lines.add(rule());
		pair(lines, "Item", "Amount", true);
		for (var line : sale.lines()) {
			wrapped(pdf, lines, line.name(), inner);
			pair(lines, "  " + Formats.quantity(line.quantity()) + " x " + Formats.money(line.unitPrice(), currency),
					Formats.money(line.gross(), currency), false);
			var discount = line.discount().add(line.saleDiscount());
			if (discount.signum() != 0) {
				pair(lines, "  Discount", "-" + Formats.money(discount, currency), false);
			}
		}
		lines.add(rule());
		pair(lines, "Subtotal", Formats.money(sale.subtotal(), currency), false);
		if (sale.discountTotal().signum() != 0) {
			pair(lines, "Discounts", "-" + Formats.money(sale.discountTotal(), currency), false);
		}
		pair(lines, "Taxable value", Formats.money(sale.taxable(), currency), false);
		if (sale.cgst().signum() != 0 || sale.sgst().signum() != 0) {
			pair(lines, "CGST", Formats.money(sale.cgst(), currency), false);
			pair(lines, "SGST", Formats.money(sale.sgst(), currency), false);
		}
		if (sale.igst().signum() != 0) {
			pair(lines, "IGST", Formats.money(sale.igst(), currency), false);
		}
		if (sale.cess().signum() != 0) {
			pair(lines, "Cess", Formats.money(sale.cess(), currency), false);
		}
		lines.add(new Line("TOTAL " + receipt.symbol(), Formats.money(sale.total(), currency), 11, true, false, false));
		lines.add(rule());
		pair(lines, "Tax summary", null, true);
		for (var rate : taxByRate(sale).entrySet()) {
			pair(lines, "  GST " + Formats.rate(rate.getKey()) + " on " + Formats.money(rate.getValue()[0], currency),
					Formats.money(rate.getValue()[1], currency), false);
		}
		lines.add(rule());
		for (var payment : sale.payments()) {
			var tendered = payment.tendered() != null ? payment.tendered() : payment.amount();
			pair(lines, payment.method().name() + (payment.reference() != null ? " " + payment.reference() : ""),
					Formats.money(tendered, currency), false);
		}
		if (sale.changeDue().signum() != 0) {
			pair(lines, "Change", Formats.money(sale.changeDue(), currency), true);
		}
		lines.add(rule());
		for (var part : receipt.footer().split("\n")) {
			center(pdf, lines, part, SIZE, false, inner);
		}
		float height = 2 * MARGIN;
		for (var line : lines) {
			height += line.height();
		}
		pdf.newPage(WIDTH, height);
		float y = height - MARGIN;
		for (var line : lines) {
			y -= line.height();
			if (line.rule()) {
				pdf.line(MARGIN, y + 3, WIDTH - MARGIN, y + 3, 0.5f);
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

	private static void pair(List<Line> lines, String left, @Nullable String right, boolean bold) {
		lines.add(new Line(left, right, SIZE, bold, false, false));
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

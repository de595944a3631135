package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.kassa.tills.TillSale;

/** What a sale, a void or a refund adds to its till session's Z report, from the sales module's figures. */
final class TillFigures {

	private TillFigures() {
	}

	/** A sale: its payments per method (what stays in the drawer), its lines' taxes per rate. */
	static TillSale sale(UUID saleId, BigDecimal total, BigDecimal discountTotal, List<SaleLine> lines,
			List<SalePayment> payments) {
		var byMethod = new LinkedHashMap<String, BigDecimal>();
		for (var payment : payments) {
			byMethod.merge(payment.method().name(), payment.amount(), BigDecimal::add);
		}
		int overrides = 0;
		var taxes = new TreeMap<BigDecimal, BigDecimal[]>();
		for (var line : lines) {
			if (line.unitPrice().compareTo(line.listPrice()) != 0) {
				overrides++;
			}
			add(taxes, line.taxRate(), line.taxable(), line.cgst(), line.sgst(), line.igst(), line.cess());
		}
		return new TillSale(saleId, TillSale.Kind.SALE, total, discountTotal, overrides, byMethod, taxes(taxes, false));
	}

	/** A void: the sale taken back whole, every figure negative. */
	static TillSale voided(Sale sale) {
		var figures = sale(sale.id(), sale.total(), sale.discountTotal(), sale.lines(), sale.payments());
		var byMethod = new LinkedHashMap<String, BigDecimal>();
		figures.byMethod().forEach((method, amount) -> byMethod.put(method, amount.negate()));
		var taxes = figures.taxes().stream()
			.map(t -> new TillSale.Tax(t.rate(), t.taxable().negate(), t.cgst().negate(), t.sgst().negate(),
					t.igst().negate(), t.cess().negate()))
			.toList();
		return new TillSale(sale.id(), TillSale.Kind.VOID, sale.total().negate(), sale.discountTotal().negate(), 0,
				byMethod, taxes);
	}

	/** A return: the refunds per method and the returned lines' taxes as the return split them, negative. */
	static TillSale refund(SaleReturn credit, Sale sale) {
		var byMethod = new LinkedHashMap<String, BigDecimal>();
		for (var refund : credit.refunds()) {
			byMethod.merge(refund.method().name(), refund.amount().negate(), BigDecimal::add);
		}
		var taxes = new TreeMap<BigDecimal, BigDecimal[]>();
		for (var line : credit.lines()) {
			var sold = sale.lines().stream().filter(l -> l.id().equals(line.saleLineId())).findFirst().orElseThrow();
			add(taxes, sold.taxRate(), line.amount().subtract(line.taxTotal()), line.cgst(), line.sgst(), line.igst(),
					line.cess());
		}
		return new TillSale(credit.id(), TillSale.Kind.RETURN, credit.total().negate(), BigDecimal.ZERO, 0, byMethod,
				taxes(taxes, true));
	}

	private static void add(Map<BigDecimal, BigDecimal[]> taxes, BigDecimal rate, BigDecimal... amounts) {
		var sums = taxes.computeIfAbsent(rate.stripTrailingZeros(), r -> new BigDecimal[] { BigDecimal.ZERO,
				BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO });
		for (int i = 0; i < sums.length; i++) {
			sums[i] = sums[i].add(amounts[i]);
		}
	}

	private static List<TillSale.Tax> taxes(Map<BigDecimal, BigDecimal[]> taxes, boolean negate) {
		return taxes.entrySet().stream().map(e -> {
			var s = e.getValue();
			return negate ? new TillSale.Tax(e.getKey(), s[0].negate(), s[1].negate(), s[2].negate(), s[3].negate(),
					s[4].negate()) : new TillSale.Tax(e.getKey(), s[0], s[1], s[2], s[3], s[4]);
		}).toList();
	}
}

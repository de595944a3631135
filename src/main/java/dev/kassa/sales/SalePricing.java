package dev.kassa.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Prices a sale: pure arithmetic, no I/O. Every amount is rounded half-up to the currency's minor unit
 * per line, and totals are sums of the rounded line figures, so the lines always add up to the totals.
 * <ol>
 * <li>A line's gross is unit price times quantity; its own discount (an amount) comes off it.</li>
 * <li>The sale discount (a percentage of, or an amount off, the lines' net) is spread over the lines pro
 * rata to their net, before tax; the remainder of the rounding goes to the largest line, so the parts sum
 * exactly to the discount.</li>
 * <li>Tax is computed on what remains. A price with tax excluded is the taxable value and the taxes come
 * on top. A price with tax included is what the customer pays: the taxable value is backed out
 * ({@code amount * 100 / (100 + rate + cess)}), the taxes are computed from it, and the taxable value is
 * then the amount less those taxes, so the line total stays exactly the price.</li>
 * <li>GST within a state is half CGST and half SGST (each rounded from the taxable value, so they are
 * equal), between states IGST; cess on top of either. Outside GST a single tax.</li>
 * </ol>
 */
final class SalePricing {

	static final BigDecimal HUNDRED = new BigDecimal("100");

	private SalePricing() {
	}

	/** How a sale is taxed, from the place of supply. */
	enum Supply {
		/** GST, the buyer in the seller's state: CGST + SGST. */
		INTRA_STATE,
		/** GST, the buyer in another state: IGST. */
		INTER_STATE,
		/** Not GST: one tax at the product's rate. */
		PLAIN
	}

	/**
	 * One line to price.
	 *
	 * @param unitPrice the price of one unit, with or without tax as {@code priceIncludesTax} says
	 * @param discount an amount off the line, in the same terms as the price; zero for none
	 * @param taxRate percent
	 * @param cessRate percent, zero for none
	 */
	record Line(BigDecimal unitPrice, BigDecimal quantity, BigDecimal discount, boolean priceIncludesTax,
			BigDecimal taxRate, BigDecimal cessRate) {
	}

	/** The sale's own discount: a percentage of the lines' net, or an amount. */
	record Discount(BigDecimal value, boolean percentage) {

		static final Discount NONE = new Discount(BigDecimal.ZERO, false);
	}

	/**
	 * A priced line.
	 *
	 * @param gross unit price times quantity
	 * @param saleDiscount this line's share of the sale discount
	 * @param taxable the taxable value
	 * @param tax every tax of the line together
	 * @param total what the customer pays for the line
	 */
	record PricedLine(BigDecimal gross, BigDecimal discount, BigDecimal saleDiscount, BigDecimal taxable,
			BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, BigDecimal tax, BigDecimal total) {
	}

	/**
	 * A priced sale.
	 *
	 * @param subtotal the lines' gross, before any discount
	 * @param discountTotal line discounts and the sale discount together
	 * @param saleDiscount the sale discount as an amount
	 */
	record Priced(List<PricedLine> lines, BigDecimal subtotal, BigDecimal discountTotal, BigDecimal saleDiscount,
			BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, BigDecimal tax,
			BigDecimal total) {
	}

	/** A price that cannot be: the field it comes from and why. */
	static final class Refused extends RuntimeException {

		final String field;

		Refused(String field, String message) {
			super(message, null, false, false);
			this.field = field;
		}
	}

	/**
	 * @param scale the currency's minor unit: 2 for INR, 0 for JPY
	 * @throws Refused when a discount exceeds what it applies to
	 */
	static Priced price(List<Line> lines, @Nullable Discount saleDiscount, Supply supply, int scale) {
		var discount = saleDiscount == null ? Discount.NONE : saleDiscount;
		int n = lines.size();
		var gross = new BigDecimal[n];
		var net = new BigDecimal[n];
		var lineDiscount = new BigDecimal[n];
		var netTotal = zero(scale);
		for (int i = 0; i < n; i++) {
			var line = lines.get(i);
			gross[i] = round(line.unitPrice().multiply(line.quantity()), scale);
			lineDiscount[i] = round(line.discount(), scale);
			if (lineDiscount[i].compareTo(gross[i]) > 0) {
				throw new Refused("lines[" + i + "].discount",
						"the discount " + lineDiscount[i].toPlainString() + " exceeds the line's amount " + gross[i].toPlainString());
			}
			net[i] = gross[i].subtract(lineDiscount[i]);
			netTotal = netTotal.add(net[i]);
		}
		var saleDiscountAmount = saleDiscountAmount(discount, netTotal, scale);
		var shares = spread(saleDiscountAmount, net, netTotal, scale);

		var priced = new ArrayList<PricedLine>(n);
		var subtotal = zero(scale);
		var discounts = zero(scale);
		var taxable = zero(scale);
		var cgst = zero(scale);
		var sgst = zero(scale);
		var igst = zero(scale);
		var cess = zero(scale);
		var total = zero(scale);
		for (int i = 0; i < n; i++) {
			var line = lines.get(i);
			var amount = net[i].subtract(shares[i]);
			var taxed = tax(amount, line, supply, scale);
			var pricedLine = new PricedLine(gross[i], lineDiscount[i], shares[i], taxed.taxable, taxed.cgst, taxed.sgst,
					taxed.igst, taxed.cess, taxed.tax(), taxed.taxable.add(taxed.tax()));
			priced.add(pricedLine);
			subtotal = subtotal.add(gross[i]);
			discounts = discounts.add(lineDiscount[i]).add(shares[i]);
			taxable = taxable.add(taxed.taxable);
			cgst = cgst.add(taxed.cgst);
			sgst = sgst.add(taxed.sgst);
			igst = igst.add(taxed.igst);
			cess = cess.add(taxed.cess);
			total = total.add(pricedLine.total());
		}
		var tax = zero(scale);
		for (var line : priced) {
			tax = tax.add(line.tax());
		}
		return new Priced(List.copyOf(priced), subtotal, discounts, saleDiscountAmount, taxable, cgst, sgst, igst, cess,
				tax, total);
	}

	private static BigDecimal saleDiscountAmount(Discount discount, BigDecimal netTotal, int scale) {
		if (discount.value().signum() < 0) {
			throw new Refused("discount", "must not be negative");
		}
		if (discount.percentage()) {
			if (discount.value().compareTo(HUNDRED) > 0) {
				throw new Refused("discount", "a percentage must be at most 100");
			}
			return round(netTotal.multiply(discount.value()).divide(HUNDRED), scale);
		}
		var amount = round(discount.value(), scale);
		if (amount.compareTo(netTotal) > 0) {
			throw new Refused("discount", "the discount " + amount.toPlainString() + " exceeds the sale's amount "
					+ netTotal.toPlainString());
		}
		return amount;
	}

	/**
	 * Splits {@code amount} over the lines in proportion to their net. Every line but the largest gets its
	 * share rounded half-up; the largest (the first of equals) gets the rest, so the shares sum exactly.
	 */
	static BigDecimal[] spread(BigDecimal amount, BigDecimal[] net, BigDecimal netTotal, int scale) {
		var shares = new BigDecimal[net.length];
		if (amount.signum() == 0 || netTotal.signum() == 0) {
			for (int i = 0; i < net.length; i++) {
				shares[i] = zero(scale);
			}
			return shares;
		}
		int largest = 0;
		for (int i = 1; i < net.length; i++) {
			if (net[i].compareTo(net[largest]) > 0) {
				largest = i;
			}
		}
		var given = zero(scale);
		for (int i = 0; i < net.length; i++) {
			if (i != largest) {
				shares[i] = amount.multiply(net[i]).divide(netTotal, scale, RoundingMode.HALF_UP);
				given = given.add(shares[i]);
			}
		}
		shares[largest] = amount.subtract(given);
		return shares;
	}

	/** {@code other} is the single tax outside GST. */
	private record Taxed(BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal other,
			BigDecimal cess) {

		BigDecimal tax() {
			return cgst.add(sgst).add(igst).add(other).add(cess);
		}
	}

	private static Taxed tax(BigDecimal amount, Line line, Supply supply, int scale) {
		var rate = line.taxRate();
		var cessRate = line.cessRate();
		BigDecimal base;
		if (line.priceIncludesTax()) {
			var divisor = HUNDRED.add(rate).add(cessRate);
			base = amount.multiply(HUNDRED).divide(divisor, scale, RoundingMode.HALF_UP);
		}
		else {
			base = amount;
		}
		var zero = zero(scale);
		var cgst = zero;
		var sgst = zero;
		var igst = zero;
		var other = zero;
		switch (supply) {
			case INTRA_STATE -> {
				cgst = percent(base, rate.divide(new BigDecimal("2")), scale);
				sgst = cgst;
			}
			case INTER_STATE -> igst = percent(base, rate, scale);
			case PLAIN -> other = percent(base, rate, scale);
		}
		var cess = percent(base, cessRate, scale);
		var taxes = cgst.add(sgst).add(igst).add(other).add(cess);
		var taxable = line.priceIncludesTax() ? amount.subtract(taxes) : amount;
		return new Taxed(taxable, cgst, sgst, igst, other, cess);
	}

	private static BigDecimal percent(BigDecimal base, BigDecimal rate, int scale) {
		return round(base.multiply(rate).divide(HUNDRED), scale);
	}

	static BigDecimal round(BigDecimal value, int scale) {
		return value.setScale(scale, RoundingMode.HALF_UP);
	}

	private static BigDecimal zero(int scale) {
		return BigDecimal.ZERO.setScale(scale);
	}
}

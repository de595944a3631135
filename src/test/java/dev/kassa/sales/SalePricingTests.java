package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kassa.sales.SalePricing.Discount;
import dev.kassa.sales.SalePricing.Line;
import dev.kassa.sales.SalePricing.Priced;
import dev.kassa.sales.SalePricing.PricedLine;
import dev.kassa.sales.SalePricing.Supply;

/**
 * Hand-checked pricing cases. The working is written beside each figure; every figure is compared as
 * written (scale included), so a rounding that goes the other way fails.
 */
class SalePricingTests {

	private static final int INR = 2;

	private static Line line(String price, String quantity, String discount, boolean included, String rate, String cess) {
		return new Line(new BigDecimal(price), new BigDecimal(quantity), new BigDecimal(discount), included,
				new BigDecimal(rate), new BigDecimal(cess));
	}

	private static Line excluded(String price, String quantity, String rate) {
		return line(price, quantity, "0", false, rate, "0");
	}

	private static Line included(String price, String quantity, String rate) {
		return line(price, quantity, "0", true, rate, "0");
	}

	/** gross, line discount, sale discount share, taxable, cgst, sgst, igst, cess, tax, total */
	private static void assertLine(PricedLine line, String gross, String discount, String saleDiscount, String taxable,
			String cgst, String sgst, String igst, String cess, String tax, String total) {
		assertThat(List.of(line.gross(), line.discount(), line.saleDiscount(), line.taxable(), line.cgst(), line.sgst(),
				line.igst(), line.cess(), line.tax(), line.total()).stream().map(BigDecimal::toPlainString).toList())
			.containsExactly(gross, discount, saleDiscount, taxable, cgst, sgst, igst, cess, tax, total);
	}

	/** subtotal, discounts, taxable, cgst, sgst, igst, cess, tax, total */
	private static void assertTotals(Priced sale, String subtotal, String discounts, String taxable, String cgst,
			String sgst, String igst, String cess, String tax, String total) {
		assertThat(List.of(sale.subtotal(), sale.discountTotal(), sale.taxable(), sale.cgst(), sale.sgst(), sale.igst(),
				sale.cess(), sale.tax(), sale.total()).stream().map(BigDecimal::toPlainString).toList())
			.containsExactly(subtotal, discounts, taxable, cgst, sgst, igst, cess, tax, total);
	}

	@Test
	void taxExcludedWithinAState() {
		// 100.00 x 2 = 200.00; CGST 9% of 200.00 = 18.00, SGST the same; 200.00 + 36.00 = 236.00
		var sale = SalePricing.price(List.of(excluded("100.00", "2", "18")), null, Supply.INTRA_STATE, INR);
		assertLine(sale.lines().getFirst(), "200.00", "0.00", "0.00", "200.00", "18.00", "18.00", "0.00", "0.00", "36.00",
				"236.00");
		assertTotals(sale, "200.00", "0.00", "200.00", "18.00", "18.00", "0.00", "0.00", "36.00", "236.00");
	}

	@Test
	void taxExcludedBetweenStates() {
		// IGST 18% of 200.00 = 36.00
		var sale = SalePricing.price(List.of(excluded("100.00", "2", "18")), null, Supply.INTER_STATE, INR);
		assertLine(sale.lines().getFirst(), "200.00", "0.00", "0.00", "200.00", "0.00", "0.00", "36.00", "0.00", "36.00",
				"236.00");
	}

	@Test
	void taxIncludedWithinAStateKeepsThePriceAndEqualHalves() {
		// backed out: 100.00 * 100 / 118 = 84.745.. -> 84.75; CGST 9% of 84.75 = 7.6275 -> 7.63, SGST 7.63;
		// taxable = 100.00 - 15.26 = 84.74; the customer pays the price, 100.00
		var sale = SalePricing.price(List.of(included("100.00", "1", "18")), null, Supply.INTRA_STATE, INR);
		assertLine(sale.lines().getFirst(), "100.00", "0.00", "0.00", "84.74", "7.63", "7.63", "0.00", "0.00", "15.26",
				"100.00");
	}

	@Test
	void taxIncludedBetweenStates() {
		// base 84.75; IGST 18% of 84.75 = 15.255 -> 15.26 (half up); taxable 100.00 - 15.26 = 84.74
		var sale = SalePricing.price(List.of(included("100.00", "1", "18")), null, Supply.INTER_STATE, INR);
		assertLine(sale.lines().getFirst(), "100.00", "0.00", "0.00", "84.74", "0.00", "0.00", "15.26", "0.00", "15.26",
				"100.00");
	}

	@Test
	void taxIncludedAtFivePercentRoundsEachHalfUp() {
		// 10.00 * 100 / 105 = 9.5238 -> 9.52; 2.5% of 9.52 = 0.238 -> 0.24 each; taxable 10.00 - 0.48 = 9.52
		var sale = SalePricing.price(List.of(included("10.00", "1", "5")), null, Supply.INTRA_STATE, INR);
		assertLine(sale.lines().getFirst(), "10.00", "0.00", "0.00", "9.52", "0.24", "0.24", "0.00", "0.00", "0.48",
				"10.00");
	}

	@Test
	void roundingHalfUpPerLine() {
		// 9.99 x 3 = 29.97; 2.5% of 29.97 = 0.74925 -> 0.75 each half; 29.97 + 1.50 = 31.47
		var sale = SalePricing.price(List.of(excluded("9.99", "3", "5")), null, Supply.INTRA_STATE, INR);
		assertLine(sale.lines().getFirst(), "29.97", "0.00", "0.00", "29.97", "0.75", "0.75", "0.00", "0.00", "1.50",
				"31.47");
	}

	@Test
	void weighedQuantityRoundsTheLineAmount() {
		// 49.90 per kg x 1.235 kg = 61.6265 -> 61.63; GST 0%
		var sale = SalePricing.price(List.of(excluded("49.90", "1.235", "0")), null, Supply.INTRA_STATE, INR);
		assertLine(sale.lines().getFirst(), "61.63", "0.00", "0.00", "61.63", "0.00", "0.00", "0.00", "0.00", "0.00",
				"61.63");
	}

	@Test
	void cessComesOnTopOfGst() {
		// 28% + 12% cess on 1000.00: CGST 140.00, SGST 140.00, cess 120.00, total 1400.00
		var excluded = SalePricing.price(List.of(line("1000.00", "1", "0", false, "28", "12")), null,
				Supply.INTRA_STATE, INR);
		assertLine(excluded.lines().getFirst(), "1000.00", "0.00", "0.00", "1000.00", "140.00", "140.00", "0.00",
				"120.00", "400.00", "1400.00");
		// included: 1400.00 * 100 / (100 + 28 + 12) = 1000.00; IGST 280.00, cess 120.00
		var included = SalePricing.price(List.of(line("1400.00", "1", "0", true, "28", "12")), null,
				Supply.INTER_STATE, INR);
		assertLine(included.lines().getFirst(), "1400.00", "0.00", "0.00", "1000.00", "0.00", "0.00", "280.00",
				"120.00", "400.00", "1400.00");
	}

	@Test
	void lineDiscountComesOffBeforeTax() {
		// 50.00 x 4 = 200.00 - 20.00 = 180.00; 6% of 180.00 = 10.80 each; 180.00 + 21.60 = 201.60
		var sale = SalePricing.price(List.of(line("50.00", "4", "20", false, "12", "0")), null, Supply.INTRA_STATE,
				INR);
		assertLine(sale.lines().getFirst(), "200.00", "20.00", "0.00", "180.00", "10.80", "10.80", "0.00", "0.00",
				"21.60", "201.60");
		assertTotals(sale, "200.00", "20.00", "180.00", "10.80", "10.80", "0.00", "0.00", "21.60", "201.60");
	}

	@Test
	void percentageSaleDiscountSpreadProRataOverSeveralRates() {
		// net 100.00 + 99.99 (33.33 x 3) = 199.99; 10% = 19.999 -> 20.00.
		// the smaller line: 20.00 x 99.99 / 199.99 = 9.9994.. -> 10.00; the largest takes the rest, 10.00.
		// line 1: 90.00 at 5%: 2.25 + 2.25, total 94.50. line 2: 89.99 at 18%: 9% = 8.0991 -> 8.10 each, 106.19
		var sale = SalePricing.price(List.of(excluded("100.00", "1", "5"), excluded("33.33", "3", "18")),
				new Discount(new BigDecimal("10"), true), Supply.INTRA_STATE, INR);
		assertLine(sale.lines().get(0), "100.00", "0.00", "10.00", "90.00", "2.25", "2.25", "0.00", "0.00", "4.50",
				"94.50");
		assertLine(sale.lines().get(1), "99.99", "0.00", "10.00", "89.99", "8.10", "8.10", "0.00", "0.00", "16.20",
				"106.19");
		assertTotals(sale, "199.99", "20.00", "179.99", "10.35", "10.35", "0.00", "0.00", "20.70", "200.69");
		assertThat(sale.saleDiscount()).isEqualByComparingTo("20.00");
	}

	@Test
	void amountSaleDiscountGivesTheRemainderCentToTheLargestLine() {
		// 1.00 over 5.00, 20.00, 5.00 (net 30.00): 1.00 x 5 / 30 = 0.1666 -> 0.17 for each small line;
		// the largest gets 1.00 - 0.34 = 0.66. Plain tax at 0%.
		var sale = SalePricing.price(
				List.of(excluded("5.00", "1", "0"), excluded("20.00", "1", "0"), excluded("5.00", "1", "0")),
				new Discount(new BigDecimal("1.00"), false), Supply.PLAIN, INR);
		assertThat(sale.lines().stream().map(l -> l.saleDiscount().toPlainString()).toList())
			.containsExactly("0.17", "0.66", "0.17");
		assertThat(sale.lines().stream().map(l -> l.total().toPlainString()).toList())
			.containsExactly("4.83", "19.34", "4.83");
		assertTotals(sale, "30.00", "1.00", "29.00", "0.00", "0.00", "0.00", "0.00", "0.00", "29.00");
	}

	@Test
	void saleDiscountOnTaxIncludedPricesOfTwoRates() {
		// net 118.00 + 105.00 = 223.00; 10% = 22.30; the smaller: 22.30 x 105 / 223 = 10.50; the larger 11.80.
		// line 1: 106.20 * 100 / 118 = 90.00; 9% = 8.10 each. line 2: 94.50 * 100 / 105 = 90.00; 2.5% = 2.25 each.
		var sale = SalePricing.price(List.of(included("118.00", "1", "18"), included("105.00", "1", "5")),
				new Discount(new BigDecimal("10"), true), Supply.INTRA_STATE, INR);
		assertLine(sale.lines().get(0), "118.00", "0.00", "11.80", "90.00", "8.10", "8.10", "0.00", "0.00", "16.20",
				"106.20");
		assertLine(sale.lines().get(1), "105.00", "0.00", "10.50", "90.00", "2.25", "2.25", "0.00", "0.00", "4.50",
				"94.50");
		assertTotals(sale, "223.00", "22.30", "180.00", "10.35", "10.35", "0.00", "0.00", "20.70", "200.70");
	}

	@Test
	void mixedIncludedAndExcludedLinesInOneSale() {
		// 100.00 included at 18% (intra): taxable 84.74, 7.63 + 7.63, total 100.00;
		// 50.00 excluded at 12%: 3.00 + 3.00, total 56.00. Sale: 156.00.
		var sale = SalePricing.price(List.of(included("100.00", "1", "18"), excluded("50.00", "1", "12")), null,
				Supply.INTRA_STATE, INR);
		assertTotals(sale, "150.00", "0.00", "134.74", "10.63", "10.63", "0.00", "0.00", "21.26", "156.00");
	}

	@Test
	void currencyWithoutMinorUnitRoundsToWholeUnits() {
		// JPY, plain 10%: 199 x 3 = 597, tax 59.7 -> 60, total 657
		var excluded = SalePricing.price(List.of(excluded("199", "3", "10")), null, Supply.PLAIN, 0);
		assertLine(excluded.lines().getFirst(), "597", "0", "0", "597", "0", "0", "0", "0", "60", "657");
		// included 1000: 1000 * 100 / 110 = 909.09 -> 909; tax 90.9 -> 91; taxable 1000 - 91 = 909
		var included = SalePricing.price(List.of(included("1000", "1", "10")), null, Supply.PLAIN, 0);
		assertLine(included.lines().getFirst(), "1000", "0", "0", "909", "0", "0", "0", "0", "91", "1000");
	}

	@Test
	void fullDiscountLeavesNothingToPay() {
		var sale = SalePricing.price(List.of(excluded("40.00", "1", "18"), excluded("60.00", "1", "5")),
				new Discount(new BigDecimal("100"), true), Supply.INTRA_STATE, INR);
		assertTotals(sale, "100.00", "100.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00");
	}

	@Test
	void discountsLargerThanTheirAmountAreRefusedNamingTheField() {
		assertThatThrownBy(() -> SalePricing.price(List.of(line("10.00", "1", "10.01", false, "0", "0")), null,
				Supply.PLAIN, INR))
			.isInstanceOfSatisfying(SalePricing.Refused.class, r -> assertThat(r.field).isEqualTo("lines[0].discount"));
		assertThatThrownBy(() -> SalePricing.price(List.of(excluded("10.00", "1", "0")),
				new Discount(new BigDecimal("10.01"), false), Supply.PLAIN, INR))
			.isInstanceOfSatisfying(SalePricing.Refused.class, r -> assertThat(r.field).isEqualTo("discount"));
		assertThatThrownBy(() -> SalePricing.price(List.of(excluded("10.00", "1", "0")),
				new Discount(new BigDecimal("100.5"), true), Supply.PLAIN, INR))
			.isInstanceOf(SalePricing.Refused.class);
		assertThatThrownBy(() -> SalePricing.price(List.of(excluded("10.00", "1", "0")),
				new Discount(new BigDecimal("-1"), false), Supply.PLAIN, INR))
			.isInstanceOf(SalePricing.Refused.class);
	}
}

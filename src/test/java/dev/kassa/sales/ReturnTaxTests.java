package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * How a return's tax is split: whatever pieces a line is returned in, each return's parts add up to its tax and
 * the returns together give back exactly the line's tax and each of its parts.
 */
class ReturnTaxTests {

	private static SaleLine line(String quantity, String cgst, String sgst, String igst, String cess) {
		var tax = new BigDecimal(cgst).add(new BigDecimal(sgst)).add(new BigDecimal(igst)).add(new BigDecimal(cess));
		var zero = BigDecimal.ZERO.setScale(2);
		return new SaleLine(UUID.randomUUID(), 1, UUID.randomUUID(), "SKU", "Tea", "0902", "PIECE", new BigDecimal(quantity),
				zero, zero, false, new BigDecimal("5"), BigDecimal.ZERO, zero, zero, zero, zero, new BigDecimal(cgst),
				new BigDecimal(sgst), new BigDecimal(igst), new BigDecimal(cess), tax, zero);
	}

	private static BigDecimal parts(ReturnTax tax) {
		return tax.cgst().add(tax.sgst()).add(tax.igst()).add(tax.cess());
	}

	@Test
	void threeReturnsOfOnePieceOfThreeGiveBackTheFiveRupeesExactly() {
		var sold = line("3", "2.50", "2.50", "0.00", "0.00");
		var first = ReturnTax.of(sold, BigDecimal.ZERO, BigDecimal.ONE, 2);
		var second = ReturnTax.of(sold, BigDecimal.ONE, BigDecimal.ONE, 2);
		var third = ReturnTax.of(sold, new BigDecimal("2"), BigDecimal.ONE, 2);
		// 5.00 / 3 running: 1.67, 3.33, 5.00; CGST 2.50 / 3 running: 0.83 (+0.01 to meet 1.67), 1.67 (-0.01), 2.50
		assertThat(List.of(first.total(), second.total(), third.total())).containsExactly(new BigDecimal("1.67"),
				new BigDecimal("1.66"), new BigDecimal("1.67"));
		assertThat(List.of(first.cgst(), second.cgst(), third.cgst())).containsExactly(new BigDecimal("0.84"),
				new BigDecimal("0.82"), new BigDecimal("0.84"));
		assertThat(List.of(first.sgst(), second.sgst(), third.sgst())).containsExactly(new BigDecimal("0.83"),
				new BigDecimal("0.84"), new BigDecimal("0.83"));
		for (var tax : List.of(first, second, third)) {
			assertThat(parts(tax)).isEqualByComparingTo(tax.total());
		}
	}

	@Test
	void anySplitOfAnyLineAddsUpExactly() {
		var random = new Random(7);
		for (int run = 0; run < 2000; run++) {
			int pieces = 1 + random.nextInt(12);
			boolean interstate = random.nextBoolean();
			var half = BigDecimal.valueOf(random.nextInt(5000), 2);
			var sold = interstate ? line(Integer.toString(pieces), "0.00", "0.00", half.add(half).toPlainString(),
					BigDecimal.valueOf(random.nextInt(300), 2).toPlainString())
					: line(Integer.toString(pieces), half.toPlainString(), half.add(BigDecimal.valueOf(random.nextInt(2), 2))
						.toPlainString(), "0.00", "0.00");
			var returns = new ArrayList<ReturnTax>();
			int before = 0;
			while (before < pieces) {
				int quantity = 1 + random.nextInt(pieces - before);
				var tax = ReturnTax.of(sold, BigDecimal.valueOf(before), BigDecimal.valueOf(quantity), 2);
				assertThat(parts(tax)).as("%s, %d after %d", sold, quantity, before).isEqualByComparingTo(tax.total());
				returns.add(tax);
				before += quantity;
			}
			assertThat(returns.stream().map(ReturnTax::total).reduce(BigDecimal.ZERO, BigDecimal::add))
				.isEqualByComparingTo(sold.taxTotal());
			assertThat(returns.stream().map(ReturnTax::cgst).reduce(BigDecimal.ZERO, BigDecimal::add))
				.isEqualByComparingTo(sold.cgst());
			assertThat(returns.stream().map(ReturnTax::sgst).reduce(BigDecimal.ZERO, BigDecimal::add))
				.isEqualByComparingTo(sold.sgst());
			assertThat(returns.stream().map(ReturnTax::igst).reduce(BigDecimal.ZERO, BigDecimal::add))
				.isEqualByComparingTo(sold.igst());
			assertThat(returns.stream().map(ReturnTax::cess).reduce(BigDecimal.ZERO, BigDecimal::add))
				.isEqualByComparingTo(sold.cess());
		}
	}
}

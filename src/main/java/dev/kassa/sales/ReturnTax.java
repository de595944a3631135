package dev.kassa.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The tax a return takes back from its sold line, split into CGST, SGST, IGST and cess as the line was.
 * <p>
 * Each share is the difference of two running figures, what the line's returns come to up to and including this
 * one minus what they came to before it, each rounded once: so the returns of a line, in any number of pieces,
 * give back exactly the tax it was sold with and each of its parts, and the parts of every return add up to its
 * tax. Rounding each return's share alone loses or gains a paisa in three returns of a line of three (4.76 three
 * times for 14.29), which the Z report's tax table and the GST summary would then carry.
 */
record ReturnTax(BigDecimal total, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess) {

	/**
	 * @param before how much of the line its earlier returns took back
	 * @param quantity how much this return takes back
	 */
	static ReturnTax of(SaleLine sold, BigDecimal before, BigDecimal quantity, int scale) {
		var upTo = upTo(sold, before.add(quantity), scale);
		var was = upTo(sold, before, scale);
		return new ReturnTax(upTo.total.subtract(was.total), upTo.cgst.subtract(was.cgst), upTo.sgst.subtract(was.sgst),
				upTo.igst.subtract(was.igst), upTo.cess.subtract(was.cess));
	}

	/** What the returns of {@code returned} of the line come to, together. */
	private static ReturnTax upTo(SaleLine sold, BigDecimal returned, int scale) {
		if (returned.compareTo(sold.quantity()) >= 0) {
			return new ReturnTax(sold.taxTotal().setScale(scale), sold.cgst().setScale(scale), sold.sgst().setScale(scale),
					sold.igst().setScale(scale), sold.cess().setScale(scale));
		}
		var total = share(sold.taxTotal(), returned, sold, scale);
		var cgst = share(sold.cgst(), returned, sold, scale);
		var sgst = share(sold.sgst(), returned, sold, scale);
		var igst = share(sold.igst(), returned, sold, scale);
		var cess = share(sold.cess(), returned, sold, scale);
		// the parts rounded one by one may miss the total by a paisa: the largest part takes the difference
		var off = total.subtract(cgst).subtract(sgst).subtract(igst).subtract(cess);
		if (off.signum() != 0) {
			if (cess.compareTo(cgst.max(sgst).max(igst)) > 0) {
				cess = cess.add(off);
			}
			else if (igst.compareTo(cgst.max(sgst)) >= 0) {
				igst = igst.add(off);
			}
			else if (sgst.compareTo(cgst) > 0) {
				sgst = sgst.add(off);
			}
			else {
				cgst = cgst.add(off);
			}
		}
		return new ReturnTax(total, cgst, sgst, igst, cess);
	}

	private static BigDecimal share(BigDecimal amount, BigDecimal returned, SaleLine sold, int scale) {
		return amount.multiply(returned).divide(sold.quantity(), scale, RoundingMode.HALF_UP);
	}
}

package dev.kassa.documents;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An amount of rupees in English words in the Indian numbering system (thousand, lakh, crore), as a GST
 * invoice states its total: {@code 1234567.89} is "Rupees Twelve Lakh Thirty Four Thousand Five Hundred Sixty
 * Seven and Eighty Nine Paise Only". The amount is rounded half-up to the paisa first. Past 99 crore the
 * crores are counted in the same words ("One Lakh Crore").
 */
final class AmountInWords {

	private static final String[] ONES = { "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
			"Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
			"Nineteen" };

	private static final String[] TENS = { "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty",
			"Ninety" };

	private static final BigInteger CRORE = BigInteger.valueOf(10_000_000);

	private AmountInWords() {
	}

	static String rupees(BigDecimal amount) {
		var rounded = amount.setScale(2, RoundingMode.HALF_UP);
		var sign = rounded.signum() < 0 ? "Minus " : "";
		rounded = rounded.abs();
		var whole = rounded.toBigInteger();
		int paise = rounded.subtract(new BigDecimal(whole)).movePointRight(2).intValueExact();
		if (whole.signum() == 0 && paise > 0) {
			return sign + words(paise) + " Paise Only";
		}
		var text = sign + "Rupees " + words(whole);
		if (paise > 0) {
			text += " and " + words(paise) + " Paise";
		}
		return text + " Only";
	}

	/** A whole number of zero or more in words, Indian style. */
	static String words(BigInteger number) {
		if (number.signum() == 0) {
			return ONES[0];
		}
		var parts = new StringBuilder();
		var crores = number.divide(CRORE);
		long rest = number.mod(CRORE).longValueExact();
		if (crores.signum() > 0) {
			parts.append(words(crores)).append(" Crore");
		}
		if (rest > 0) {
			if (!parts.isEmpty()) {
				parts.append(' ');
			}
			parts.append(belowCrore(rest));
		}
		return parts.toString();
	}

	static String words(long number) {
		return words(BigInteger.valueOf(number));
	}

	/** 1 to 99,99,999 in words. */
	private static String belowCrore(long number) {
		var parts = new StringBuilder();
		long lakhs = number / 100_000;
		long thousands = number / 1000 % 100;
		long hundreds = number / 100 % 10;
		long rest = number % 100;
		if (lakhs > 0) {
			append(parts, belowHundred((int) lakhs) + " Lakh");
		}
		if (thousands > 0) {
			append(parts, belowHundred((int) thousands) + " Thousand");
		}
		if (hundreds > 0) {
			append(parts, ONES[(int) hundreds] + " Hundred");
		}
		if (rest > 0) {
			append(parts, belowHundred((int) rest));
		}
		return parts.toString();
	}

	private static void append(StringBuilder parts, String part) {
		if (!parts.isEmpty()) {
			parts.append(' ');
		}
		parts.append(part);
	}

	private static String belowHundred(int number) {
		if (number < 20) {
			return ONES[number];
		}
		return number % 10 == 0 ? TENS[number / 10] : TENS[number / 10] + " " + ONES[number % 10];
	}
}

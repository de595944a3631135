package dev.kassa.customers;

import java.util.regex.Pattern;

/**
 * The Indian GST identification number: state code, PAN, entity number, Z, and a check character
 * computed over the first 14 characters (base 36, weights 1 and 2 alternating, digits of each product
 * summed in base 36).
 */
final class Gstin {

	private static final Pattern FORMAT = Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]");

	private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private Gstin() {
	}

	static boolean valid(String gstin) {
		return FORMAT.matcher(gstin).matches() && checkCharacter(gstin) == gstin.charAt(14);
	}

	static char checkCharacter(String gstin) {
		int sum = 0;
		for (int i = 0; i < 14; i++) {
			int value = CHARS.indexOf(gstin.charAt(i));
			int product = value * (i % 2 == 0 ? 1 : 2);
			sum += product / 36 + product % 36;
		}
		return CHARS.charAt((36 - sum % 36) % 36);
	}
}

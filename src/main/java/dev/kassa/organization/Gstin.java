package dev.kassa.organization;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** India's GST identification number: state code, PAN, entity number, 'Z' by default, and a mod-36 check character. */
final class Gstin {

	private static final Pattern FORMAT = Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][0-9A-Z][0-9A-Z]");

	private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private Gstin() {
	}

	/** GST state codes in use: 01 (Jammu and Kashmir) to 38 (Ladakh). */
	static boolean validStateCode(@Nullable String code) {
		if (code == null || !code.matches("[0-9]{2}")) {
			return false;
		}
		int value = Integer.parseInt(code);
		return value >= 1 && value <= 38;
	}

	/** Why the GSTIN is not valid, or {@code null} when it is. */
	static @Nullable String problem(String gstin) {
		if (gstin.length() != 15) {
			return "must have 15 characters";
		}
		if (!FORMAT.matcher(gstin).matches()) {
			return "must be a state code, a PAN, an entity number and two more letters or digits";
		}
		if (!validStateCode(gstin.substring(0, 2))) {
			return "starts with an unknown state code " + gstin.substring(0, 2) + " (01 to 38)";
		}
		if (checkCharacter(gstin) != gstin.charAt(14)) {
			return "has a wrong check character (the 15th)";
		}
		return null;
	}

	static char checkCharacter(String gstin) {
		int sum = 0;
		for (int i = 0; i < 14; i++) {
			int product = CHARS.indexOf(gstin.charAt(i)) * (i % 2 == 0 ? 1 : 2);
			sum += product / 36 + product % 36;
		}
		return CHARS.charAt((36 - sum % 36) % 36);
	}
}

package dev.kassa.platform.gst;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * India's GST identification number, checked in full: 15 characters, a known state code ({@link GstState}), a
 * PAN (five letters, four digits, a letter), an entity number (1-9 or A-Z), {@code Z}, and a check character
 * computed over the first 14 (base 36, weights 1 and 2 alternating, the two base-36 digits of each product
 * summed). One type for the organization's registrations and for customers, so that both refuse the same numbers.
 *
 * @param value the number in capitals, as {@link #parse} accepts it
 */
public record Gstin(String value) {

	private static final Pattern FORMAT = Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]");

	private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	public Gstin {
		var problem = problem(value);
		if (problem != null) {
			throw new IllegalArgumentException("not a valid GSTIN: " + problem);
		}
	}

	/** The GSTIN written in {@code text}, with spaces removed and letters in capitals. */
	public static Gstin parse(String text) {
		return new Gstin(normalized(text));
	}

	/** Spaces removed, letters in capitals: the form {@link #problem} checks. */
	public static String normalized(String text) {
		return text.strip().replace(" ", "").toUpperCase(Locale.ROOT);
	}

	public static boolean valid(String gstin) {
		return problem(gstin) == null;
	}

	/** Why {@code gstin} is not a valid GSTIN, in words for a field error, or {@code null} when it is one. */
	public static @Nullable String problem(String gstin) {
		if (gstin.length() != 15) {
			return "must have 15 characters";
		}
		if (!FORMAT.matcher(gstin).matches()) {
			return "must be a state code, a PAN, an entity number, Z and a check character";
		}
		if (!GstState.known(gstin.substring(0, 2))) {
			return "starts with an unknown state code " + gstin.substring(0, 2) + " (" + GstState.EXPECTED + ")";
		}
		if (checkCharacter(gstin) != gstin.charAt(14)) {
			return "has a wrong check character (the 15th)";
		}
		return null;
	}

	/** The check character of the first 14 characters of {@code gstin}, which must be digits or capitals. */
	public static char checkCharacter(String gstin) {
		int sum = 0;
		for (int i = 0; i < 14; i++) {
			int product = CHARS.indexOf(gstin.charAt(i)) * (i % 2 == 0 ? 1 : 2);
			sum += product / 36 + product % 36;
		}
		return CHARS.charAt((36 - sum % 36) % 36);
	}

	/** The state the number is registered in. */
	public GstState state() {
		return GstState.of(value.substring(0, 2)).orElseThrow();
	}

	/** The holder's PAN: characters 3 to 12. */
	public String pan() {
		return value.substring(2, 12);
	}

	@Override
	public String toString() {
		return value;
	}
}

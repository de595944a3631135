package dev.kassa.organization;

import java.math.BigInteger;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Checks of IFSC codes (India) and IBANs (ISO 13616, mod-97). */
final class BankCodes {

	private static final Pattern IFSC = Pattern.compile("^[A-Z]{4}0[A-Z0-9]{6}$");

	private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");

	private BankCodes() {
	}

	static boolean validIfsc(String ifsc) {
		return IFSC.matcher(ifsc).matches();
	}

	/** Why the IBAN (without spaces, upper case) is not valid, or {@code null} when it is. */
	static @Nullable String ibanProblem(String iban) {
		if (!IBAN.matcher(iban).matches()) {
			return "must be a country code, two check digits and 11 to 30 letters or digits";
		}
		var rearranged = iban.substring(4) + iban.substring(0, 4);
		var digits = new StringBuilder(rearranged.length() * 2);
		for (char c : rearranged.toCharArray()) {
			digits.append(Character.digit(c, 36));
		}
		if (new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() != 1) {
			return "has wrong check digits";
		}
		return null;
	}
}

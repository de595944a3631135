package dev.kassa.customers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.springframework.stereotype.Component;

import dev.kassa.platform.ApiException;

/** Reads phone numbers as people type them and gives them in E.164. */
@Component
class PhoneNumbers {

	private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

	private final String region;

	PhoneNumbers(CustomerSettings settings) {
		this.region = settings.defaultRegion().toUpperCase(java.util.Locale.ROOT);
		if (!util.getSupportedRegions().contains(region)) {
			throw new IllegalStateException("kassa.customers.default-region " + region + " is not a known region");
		}
	}

	/** The number in E.164; a number that is not valid is a 400 naming {@code field}. */
	String normalize(String field, String phone) {
		try {
			var number = util.parse(phone, region);
			if (!util.isValidNumber(number)) {
				throw ApiException.invalid(field, "is not a valid phone number");
			}
			return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw ApiException.invalid(field, "is not a phone number");
		}
	}

	/**
	 * The E.164 prefix that a typed prefix of a number means: as given when it starts with + or 00, else
	 * a national number in the default region (a leading trunk 0 dropped).
	 */
	String prefix(String typed) {
		var digits = typed.replaceAll("[^0-9]", "");
		if (typed.strip().startsWith("+")) {
			return "+" + digits;
		}
		if (digits.startsWith("00")) {
			return "+" + digits.substring(2);
		}
		return "+" + util.getCountryCodeForRegion(region) + digits.replaceFirst("^0+", "");
	}
}

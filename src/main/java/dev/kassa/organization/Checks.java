package dev.kassa.organization;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.gst.GstState;

/** Checks of input shared by this module's services; each failure names the field. */
final class Checks {

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private Checks() {
	}

	static String required(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			throw ApiException.invalid(field, "is required");
		}
		return optional(value, field, max);
	}

	static @Nullable String optionalOrNull(@Nullable String value, String field, int max) {
		return value == null || value.isBlank() ? null : optional(value, field, max);
	}

	private static String optional(String value, String field, int max) {
		var stripped = value.strip();
		if (stripped.length() > max) {
			throw ApiException.invalid(field, "must have at most " + max + " characters");
		}
		return stripped;
	}

	static String country(@Nullable String value, String field) {
		var code = required(value, field, 2).toUpperCase(Locale.ROOT);
		if (!COUNTRIES.contains(code)) {
			throw ApiException.invalid(field, "must be an ISO 3166 alpha-2 country code such as IN");
		}
		return code;
	}

	static String currency(@Nullable String value, String field) {
		var code = required(value, field, 3).toUpperCase(Locale.ROOT);
		try {
			if (code.length() == 3 && Currency.getInstance(code).getCurrencyCode().equals(code)) {
				return code;
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to the refusal
		}
		throw ApiException.invalid(field, "must be an ISO 4217 currency code such as INR");
	}

	static String zone(@Nullable String value, String field) {
		var id = required(value, field, 64);
		try {
			return ZoneId.of(id).getId();
		}
		catch (DateTimeException ex) {
			throw ApiException.invalid(field, "must be a time zone id such as Asia/Kolkata");
		}
	}

	static @Nullable String stateCode(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (!GstState.known(value.strip())) {
			throw ApiException.invalid(field, "must be " + GstState.EXPECTED);
		}
		return value.strip();
	}
}

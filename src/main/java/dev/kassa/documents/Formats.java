package dev.kassa.documents;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

import dev.kassa.platform.gst.GstState;

/** How figures, dates and places are printed on documents. */
final class Formats {

	static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

	static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");

	private Formats() {
	}

	/**
	 * An amount with two decimals, grouped the Indian way for INR ({@code 12,34,567.89}) and by thousands
	 * otherwise.
	 */
	static String money(BigDecimal amount, String currency) {
		var scaled = amount.setScale(2, RoundingMode.HALF_UP);
		var plain = scaled.abs().toPlainString();
		int dot = plain.indexOf('.');
		var whole = dot < 0 ? plain : plain.substring(0, dot);
		var fraction = dot < 0 ? "" : plain.substring(dot);
		var grouped = new StringBuilder();
		if ("INR".equals(currency) && whole.length() > 3) {
			var head = whole.substring(0, whole.length() - 3);
			for (int i = 0; i < head.length(); i++) {
				if (i > 0 && (head.length() - i) % 2 == 0) {
					grouped.append(',');
				}
				grouped.append(head.charAt(i));
			}
			grouped.append(',').append(whole, whole.length() - 3, whole.length());
		}
		else {
			for (int i = 0; i < whole.length(); i++) {
				if (i > 0 && (whole.length() - i) % 3 == 0) {
					grouped.append(',');
				}
				grouped.append(whole.charAt(i));
			}
		}
		return (scaled.signum() < 0 ? "-" : "") + grouped + fraction;
	}

	/** A quantity without trailing zeros: 2, 1.5, 0.125. */
	static String quantity(BigDecimal quantity) {
		var stripped = quantity.stripTrailingZeros();
		return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
	}

	/** A tax rate as a percentage: 18, 2.5. */
	static String rate(BigDecimal rate) {
		return quantity(rate) + "%";
	}

	static String date(LocalDate date) {
		return DATE.format(date);
	}

	/** The file name a document is downloaded as: the kind and its number, with only safe characters. */
	static String fileName(String kind, String number) {
		var safe = number.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
		return kind + "-" + (safe.isEmpty() ? "document" : safe) + ".pdf";
	}

	/** A GST state as printed: {@code Karnataka (29)}; the code alone when unknown, empty for none. */
	static String state(@Nullable String code) {
		if (code == null) {
			return "";
		}
		return GstState.of(code).map(GstState::printed).orElse(code);
	}
}

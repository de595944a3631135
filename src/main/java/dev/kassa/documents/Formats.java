package dev.kassa.documents;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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

	private static final Map<String, String> STATES = Map.ofEntries(Map.entry("01", "Jammu and Kashmir"),
			Map.entry("02", "Himachal Pradesh"), Map.entry("03", "Punjab"), Map.entry("04", "Chandigarh"),
			Map.entry("05", "Uttarakhand"), Map.entry("06", "Haryana"), Map.entry("07", "Delhi"),
			Map.entry("08", "Rajasthan"), Map.entry("09", "Uttar Pradesh"), Map.entry("10", "Bihar"),
			Map.entry("11", "Sikkim"), Map.entry("12", "Arunachal Pradesh"), Map.entry("13", "Nagaland"),
			Map.entry("14", "Manipur"), Map.entry("15", "Mizoram"), Map.entry("16", "Tripura"),
			Map.entry("17", "Meghalaya"), Map.entry("18", "Assam"), Map.entry("19", "West Bengal"),
			Map.entry("20", "Jharkhand"), Map.entry("21", "Odisha"), Map.entry("22", "Chhattisgarh"),
			Map.entry("23", "Madhya Pradesh"), Map.entry("24", "Gujarat"), Map.entry("25", "Daman and Diu"),
			Map.entry("26", "Dadra and Nagar Haveli and Daman and Diu"), Map.entry("27", "Maharashtra"),
			Map.entry("28", "Andhra Pradesh (old)"), Map.entry("29", "Karnataka"), Map.entry("30", "Goa"),
			Map.entry("31", "Lakshadweep"), Map.entry("32", "Kerala"), Map.entry("33", "Tamil Nadu"),
			Map.entry("34", "Puducherry"), Map.entry("35", "Andaman and Nicobar Islands"),
			Map.entry("36", "Telangana"), Map.entry("37", "Andhra Pradesh"), Map.entry("38", "Ladakh"));

	/** A GST state as printed: {@code Karnataka (29)}; empty when unknown. */
	static String state(@Nullable String code) {
		if (code == null) {
			return "";
		}
		var name = STATES.get(code);
		return name == null ? code : name + " (" + code + ")";
	}
}

package dev.kassa.platform.gst;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A GST state or union territory by its two-digit code: the first two characters of a GSTIN, a location's
 * state, and the place of supply of a sale (which decides CGST and SGST within the state, IGST across).
 *
 * @param code two digits, 01 (Jammu and Kashmir) to 38 (Ladakh), or 97 (Other Territory)
 * @param name the name printed on documents
 */
public record GstState(String code, String name) {

	private static final Map<String, String> NAMES = new TreeMap<>(Map.ofEntries(Map.entry("01", "Jammu and Kashmir"),
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
			Map.entry("36", "Telangana"), Map.entry("37", "Andhra Pradesh"), Map.entry("38", "Ladakh"),
			Map.entry("97", "Other Territory")));

	/** What a refusal of an unknown code says the code must be. */
	public static final String EXPECTED = "a GST state code from 01 to 38, or 97";

	public GstState {
		if (!name.equals(NAMES.get(code))) {
			throw new IllegalArgumentException("not a GST state: " + code + " " + name);
		}
	}

	/** The state with this code, empty for an unknown code or null. */
	public static Optional<GstState> of(@Nullable String code) {
		if (code == null) {
			return Optional.empty();
		}
		var name = NAMES.get(code);
		return name == null ? Optional.empty() : Optional.of(new GstState(code, name));
	}

	public static boolean known(@Nullable String code) {
		return code != null && NAMES.containsKey(code);
	}

	/** As printed on a document: {@code Karnataka (29)}. */
	public String printed() {
		return name + " (" + code + ")";
	}
}

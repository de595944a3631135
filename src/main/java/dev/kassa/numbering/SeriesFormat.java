package dev.kassa.numbering;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A parsed number format: literals and the placeholders {@code {LOC}}, {@code {FY}} and exactly one
 * {@code {SEQ:n}} (zero-padded to n digits, n from 1 to 12).
 */
final class SeriesFormat {

	/** In India a document number has at most 16 characters: letters, digits, '-' and '/'. */
	static final int INDIA_MAX_LENGTH = 16;

	private static final Pattern TOKEN = Pattern.compile("\\{(LOC|FY|SEQ:([0-9]{1,2}))\\}");

	private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9/._-]*");

	private static final Pattern INDIA_LITERAL = Pattern.compile("[A-Za-z0-9/-]*");

	private sealed interface Part {
	}

	private record Literal(String text) implements Part {
	}

	private record Placeholder(String name) implements Part {
	}

	private final List<Part> parts;

	private final int width;

	private SeriesFormat(List<Part> parts, int width) {
		this.parts = parts;
		this.width = width;
	}

	/** The refusal, for the field {@code format}. */
	static final class Invalid extends RuntimeException {

		Invalid(String message) {
			super(message, null, false, false);
		}

		@Override
		public String getMessage() {
			return java.util.Objects.requireNonNull(super.getMessage());
		}
	}

	static SeriesFormat parse(String format, boolean india) {
		if (format.isEmpty() || format.length() > 64) {
			throw new Invalid("must have 1 to 64 characters");
		}
		var parts = new ArrayList<Part>();
		var matcher = TOKEN.matcher(format);
		int at = 0;
		int width = -1;
		while (matcher.find()) {
			literal(format.substring(at, matcher.start()), india, parts);
			if (matcher.group(2) != null) {
				if (width >= 0) {
					throw new Invalid("must hold {SEQ:n} once");
				}
				width = Integer.parseInt(matcher.group(2));
				if (width < 1 || width > 12) {
					throw new Invalid("{SEQ:n} takes n from 1 to 12");
				}
				parts.add(new Placeholder("SEQ"));
			}
			else {
				parts.add(new Placeholder(matcher.group(1)));
			}
			at = matcher.end();
		}
		literal(format.substring(at), india, parts);
		if (width < 0) {
			throw new Invalid("must hold the sequence as {SEQ:n}, e.g. {LOC}/{FY}/{SEQ:6}");
		}
		return new SeriesFormat(List.copyOf(parts), width);
	}

	private static void literal(String text, boolean india, List<Part> parts) {
		if (text.isEmpty()) {
			return;
		}
		if (text.contains("{") || text.contains("}")) {
			throw new Invalid("knows only the placeholders {LOC}, {FY} and {SEQ:n}");
		}
		if (!(india ? INDIA_LITERAL : LITERAL).matcher(text).matches()) {
			throw new Invalid(india ? "may hold only letters, digits, '-' and '/' in India"
					: "may hold only letters, digits and '/', '.', '_', '-'");
		}
		parts.add(new Literal(text));
	}

	long maxValue() {
		long max = 1;
		for (int i = 0; i < width; i++) {
			max *= 10;
		}
		return max - 1;
	}

	/** The longest number this format gives for the codes: every sequence has at most n digits. */
	int longest(String locationCode, String yearCode) {
		return render(locationCode, yearCode, maxValue()).length();
	}

	String render(String locationCode, String yearCode, long sequence) {
		var out = new StringBuilder();
		for (var part : parts) {
			switch (part) {
				case Literal literal -> out.append(literal.text());
				case Placeholder p when p.name().equals("LOC") -> out.append(locationCode);
				case Placeholder p when p.name().equals("FY") -> out.append(yearCode);
				case Placeholder p -> out.append(pad(sequence));
			}
		}
		return out.toString();
	}

	private String pad(long sequence) {
		var digits = Long.toString(sequence);
		return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
	}

	/**
	 * The format of a default series: {@code {LOC}/{FY}/{SEQ:n}} with the type's prefix, as wide as the
	 * limit allows up to the type's width; without separators if need be. Empty when not even 3 digits fit.
	 */
	static @Nullable String defaultFor(DocumentType type, String locationCode, String yearCode, boolean india) {
		String[] shapes = { type.defaultPrefix + "{LOC}/{FY}/", type.defaultPrefix + "{LOC}{FY}" };
		for (var shape : shapes) {
			int fixed = shape.replace("{LOC}", locationCode).replace("{FY}", yearCode).length();
			int width = india ? Math.min(type.defaultWidth, INDIA_MAX_LENGTH - fixed) : type.defaultWidth;
			if (width >= 3) {
				return shape + "{SEQ:" + width + "}";
			}
		}
		return null;
	}
}

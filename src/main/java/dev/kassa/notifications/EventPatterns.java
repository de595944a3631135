package dev.kassa.notifications;

import java.util.List;
import java.util.regex.Pattern;

/** The event types a webhook asks for: {@code *}, {@code <aggregate>.*} or an exact type. */
final class EventPatterns {

	static final Pattern VALID = Pattern.compile("\\*|[a-z][a-z0-9_]*\\.(\\*|[a-z][a-z0-9_]*)");

	private EventPatterns() {
	}

	static boolean valid(String pattern) {
		return VALID.matcher(pattern).matches();
	}

	static boolean matches(List<String> patterns, String type) {
		for (var pattern : patterns) {
			if (pattern.equals("*") || pattern.equals(type)
					|| pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1))) {
				return true;
			}
		}
		return false;
	}
}

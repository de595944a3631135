package dev.kassa.events;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;

/** Checks what a live client asks for: its topics and the position it resumes from. */
final class LiveRequests {

	private LiveRequests() {
	}

	/** The topics asked for, or {@code null} (absent or empty) for every topic the user may follow. */
	static @Nullable Set<String> topics(@Nullable Collection<String> asked, CurrentUser user) {
		if (asked == null) {
			return null;
		}
		var topics = new LinkedHashSet<String>();
		for (var topic : asked) {
			var name = topic.trim();
			if (name.isEmpty()) {
				continue;
			}
			if (!Topics.ALL.contains(name)) {
				throw ApiException.invalid("topics", "'" + abbreviate(name) + "' is not a topic; topics are "
						+ Topics.ALL.stream().sorted().toList());
			}
			if (!Topics.mayFollow(user, name)) {
				throw ApiException.forbidden("The topic " + name + " needs one of the roles "
						+ Topics.readers(name).stream().sorted().toList());
			}
			topics.add(name);
		}
		return topics.isEmpty() ? null : Set.copyOf(topics);
	}

	static @Nullable Set<String> topics(@Nullable String commaSeparated, CurrentUser user) {
		return commaSeparated == null ? null : topics(List.of(commaSeparated.split(",", -1)), user);
	}

	/** The last seq a client saw; {@code null} when absent. */
	static @Nullable Long after(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			long after = Long.parseLong(value.trim());
			if (after < 0) {
				throw ApiException.invalid(field, "must be a seq, 0 or more");
			}
			return after;
		}
		catch (NumberFormatException ex) {
			throw ApiException.invalid(field, "must be a seq, a whole number 0 or more");
		}
	}

	private static String abbreviate(String value) {
		return value.length() > 40 ? value.substring(0, 40) + "..." : value;
	}
}

package dev.kassa.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.Role;

/** At least 8 characters (12 for an admin), at most 128, not a common password, not the user name. */
@Component
class PasswordPolicy {

	static final int MIN = 8;

	static final int MIN_ADMIN = 12;

	static final int MAX = 128;

	private final Set<String> common;

	PasswordPolicy() throws IOException {
		try (InputStream in = PasswordPolicy.class.getResourceAsStream("/identity/common-passwords.txt")) {
			common = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter(line -> !line.isEmpty() && !line.startsWith("#"))
				.map(line -> line.toLowerCase(Locale.ROOT))
				.collect(Collectors.toUnmodifiableSet());
		}
	}

	void check(String field, String password, String username, Set<Role> roles) {
		int min = roles.contains(Role.ADMIN) ? MIN_ADMIN : MIN;
		int length = password.codePointCount(0, password.length());
		if (length < min) {
			throw ApiException.invalid(field, "must have at least " + min + " characters"
					+ (min == MIN_ADMIN ? " for an admin" : ""));
		}
		if (length > MAX) {
			throw ApiException.invalid(field, "must have at most " + MAX + " characters");
		}
		var lower = password.toLowerCase(Locale.ROOT);
		if (common.contains(lower)) {
			throw ApiException.invalid(field, "is one of the most common passwords; choose another");
		}
		if (lower.equals(username.toLowerCase(Locale.ROOT))) {
			throw ApiException.invalid(field, "must not be the user name");
		}
	}
}

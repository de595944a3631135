package dev.kassa.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset-paginated list. {@code next_cursor} is opaque to clients; it encodes the sort
 * key of the last item, and is {@code null} on the last page.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	/** Checks a requested limit: 1 to 200, 50 when absent. */
	public static int limit(@Nullable Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

	/**
	 * Builds a page from up to {@code limit + 1} rows fetched: the extra row only says there is more.
	 *
	 * @param key the sort key of an item, encoded into the cursor
	 */
	public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> key) {
		if (rows.size() <= limit) {
			return new Page<>(rows, null);
		}
		var items = rows.subList(0, limit);
		return new Page<>(List.copyOf(items), encode(key.apply(items.getLast())));
	}

	public static String encode(String key) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
	}

	/** Decodes a cursor given by a client; a malformed one is a 400 naming {@code cursor}. */
	public static @Nullable String decode(@Nullable String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("cursor", "is not a cursor this API gave out");
		}
	}

	/** Decodes a cursor that holds a UUID. */
	public static java.util.@Nullable UUID decodeId(@Nullable String cursor) {
		var key = decode(cursor);
		if (key == null) {
			return null;
		}
		try {
			return java.util.UUID.fromString(key);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("cursor", "is not a cursor this API gave out");
		}
	}
}

package dev.kassa.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The tamper-evident chain: each sealed event's hash is SHA-256 of the previous event's hash followed by
 * the event's canonical content. Canonical content is every field, each written as its UTF-8 length, a
 * colon and its text, so no choice of field values can make two different events read the same. Time is
 * UTC with microseconds (PostgreSQL's precision); the payload is PostgreSQL's own {@code jsonb} text.
 */
final class EventChain {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

	private EventChain() {
	}

	/** The fields of an event that the chain covers, as read from the table. */
	record Content(long seq, UUID id, String type, String aggregateType, UUID aggregateId, @Nullable UUID locationId,
			@Nullable UUID actorId, OffsetDateTime occurredAt, String payload) {

		byte[] canonical() {
			var text = new StringBuilder(payload.length() + 256);
			field(text, Long.toString(seq));
			field(text, id.toString());
			field(text, type);
			field(text, aggregateType);
			field(text, aggregateId.toString());
			field(text, locationId == null ? "" : locationId.toString());
			field(text, actorId == null ? "" : actorId.toString());
			field(text, TIME.format(occurredAt.withOffsetSameInstant(ZoneOffset.UTC)));
			field(text, payload);
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}

		private static void field(StringBuilder text, String value) {
			text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
		}
	}

	static byte[] hash(byte @Nullable [] previous, Content content) {
		try {
			var digest = MessageDigest.getInstance("SHA-256");
			if (previous != null) {
				digest.update(previous);
			}
			digest.update(content.canonical());
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(byte @Nullable [] bytes) {
		if (bytes == null) {
			return "";
		}
		return java.util.HexFormat.of().formatHex(bytes);
	}

}

package dev.kassa.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;
import tools.jackson.databind.JsonNode;

/**
 * A sealed event as the API shows it.
 *
 * @param seq its position in the log, in commit order, without gaps
 * @param topic the live-stream topic it belongs to, from its aggregate type
 */
@NamedInterface("feed")
public record StoredEvent(long seq, UUID id, String type, String topic, String aggregateType, UUID aggregateId,
		@Nullable UUID locationId, @Nullable UUID actorId, OffsetDateTime occurredAt, JsonNode payload) {
}

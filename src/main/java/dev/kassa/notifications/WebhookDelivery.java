package dev.kassa.notifications;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver an event (or a ping) to a webhook endpoint.
 *
 * @param position the event's position in the log; null for a ping
 * @param ok whether the endpoint answered 2xx
 * @param statusCode the endpoint's HTTP status, when it answered
 */
record WebhookDelivery(UUID id, @Nullable UUID eventId, String eventType, @Nullable Long position,
		Instant attemptedAt, long durationMs, boolean ok, @Nullable Integer statusCode, @Nullable String error) {
}

package dev.kassa.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A webhook endpoint: where events of the types it asks for are posted, in log order.
 *
 * @param eventTypes patterns: {@code *}, {@code sale.*} or an exact type such as {@code sale.completed}
 * @param active false when an ADMIN paused it, or after too many failures in a row ({@code disabledReason})
 * @param position the last event position it was sent (or that it did not ask for); the next delivery is after it
 * @param secret the signing secret: shown only when the endpoint is created and when it is rotated
 */
record Webhook(UUID id, String url, @Nullable String description, List<String> eventTypes, boolean active,
		@Nullable String disabledReason, long position, int consecutiveFailures, @Nullable Instant nextAttemptAt,
		Instant createdAt, Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret) {

	Webhook withSecret(String shown) {
		return new Webhook(id, url, description, eventTypes, active, disabledReason, position, consecutiveFailures,
				nextAttemptAt, createdAt, updatedAt, shown);
	}
}

package dev.kassa.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;

/**
 * Forgets what the outbox no longer needs, in two steps. After {@code kassa.notifications.attachment-retention}
 * (30 days) a sent or failed message loses its attachments (receipt and invoice PDFs), so that the outbox
 * does not keep a copy of every document it ever mailed; after {@code message-retention} (400 days) the
 * message itself goes, with its address, text and attempts. Each removal is one transaction with its event
 * ({@code message.attachments_removed}, {@code message.removed}); the event log keeps only the masked address
 * it always had. Sweeps on several instances remove each once: the delete answers what it removed, and what
 * another sweep took first gets no event.
 */
@Component
class MessageRetention {

	private static final Logger log = LoggerFactory.getLogger(MessageRetention.class);

	private static final int BATCH = 100;

	private final MessageStore store;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final NotificationSettings settings;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	MessageRetention(MessageStore store, EventLog events, TransactionTemplate transactions,
			NotificationSettings settings) {
		this.store = store;
		this.events = events;
		this.transactions = transactions;
		this.settings = settings;
	}

	/** @return how many messages this sweep took attachments from */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
	int removeExpiredAttachments() {
		var cutoff = clock.instant().minus(settings.attachmentRetention());
		int removed = sweep(cutoff, store::attachmentsHeldBefore, (held, at) -> {
			var gone = store.removeAttachments(held.id());
			return gone[0] == 0 ? null : Map.of("files", gone[0], "bytes", gone[1], "retention",
					settings.attachmentRetention().toString());
		}, "message.attachments_removed");
		if (removed > 0) {
			log.info("Removed the attachments of {} messages finished before {}", removed, cutoff);
		}
		return removed;
	}

	/** @return how many messages this sweep removed */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 900_000)
	int removeExpiredMessages() {
		var cutoff = clock.instant().minus(settings.messageRetention());
		int removed = sweep(cutoff, store::finishedBefore, (held, at) -> {
			var status = store.remove(held.id(), at);
			return status == null ? null : Map.of("status", status, "retention", settings.messageRetention().toString());
		}, "message.removed");
		if (removed > 0) {
			log.info("Removed {} messages finished before {}", removed, cutoff);
		}
		return removed;
	}

	/** A removal: what went, as the event's payload, or null when nothing was left to remove. */
	private interface Removal {

		@Nullable Map<String, Object> remove(MessageStore.Holding held, Instant cutoff);
	}

	private int sweep(Instant cutoff, BiFunction<Instant, Integer, List<MessageStore.Holding>> due, Removal removal,
			String eventType) {
		int removed = 0;
		List<MessageStore.Holding> batch;
		do {
			batch = due.apply(cutoff, BATCH);
			for (var held : batch) {
				Boolean done = transactions.execute(tx -> {
					var payload = removal.remove(held, cutoff);
					if (payload == null) {
						return false;
					}
					events.append(eventType, "message", held.id(), held.locationId(), payload);
					return true;
				});
				if (Boolean.TRUE.equals(done)) {
					removed++;
				}
			}
		}
		while (batch.size() == BATCH);
		return removed;
	}
}

package dev.kassa.notifications;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;

/**
 * Removes the attachments (receipt and invoice PDFs) of messages sent or failed longer ago than
 * {@code kassa.notifications.attachment-retention}, so that the outbox does not keep a copy of every
 * document it ever mailed. The message, its attempts and its events stay; each removal is one transaction
 * with its {@code message.attachments_removed} event. Sweeps on several instances remove each once: the
 * delete answers what it removed, and a message with nothing left to remove gets no event.
 */
@Component
class AttachmentRetention {

	private static final Logger log = LoggerFactory.getLogger(AttachmentRetention.class);

	private static final int BATCH = 100;

	private final MessageStore store;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final NotificationSettings settings;

	private final Clock clock = Clock.systemUTC();

	AttachmentRetention(MessageStore store, EventLog events, TransactionTemplate transactions,
			NotificationSettings settings) {
		this.store = store;
		this.events = events;
		this.transactions = transactions;
		this.settings = settings;
	}

	/** @return how many messages this sweep took attachments from */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
	int removeExpired() {
		var cutoff = clock.instant().minus(settings.attachmentRetention());
		int removed = 0;
		List<MessageStore.Holding> due;
		do {
			due = store.attachmentsHeldBefore(cutoff, BATCH);
			for (var held : due) {
				Boolean done = transactions.execute(tx -> {
					var gone = store.removeAttachments(held.id());
					if (gone[0] == 0) {
						return false;
					}
					events.append("message.attachments_removed", "message", held.id(), held.locationId(),
							Map.of("files", gone[0], "bytes", gone[1], "retention", settings.attachmentRetention().toString()));
					return true;
				});
				if (Boolean.TRUE.equals(done)) {
					removed++;
				}
			}
		}
		while (due.size() == BATCH);
		if (removed > 0) {
			log.info("Removed the attachments of {} messages finished before {}", removed, cutoff);
		}
		return removed;
	}
}

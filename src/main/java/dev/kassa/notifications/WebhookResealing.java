package dev.kassa.notifications;

import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;

/**
 * Brings every stored signing secret to the configured key at start: one kept in clear from before
 * {@code kassa.notifications.webhooks.secret-key} was set is sealed, one sealed with a key now listed in
 * {@code previous-secret-keys} is sealed again with the current key, so that the old key can be dropped.
 * Each endpoint changes in a transaction of its own with a {@code webhook.secret_resealed} event (the
 * secret itself stays the same, and the receivers notice nothing). Several instances starting at once
 * reseal each endpoint once: the update only replaces the value it read. A value that no configured key
 * opens is left as it is, and its endpoint's deliveries fail with the reason until its secret is rotated.
 */
@Component
class WebhookResealing {

	private static final Logger log = LoggerFactory.getLogger(WebhookResealing.class);

	private final WebhookStore store;

	private final WebhookSecrets secrets;

	private final EventLog events;

	private final TransactionTemplate transactions;

	WebhookResealing(WebhookStore store, WebhookSecrets secrets, EventLog events, TransactionTemplate transactions) {
		this.store = store;
		this.secrets = secrets;
		this.events = events;
		this.transactions = transactions;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		int resealed = resealAll();
		if (resealed > 0) {
			log.info("Sealed {} webhook signing secrets with the configured key", resealed);
		}
	}

	/** @return how many endpoints this call resealed */
	int resealAll() {
		return reseal(store.storedSecrets());
	}

	/** @param stored endpoints' ids and their secrets as stored */
	int reseal(Map<UUID, String> stored) {
		int resealed = 0;
		for (var endpoint : stored.entrySet()) {
			if (!secrets.isCurrent(endpoint.getValue()) && reseal(endpoint.getKey(), endpoint.getValue())) {
				resealed++;
			}
		}
		return resealed;
	}

	private boolean reseal(UUID id, String was) {
		String secret;
		try {
			secret = secrets.open(id, was);
		}
		catch (WebhookSecrets.Unreadable ex) {
			log.warn("Webhook {}'s secret is left as it is: {}; rotate it", id, ex.getMessage());
			return false;
		}
		var now = secrets.seal(id, secret);
		return Boolean.TRUE.equals(transactions.execute(tx -> {
			if (!store.restore(id, was, now)) {
				return false;
			}
			events.append("webhook.secret_resealed", "webhook", id, null,
					Map.of("sealed", !now.equals(secret)));
			return true;
		}));
	}
}

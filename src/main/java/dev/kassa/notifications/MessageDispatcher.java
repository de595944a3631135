package dev.kassa.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;

/**
 * Sends queued messages. A loop on a virtual thread claims due messages (several instances may run one:
 * {@code FOR UPDATE SKIP LOCKED} and a lease keep two from taking the same message), sends each on a
 * virtual thread of its own with at most {@code kassa.notifications.concurrency} at once, and records each
 * attempt with its event. Delivery is at least once: a process that dies between sending and recording
 * leaves the message to be sent again when its lease runs out.
 */
@Component
class MessageDispatcher implements SmartLifecycle {

	private final MessageStore store;

	private final EmailSender email;

	private final WhatsAppSender whatsApp;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final NotificationSettings settings;

	private final DispatchLoop<MessageStore.Claimed> loop;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	private final io.micrometer.core.instrument.MeterRegistry meters;

	MessageDispatcher(MessageStore store, EmailSender email, WhatsAppSender whatsApp, EventLog events,
			TransactionTemplate transactions, NotificationSettings settings,
			io.micrometer.core.instrument.MeterRegistry meters, dev.kassa.platform.Workers workers) {
		this.meters = meters;
		this.store = store;
		this.email = email;
		this.whatsApp = whatsApp;
		this.events = events;
		this.transactions = transactions;
		this.settings = settings;
		this.loop = new DispatchLoop<>("outbox", settings.concurrency(), settings.poll(),
				free -> store.claim(free, UUID.randomUUID(), settings.lease()), this::deliver, MessageStore.Claimed::id, workers);
	}

	/** Looks for due messages at once (after a local enqueue commits). Never blocks. */
	void wake() {
		loop.wake();
	}

	@Override
	public void start() {
		loop.start(settings.dispatch());
	}

	@Override
	public void stop() {
		loop.stop();
	}

	@Override
	public boolean isRunning() {
		return loop.running();
	}

	/**
	 * Claims as many due messages as there are free permits and sends them, each on a virtual thread;
	 * answers how many were claimed. With {@code wait}, returns only once they are all recorded.
	 */
	int dispatchDue(boolean wait) throws InterruptedException {
		return loop.dispatchDue(wait);
	}

	private void deliver(MessageStore.Claimed message) {
		var started = clock.instant();
		long t0 = System.nanoTime();
		String providerId = null;
		SendFailure failure = null;
		try {
			providerId = switch (message.channel()) {
				case EMAIL -> email.send(message, store.attachments(message.id()));
				case WHATSAPP -> {
					var attachments = store.attachments(message.id());
					// only a retry of a document can have an upload to send again
					var uploaded = attachments.isEmpty() || message.attempts() == 0 ? null
							: store.uploadedMedia(message.id(), started.minus(WhatsAppSender.MEDIA_KEPT));
					yield whatsApp.send(message, attachments, uploaded);
				}
			};
		}
		catch (SendFailure.Thrown thrown) {
			failure = thrown.failure();
		}
		catch (RuntimeException ex) {
			failure = new SendFailure(true, null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		long nanos = System.nanoTime() - t0;
		meters.timer("kassa.notifications.sends", "channel", message.channel().name(), "outcome",
				failure == null ? "sent" : failure.retryable() ? "retryable" : "permanent")
			.record(nanos, TimeUnit.NANOSECONDS);
		record(message, started, nanos / 1_000_000, providerId, failure);
	}

	private void record(MessageStore.Claimed message, Instant started, long durationMs, @Nullable String providerId,
			@Nullable SendFailure failure) {
		int attempt = message.attempts() + 1;
		var now = clock.instant();
		transactions.executeWithoutResult(tx -> {
			var payload = new LinkedHashMap<String, Object>();
			payload.put("channel", message.channel());
			payload.put("attempt", attempt);
			if (failure == null) {
				if (!store.finish(message, MessageStatus.SENT, null, null, providerId, now)) {
					return;
				}
				store.insertAttempt(message.id(), attempt, started, durationMs, "SENT", null, null);
				events.append("message.sent", "message", message.id(), null, payload);
				return;
			}
			payload.put("status_code", failure.statusCode());
			payload.put("error", failure.error().length() > 200 ? failure.error().substring(0, 200) : failure.error());
			if (failure.retryable() && attempt < message.maxAttempts()) {
				var next = now.plus(Backoff.after(attempt, settings.retryBase(), settings.retryMax()));
				if (!store.finish(message, MessageStatus.QUEUED, next, failure.error(), null, now)) {
					return;
				}
				store.insertAttempt(message.id(), attempt, started, durationMs, "RETRYING", failure.statusCode(),
						failure.error());
				if (failure.uploadedMedia() != null) {
					store.keepUploadedMedia(message.id(), failure.uploadedMedia(), started);
					payload.put("uploaded_media", failure.uploadedMedia());
				}
				payload.put("next_attempt_at", next);
				events.append("message.retrying", "message", message.id(), null, payload);
				return;
			}
			if (!store.finish(message, MessageStatus.FAILED, null, failure.error(), null, now)) {
				return;
			}
			store.insertAttempt(message.id(), attempt, started, durationMs, "FAILED", failure.statusCode(),
					failure.error());
			payload.put("permanent", !failure.retryable());
			events.append("message.failed", "message", message.id(), null, payload);
		});
	}
}

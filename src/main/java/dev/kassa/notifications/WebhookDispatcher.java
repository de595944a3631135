package dev.kassa.notifications;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.events.EventFeed;
import dev.kassa.events.EventLog;
import dev.kassa.events.StoredEvent;
import dev.kassa.platform.Ids;

/**
 * Delivers the sealed event log to webhook endpoints. Each endpoint has its own cursor (its last
 * position); a loop on a virtual thread claims endpoints that are due and behind the log ({@code FOR UPDATE
 * SKIP LOCKED} and a lease: one dispatcher per endpoint at a time, across instances), and each claimed
 * endpoint is served on a virtual thread of its own, at most {@code webhooks.concurrency} at once: events
 * after its cursor are posted one after the other, in order, each only after the previous one was
 * answered 2xx. A failure stops that endpoint alone until its back-off has passed; after
 * {@code webhooks.disable-after} failures in a row it is disabled ({@code webhook.disabled}). Delivery is at
 * least once: an event may come twice (same {@code Kassa-Event-Id}) if a process dies after sending it.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

	/** Aggregate types never sent: users and their roles, bank accounts, and the webhooks themselves. */
	static final Set<String> ALWAYS_WITHHELD = Set.of("user", "bank_account", "webhook");

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookStore store;

	private final EventFeed feed;

	private final EventLog events;

	private final OutboundHttp http;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final NotificationSettings settings;

	private final Set<String> withheld;

	private final DispatchLoop<WebhookStore.Claimed> loop;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	private final io.micrometer.core.instrument.MeterRegistry meters;

	private final WebhookSecrets secrets;

	WebhookDispatcher(WebhookStore store, EventFeed feed, EventLog events, OutboundHttp http,
			TransactionTemplate transactions, JsonMapper json, NotificationSettings settings,
			io.micrometer.core.instrument.MeterRegistry meters, WebhookSecrets secrets, dev.kassa.platform.Workers workers) {
		this.meters = meters;
		this.secrets = secrets;
		this.store = store;
		this.feed = feed;
		this.events = events;
		this.http = http;
		this.transactions = transactions;
		this.json = json;
		this.settings = settings;
		var all = new HashSet<>(ALWAYS_WITHHELD);
		all.addAll(settings.webhooks().withheldAggregateTypes());
		this.withheld = Set.copyOf(all);
		this.loop = new DispatchLoop<>("webhooks", settings.webhooks().concurrency(), settings.poll(),
				free -> store.claim(free, feed.lastPosition(), UUID.randomUUID(), settings.lease()), this::serve,
				WebhookStore.Claimed::id, workers);
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

	/** Claims as many due endpoints as there are free permits and serves each on a virtual thread. */
	int dispatchDue() throws InterruptedException {
		return loop.dispatchDue(false);
	}

	/** Whether an event may leave the building and the endpoint asked for it. */
	boolean wanted(StoredEvent event, java.util.List<String> patterns) {
		return !withheld.contains(event.aggregateType()) && EventPatterns.matches(patterns, event.type());
	}

	/** Batches served to one endpoint before it is given back, so that a busy one does not keep its permit for ever. */
	static final int BATCHES_PER_TURN = 10;

	private void serve(WebhookStore.Claimed webhook) {
		long position = webhook.position();
		var uri = URI.create(webhook.url());
		int batch = settings.webhooks().batch();
		for (int turn = 0; turn < BATCHES_PER_TURN && loop.running(); turn++) {
			var events = feed.after(position, batch);
			for (var event : events) {
				if (!loop.running()) {
					break;
				}
				if (!wanted(event, webhook.eventTypes())) {
					position = event.seq();
					continue;
				}
				var delivery = post(webhook.id(), uri, webhook.storedSecret(), event.id(), event.type(), event.seq(), body(event));
				store.insertDelivery(webhook.id(), delivery);
				if (!delivery.ok()) {
					failed(webhook, position, delivery);
					return;
				}
				position = event.seq();
				if (!store.advance(webhook, position, settings.lease())) {
					return;
				}
			}
			if (events.size() < batch) {
				break;
			}
		}
		store.release(webhook, position);
	}

	private void failed(WebhookStore.Claimed webhook, long position, WebhookDelivery delivery) {
		int failures = webhook.failures() + 1;
		var now = clock.instant();
		if (failures < settings.webhooks().disableAfter()) {
			store.failed(webhook, position, failures,
					now.plus(Backoff.after(failures, settings.retryBase(), settings.retryMax())));
			return;
		}
		var reason = failures + " deliveries failed in a row; the last: " + delivery.error();
		transactions.executeWithoutResult(tx -> {
			if (store.disable(webhook, position, failures, reason, now)) {
				var payload = new LinkedHashMap<String, Object>();
				payload.put("origin", Webhooks.origin(webhook.url()));
				payload.put("consecutive_failures", failures);
				payload.put("position", position);
				payload.put("last_error", delivery.error());
				events.append("webhook.disabled", "webhook", webhook.id(), null, payload);
			}
		});
		log.warn("Webhook {} disabled after {} failed deliveries in a row", webhook.id(), failures);
	}

	/** The body of an event's delivery: the event as the log keeps it, with its position. */
	String body(StoredEvent event) {
		var body = new LinkedHashMap<String, Object>();
		body.put("id", event.id());
		body.put("type", event.type());
		body.put("aggregate_type", event.aggregateType());
		body.put("aggregate_id", event.aggregateId());
		body.put("location_id", event.locationId());
		body.put("position", event.seq());
		body.put("occurred_at", event.occurredAt());
		body.put("payload", event.payload());
		return json.writeValueAsString(body);
	}

	/** A ping to an endpoint, recorded among its deliveries; it moves no cursor and counts no failure. */
	WebhookDelivery ping(UUID webhookId, String url, String storedSecret) {
		var id = Ids.next();
		var body = new LinkedHashMap<String, Object>();
		body.put("id", id);
		body.put("type", "webhook.ping");
		body.put("aggregate_type", "webhook");
		body.put("aggregate_id", webhookId);
		body.put("location_id", null);
		body.put("position", null);
		body.put("occurred_at", clock.instant());
		body.put("payload", Map.of());
		var delivery = post(webhookId, URI.create(url), storedSecret, id, "webhook.ping", null, json.writeValueAsString(body));
		store.insertDelivery(webhookId, delivery);
		return delivery;
	}

	/**
	 * One delivery attempt, signed with the endpoint's secret. A secret that does not open (sealed with another
	 * key, or damaged) fails the attempt like an unreachable endpoint would, with the reason, and the other
	 * endpoints go on.
	 */
	private WebhookDelivery post(UUID webhookId, URI uri, String storedSecret, UUID eventId, String type,
			@Nullable Long position, String body) {
		var attemptedAt = clock.instant();
		long t0 = System.nanoTime();
		Integer status = null;
		String error = null;
		try {
			var signature = WebhookSignature.header(secrets.open(webhookId, storedSecret), dev.kassa.platform.KassaClock.now().getEpochSecond(),
					body);
			var answer = http.postJsonToRegistered(uri, body, Map.of("Kassa-Event-Id", eventId.toString(), "Kassa-Event-Type", type,
					WebhookSignature.HEADER, signature));
			status = answer.status();
			if (status < 200 || status >= 300) {
				var text = answer.body().strip();
				error = "HTTP " + status + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) : text));
			}
		}
		catch (SendFailure.Thrown thrown) {
			error = thrown.failure().error();
		}
		catch (WebhookSecrets.Unreadable ex) {
			error = ex.getMessage();
		}
		long nanos = System.nanoTime() - t0;
		meters.timer("kassa.webhooks.deliveries", "outcome", error == null ? "ok" : "failed")
			.record(nanos, TimeUnit.NANOSECONDS);
		long durationMs = nanos / 1_000_000;
		return new WebhookDelivery(Ids.next(), eventId, type, position, attemptedAt, durationMs, error == null, status,
				error);
	}

	@Scheduled(fixedDelay = 3_600_000, initialDelay = 300_000)
	void forgetOldDeliveries() {
		int forgotten = store.forgetDeliveriesBefore(clock.instant().minus(settings.webhooks().deliveryRetention()));
		if (forgotten > 0) {
			log.info("Forgot {} webhook deliveries older than {}", forgotten, settings.webhooks().deliveryRetention());
		}
	}
}

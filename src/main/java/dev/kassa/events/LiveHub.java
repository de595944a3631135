package dev.kassa.events;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.platform.Workers;

/**
 * The one poller of this instance: reads newly sealed events ({@code seq > position}) from the table and
 * hands each batch to every live connection. It wakes when the local sealer sealed something, when another
 * instance's sealer sends {@code NOTIFY kassa_events} (heard on a connection of its own), and otherwise
 * every {@code kassa.events.live-poll}. The table is the source of truth: a missed wake-up only delays.
 * After a batch it reads again no sooner than {@code kassa.events.live-batch} later: commits that come
 * meanwhile go out together, as one wake-up and one write per connection instead of one per event.
 */
@Component
class LiveHub implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

	private static final int PAGE = 500;

	/** Events sealed after {@code from} up to and including {@code to}, in order. */
	record Batch(long from, long to, List<LiveEvent> events) {
	}

	/**
	 * An event with its JSON and its WebSocket message, each written once and shared by every connection. The
	 * message is kept encoded, as UTF-8, and goes out as these bytes to every connection ({@link TextFrames}).
	 */
	record LiveEvent(StoredEvent event, String json, byte[] message) {

		LiveEvent(StoredEvent event, String json) {
			this(event, json, ("{\"type\":\"event\",\"seq\":" + event.seq() + ",\"event\":" + json + "}")
				.getBytes(StandardCharsets.UTF_8));
		}
	}

	private final EventStore store;

	private final DirectConnections connections;

	private final EventSettings settings;

	private final JsonMapper json;

	private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final ArrayBlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

	private final Object fanOut = new Object();

	/** Marks this instance's NOTIFYs, which its poller need not hear: its own sealer wakes it directly. */
	private final String origin = java.util.UUID.randomUUID().toString();

	private long position;

	private volatile boolean running;

	private final Workers workers;

	private Workers.@Nullable Worker poller;

	private Workers.@Nullable Worker listener;

	LiveHub(EventStore store, DirectConnections connections, EventSettings settings, JsonMapper json,
			Workers workers) {
		this.workers = workers;
		this.store = store;
		this.connections = connections;
		this.settings = settings;
		this.json = json;
	}

	void wake() {
		wakeUps.offer(Boolean.TRUE);
	}

	/** What this instance's sealer puts before the sequence number in its NOTIFY payload. */
	String origin() {
		return origin;
	}

	LiveEvent render(StoredEvent event) {
		return new LiveEvent(event, json.writeValueAsString(event));
	}

	/** Adds a connection; answers the position from which it will be handed batches. */
	long register(Subscription subscription) {
		synchronized (fanOut) {
			subscriptions.add(subscription);
			return position;
		}
	}

	void unregister(Subscription subscription) {
		subscriptions.remove(subscription);
	}

	int connections() {
		return subscriptions.size();
	}

	@Override
	public void start() {
		position = store.lastSeq();
		running = true;
		poller = workers.start("live-poller", this::poll);
		listener = workers.start("live-listen", this::listen);
	}

	@Override
	public void stop() {
		running = false;
		for (var worker : new Workers.Worker[] { poller, listener }) {
			if (worker != null) {
				worker.stop(java.time.Duration.ofSeconds(5));
			}
		}
		subscriptions.forEach(Subscription::stop);
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void poll(Workers.Worker self) {
		long gap = settings.liveBatch().toNanos();
		long nextRead = System.nanoTime();
		while (running) {
			try {
				self.checkpoint();
				wakeUps.poll(settings.livePoll().toMillis(), TimeUnit.MILLISECONDS);
				long early = nextRead - System.nanoTime();
				if (early > 0) {
					TimeUnit.NANOSECONDS.sleep(early);
				}
				// whatever was sealed before this read is in it: a wake-up for it is spent
				wakeUps.poll();
				if (nobodyListens()) {
					continue;
				}
				List<StoredEvent> events;
				do {
					events = store.range(position, Long.MAX_VALUE, PAGE);
					if (!events.isEmpty()) {
						publish(new Batch(position, events.getLast().seq(), events.stream().map(this::render).toList()));
						nextRead = System.nanoTime() + gap;
					}
				}
				while (events.size() == PAGE && running);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (running) {
					log.warn("The live poller failed; retrying", ex);
					sleep(1000);
				}
			}
		}
	}

	/**
	 * With no connection to hand them to, the events are not read nor rendered (a till's sale would pay for
	 * it): the position moves to the last sealed event, where a connection that registers next starts (one
	 * that resumes reads what it missed from the log itself).
	 */
	private boolean nobodyListens() {
		synchronized (fanOut) {
			if (!subscriptions.isEmpty()) {
				return false;
			}
			position = store.lastSeq();
			return true;
		}
	}

	void publish(Batch batch) {
		synchronized (fanOut) {
			for (var subscription : subscriptions) {
				if (!subscription.offer(batch)) {
					subscriptions.remove(subscription);
					subscription.overflow();
				}
			}
			position = batch.to();
		}
	}

	private void listen(Workers.Worker self) {
		while (running) {
			try (var connection = connections.open()) {
				try (var statement = connection.createStatement()) {
					statement.execute("LISTEN " + Sealer.CHANNEL);
				}
				var pg = connection.unwrap(PGConnection.class);
				while (running) {
					self.checkpoint();
					var notifications = pg.getNotifications(10_000);
					if (notifications != null && java.util.Arrays.stream(notifications)
						.anyMatch(notification -> !notification.getParameter().startsWith(origin + ":"))) {
						wake();
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (running) {
					log.warn("LISTEN {} failed; the live poller falls back to polling until it reconnects", Sealer.CHANNEL, ex);
					sleep(1000);
				}
			}
		}
	}

	private void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}
}

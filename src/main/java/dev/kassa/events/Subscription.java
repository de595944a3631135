package dev.kassa.events;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kassa.platform.CurrentUser;

/**
 * One live connection's cursor and its writer. The writer first replays from the table everything after
 * the client's last seen {@code seq} up to the position from which the hub hands it batches, then sends
 * those batches; whenever a batch starts beyond the cursor it replays the gap first, and it skips whatever
 * is at or before the cursor. So every event the user may see arrives once, in order, with no gap at the
 * seam between replay and live. Its queue is bounded: a client that falls too far behind is closed and
 * resumes from its last seq. The queue holds nothing while the connection is idle (thousands are), and the
 * writer sends every batch waiting when it wakes before it flushes once.
 */
final class Subscription {

	private static final Logger log = LoggerFactory.getLogger(Subscription.class);

	private static final int REPLAY_PAGE = 500;

	/** How events reach the client: a WebSocket or a Server-Sent Events stream. */
	interface Sink {

		void subscribed(long after) throws IOException;

		/** Sends an event, or buffers it until {@link #flush()}. */
		void event(LiveHub.LiveEvent event) throws IOException;

		/** Sends whatever {@link #event} buffered. */
		void flush() throws IOException;

		void heartbeat() throws IOException;

		/** Whether the client has not been heard from for too long. */
		boolean idle();

		void close(Ending ending);
	}

	enum Ending {
		TOO_SLOW, IDLE, TOKEN_EXPIRED, STOPPED
	}

	private static final LiveHub.Batch STOP = new LiveHub.Batch(Long.MAX_VALUE, Long.MAX_VALUE, java.util.List.of());

	private final LiveHub hub;

	private final EventStore store;

	private final CurrentUser user;

	private final @Nullable Set<String> topics;

	private final Instant expiresAt;

	private final Sink sink;

	private final long pingMillis;

	private final LinkedBlockingQueue<LiveHub.Batch> queue;

	private volatile boolean overflowed;

	private volatile boolean stopped;

	private volatile long cursor;

	private @Nullable Thread writer;

	/**
	 * @param topics the topics followed; {@code null} for every topic the user may follow
	 * @param after the last seq the client saw, or {@code null} to start with the live events
	 */
	Subscription(LiveHub hub, EventStore store, EventSettings settings, CurrentUser user, @Nullable Set<String> topics,
			@Nullable Long after, Instant expiresAt, Sink sink) {
		this.hub = hub;
		this.store = store;
		this.user = user;
		this.topics = topics;
		this.expiresAt = expiresAt;
		this.sink = sink;
		this.pingMillis = settings.ping().toMillis();
		this.queue = new LinkedBlockingQueue<>(settings.liveQueue());
		this.cursor = after == null ? -1 : after;
	}

	/** Starts the writer on a virtual thread of its own. */
	Subscription start() {
		writer = Thread.ofVirtual().name("kassa-live-writer").start(this::run);
		return this;
	}

	boolean offer(LiveHub.Batch batch) {
		return queue.offer(batch);
	}

	void overflow() {
		overflowed = true;
	}

	/**
	 * Ends the subscription. The writer is woken with a marker rather than interrupted: interrupting a virtual
	 * thread in socket I/O would close the socket, and the connection may live on with a new subscription.
	 */
	void stop() {
		stopped = true;
		hub.unregister(this);
		queue.clear();
		queue.offer(STOP);
	}

	/** Stops and waits (a few seconds at most) until the writer sends nothing more. */
	void stopAndWait() {
		stop();
		var thread = writer;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Nullable Set<String> topics() {
		return topics;
	}

	/** The last seq this connection has dealt with (sent, or skipped as not for this user). */
	long cursor() {
		return cursor;
	}

	boolean accepts(StoredEvent event) {
		return (topics == null || topics.contains(event.topic())) && Topics.maySee(user, event);
	}

	private void run() {
		var ending = Ending.STOPPED;
		try {
			long position = hub.register(this);
			if (cursor < 0) {
				cursor = position;
			}
			sink.subscribed(cursor);
			replayTo(position);
			long lastPing = System.nanoTime();
			while (!stopped && !overflowed) {
				var batch = queue.poll(pingMillis, TimeUnit.MILLISECONDS);
				if (overflowed) {
					break;
				}
				if (dev.kassa.platform.KassaClock.now().isAfter(expiresAt)) {
					ending = Ending.TOKEN_EXPIRED;
					break;
				}
				if (System.nanoTime() - lastPing >= TimeUnit.MILLISECONDS.toNanos(pingMillis)) {
					if (sink.idle()) {
						ending = Ending.IDLE;
						break;
					}
					sink.heartbeat();
					lastPing = System.nanoTime();
				}
				if (batch != null && batch != STOP) {
					while (batch != null && batch != STOP && !stopped && !overflowed) {
						deliver(batch);
						batch = queue.poll();
					}
					sink.flush();
				}
			}
			if (overflowed) {
				ending = Ending.TOO_SLOW;
			}
		}
		catch (InterruptedException ex) {
			ending = overflowed ? Ending.TOO_SLOW : Ending.STOPPED;
		}
		catch (IOException | RuntimeException ex) {
			log.debug("A live connection of {} ended: {}", user.username(), ex.toString());
		}
		finally {
			hub.unregister(this);
		}
		if (!stopped) {
			try {
				sink.close(ending);
			}
			catch (RuntimeException ex) {
				// a container may refuse a close after it saw the client go; the writer still ends quietly
				log.debug("Closing a live connection of {} failed: {}", user.username(), ex.toString());
			}
		}
	}

	private void deliver(LiveHub.Batch batch) throws IOException {
		if (batch.to() <= cursor) {
			return;
		}
		if (batch.from() > cursor) {
			replayTo(batch.from());
		}
		for (var event : batch.events()) {
			if (stopped) {
				return;
			}
			if (event.event().seq() > cursor && accepts(event.event())) {
				sink.event(event);
				cursor = event.event().seq();
			}
		}
		cursor = Math.max(cursor, batch.to());
	}

	private void replayTo(long target) throws IOException {
		while (cursor < target && !stopped) {
			var events = store.range(cursor, target, REPLAY_PAGE);
			for (var event : events) {
				if (stopped) {
					return;
				}
				if (accepts(event)) {
					sink.event(hub.render(event));
					cursor = event.seq();
				}
			}
			sink.flush();
			cursor = events.size() < REPLAY_PAGE ? target : events.getLast().seq();
		}
	}
}

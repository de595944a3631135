package dev.kassa.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps Kassa's long-running background loops (the event sealer, the live poller and listener) alive: each
 * runs on a thread of its own, and one that dies of an exception or an {@code Error} while it should run is
 * started again a second later. Until it is, {@code /health} shows it {@code down}. A loop retries its own
 * expected failures (a lost connection); this catches the rest, which would otherwise stop it for good.
 */
@Component
public class Workers {

	private static final Logger log = LoggerFactory.getLogger(Workers.class);

	/** How long a dead worker stays dead before it is started again. */
	static final Duration RESTART_AFTER = Duration.ofSeconds(1);

	/** A loop; it returns when {@link Worker#wanted()} turns false, and calls {@link Worker#checkpoint()} each round. */
	@FunctionalInterface
	public interface Body {

		void run(Worker worker) throws Exception;
	}

	private final Map<String, Worker> workers = new ConcurrentHashMap<>();

	private @Nullable Thread watchdog;

	/** Starts {@code body} as the worker {@code name} (one per name) and keeps it running until {@link Worker#stop}. */
	public synchronized Worker start(String name, Body body) {
		var worker = new Worker(name, body);
		var previous = workers.put(name, worker);
		if (previous != null) {
			previous.stop(Duration.ofSeconds(10));
		}
		worker.launch();
		if (watchdog == null) {
			watchdog = Thread.ofPlatform().daemon().name("kassa-workers-watchdog").start(this::watch);
		}
		return worker;
	}

	/** Stops watching when the server stops (its workers are stopped by their owners). */
	@jakarta.annotation.PreDestroy
	synchronized void close() {
		var t = watchdog;
		if (t != null) {
			t.interrupt();
		}
	}

	/** Each worker's state: {@code up}, or {@code down} when it died and is not yet started again. */
	public Map<String, String> states() {
		var states = new LinkedHashMap<String, String>();
		workers.values().stream().filter(w -> w.wanted).sorted(java.util.Comparator.comparing(w -> w.name))
			.forEach(w -> states.put(w.name, w.alive() ? "up" : "down"));
		return states;
	}

	/** For tests and the fault campaign: the worker's next {@link Worker#checkpoint()} throws {@code failure}. */
	public void inject(String name, Throwable failure) {
		var worker = workers.get(name);
		if (worker == null) {
			throw new IllegalArgumentException("no worker " + name);
		}
		worker.injected = failure;
	}

	/** How often the worker was started again after dying. */
	public int restarts(String name) {
		var worker = workers.get(name);
		return worker == null ? 0 : worker.restarts.get();
	}

	/** How many rounds the worker has passed ({@link Worker#checkpoint()} calls), across restarts. */
	public long rounds(String name) {
		var worker = workers.get(name);
		return worker == null ? 0 : worker.rounds.get();
	}

	private void watch() {
		while (true) {
			try {
				Thread.sleep(RESTART_AFTER.toMillis() / 4);
			}
			catch (InterruptedException ex) {
				return;
			}
			var now = Instant.now();
			for (var worker : workers.values()) {
				var died = worker.diedAt;
				if (worker.wanted && died != null && !worker.alive()
						&& Duration.between(died, now).compareTo(RESTART_AFTER) >= 0) {
					log.warn("Starting the worker {} again after it died", worker.name);
					worker.restarts.incrementAndGet();
					worker.launch();
				}
			}
		}
	}

	/** One supervised loop. */
	public static final class Worker {

		private final String name;

		private final Body body;

		private volatile boolean wanted = true;

		private volatile @Nullable Thread thread;

		private volatile @Nullable Instant diedAt;

		private volatile @Nullable Throwable injected;

		private final AtomicInteger restarts = new AtomicInteger();

		private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

		Worker(String name, Body body) {
			this.name = name;
			this.body = body;
		}

		/** Whether the loop should go on: false once stopped. */
		public boolean wanted() {
			return wanted;
		}

		boolean alive() {
			var t = thread;
			return t != null && t.isAlive();
		}

		/** Throws a failure injected by {@link Workers#inject}, once. */
		public void checkpoint() {
			rounds.incrementAndGet();
			var failure = injected;
			if (failure != null) {
				injected = null;
				if (failure instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (failure instanceof Error error) {
					throw error;
				}
				throw new IllegalStateException(failure);
			}
		}

		private synchronized void launch() {
			diedAt = null;
			thread = Thread.ofPlatform().daemon().name("kassa-" + name).start(() -> {
				try {
					body.run(this);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (Throwable ex) {
					if (wanted) {
						log.error("The worker {} died; it is started again in {} ms", name, RESTART_AFTER.toMillis(), ex);
					}
				}
				finally {
					if (wanted) {
						diedAt = Instant.now();
					}
				}
			});
		}

		/** Stops the loop: no restart, its thread interrupted and waited for. */
		public void stop(Duration within) {
			wanted = false;
			var t = thread;
			if (t != null) {
				t.interrupt();
				try {
					t.join(within.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}
}

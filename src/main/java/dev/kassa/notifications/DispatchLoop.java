package dev.kassa.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kassa.platform.Workers;

/**
 * The loop both dispatchers run, as a worker under the supervisor ({@link Workers}: one killed by an
 * {@code Error} is started again, and {@code /health} shows it down meanwhile). Its thread claims due work for as many sends as there are free
 * permits and serves each claim on a virtual thread of its own; a round that found nothing waits for a
 * wake-up or the poll interval. At stop, sends in flight get a grace period to finish and be recorded;
 * any cut short is taken up again once its lease runs out.
 *
 * @param <T> what a claim hands out (a message, an endpoint)
 */
final class DispatchLoop<T> {

	private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

	private static final Duration GRACE = Duration.ofSeconds(10);

	private final String name;

	private final int concurrency;

	private final Duration poll;

	private final IntFunction<List<T>> claim;

	private final Consumer<T> serve;

	private final Function<T, Object> describe;

	private final Semaphore permits;

	private final ArrayBlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

	private volatile boolean running;

	private final Workers workers;

	private Workers.@Nullable Worker worker;

	/**
	 * @param name names the threads and the log lines, e.g. {@code outbox}
	 * @param claim claims at most that many due items, under a lease
	 * @param serve sends one claimed item and records the outcome
	 * @param describe names an item in the log, e.g. its id
	 */
	DispatchLoop(String name, int concurrency, Duration poll, IntFunction<List<T>> claim, Consumer<T> serve,
			Function<T, Object> describe, Workers workers) {
		this.workers = workers;
		this.name = name;
		this.concurrency = concurrency;
		this.poll = poll;
		this.claim = claim;
		this.serve = serve;
		this.describe = describe;
		this.permits = new Semaphore(concurrency);
	}

	/** Marks the loop running and, when {@code dispatch}, starts its worker (else this instance only queues). */
	void start(boolean dispatch) {
		running = true;
		if (dispatch) {
			worker = workers.start(name, this::loop);
		}
	}

	void stop() {
		running = false;
		var supervised = worker;
		if (supervised != null) {
			supervised.stop(GRACE);
		}
		try {
			if (permits.tryAcquire(concurrency, GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				permits.release(concurrency);
			}
			else {
				log.info("Stopping the {} with sends in flight; they are sent again once their lease runs out", name);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean running() {
		return running;
	}

	/** Looks for due work at once (after a local commit). Never blocks. */
	void wake() {
		wakeUps.offer(Boolean.TRUE);
	}

	private void loop(Workers.Worker self) {
		while (running && self.wanted()) {
			self.checkpoint();
			try {
				permits.acquire();
				permits.release();
				if (dispatchDue(false) == 0) {
					wakeUps.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (running) {
					log.warn("The {} failed; retrying", name, ex);
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException interrupted) {
						return;
					}
				}
			}
		}
	}

	/**
	 * Claims as many due items as there are free permits and serves each on a virtual thread; answers how
	 * many were claimed. With {@code wait}, returns only once they are all served.
	 */
	int dispatchDue(boolean wait) throws InterruptedException {
		int free = permits.availablePermits();
		if (free == 0) {
			return 0;
		}
		var claimed = claim.apply(free);
		var threads = new ArrayList<Thread>(claimed.size());
		for (var item : claimed) {
			permits.acquire();
			threads.add(Thread.ofVirtual().name("kassa-" + name + "-send").start(() -> {
				try {
					serve.accept(item);
				}
				catch (RuntimeException ex) {
					log.warn("The {} failed on {}; it is taken up again after its lease", name, describe.apply(item), ex);
				}
				finally {
					permits.release();
				}
			}));
		}
		if (wait) {
			for (var thread : threads) {
				thread.join();
			}
		}
		return claimed.size();
	}
}

package dev.kassa.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Tills selling steadily, as a till does: each sale has its own Idempotency-Key, and a sale that got no
 * answer, a 5xx or a 429 is kept and posted again with the same key and body until it gets a 2xx (a 4xx
 * other than 429 is a refusal, kept as the sale's answer). What every till was told is kept for the checker.
 */
public final class Tills implements AutoCloseable {

	/** One sale: its key and quantity, every answer it got (status, or 0 for none), and its final 2xx. */
	public static final class Sale {

		public final String key = UUID.randomUUID().toString();

		public final int quantity;

		final List<Integer> statuses = new ArrayList<>();

		volatile TestClient.@Nullable Response acknowledged;

		volatile TestClient.@Nullable Response refused;

		public Sale(int quantity) {
			this.quantity = quantity;
		}

		public TestClient.@Nullable Response acknowledged() {
			return acknowledged;
		}

		public synchronized List<Integer> statuses() {
			return List.copyOf(statuses);
		}
	}

	private final Shop shop;

	private final Supplier<TestClient> client;

	private final ConcurrentLinkedQueue<Sale> sales = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final AtomicLong unavailable = new AtomicLong();

	private final AtomicLong unanswered = new AtomicLong();

	private final AtomicLong slowest = new AtomicLong();

	private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> refusals = new java.util.concurrent.ConcurrentHashMap<>();

	/** @param client the server a till posts to, asked again before each post (a load balancer may change it) */
	public Tills(Shop shop, Supplier<TestClient> client) {
		this.shop = shop;
		this.client = client;
	}

	/** Starts {@code count} tills that sell until {@link #stop()}, {@code pause} between sales. */
	public Tills start(int count, Duration pause) {
		for (int i = 0; i < count; i++) {
			int quantity = i % 3 + 1;
			threads.submit(() -> {
				while (!stopping.get()) {
					var sale = new Sale(quantity);
					sales.add(sale);
					sell(sale, Duration.ofMillis(200));
					// pacing: a cashier's time between two sales
					sleep(pause.toMillis());
				}
			});
		}
		return this;
	}

	/**
	 * Posts the sale until it is answered 2xx or refused with a 4xx other than 429, waiting {@code backoff}
	 * (or the server's Retry-After, when shorter than 2 s) between tries. Gives up only when stopped.
	 */
	public void sell(Sale sale, Duration backoff) {
		while (true) {
			long started = System.nanoTime();
			TestClient.Response answer;
			try {
				answer = client.get().post("/api/v1/sales", shop.cashier(), shop.sale(sale.quantity), sale.key);
			}
			catch (RuntimeException lost) {
				answer = null;
			}
			slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
			synchronized (sale) {
				sale.statuses.add(answer == null ? 0 : answer.status());
			}
			if (answer != null && answer.status() / 100 == 2) {
				sale.acknowledged = answer;
				return;
			}
			if (answer != null && answer.status() / 100 == 4 && answer.status() != 429) {
				sale.refused = answer;
				return;
			}
			if (answer == null) {
				unanswered.incrementAndGet();
			}
			else if (answer.status() == 503) {
				unavailable.incrementAndGet();
			}
			if (answer != null) {
				String code;
				try {
					code = answer.json().path("code").asString();
				}
				catch (RuntimeException notJson) {
					code = "";
				}
				refusals.computeIfAbsent(answer.status() + " " + code, k -> new AtomicLong()).incrementAndGet();
			}
			if (stopping.get() && sale.acknowledged == null && draining.get()) {
				return;
			}
			// pacing: a till's back-off before it posts the same sale again
			sleep(backoff.toMillis());
		}
	}

	private final AtomicBoolean draining = new AtomicBoolean();

	/** Stops starting sales and waits until every sale in flight is answered 2xx or refused. */
	public void stop(Duration within) throws InterruptedException {
		stopping.set(true);
		threads.shutdown();
		if (!threads.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
			draining.set(true);
			threads.awaitTermination(30, TimeUnit.SECONDS);
			throw new AssertionError("the tills did not get every sale answered within " + within);
		}
	}

	public List<Sale> sales() {
		return List.copyOf(sales);
	}

	/** Answers that were a 503. */
	public long unavailable() {
		return unavailable.get();
	}

	/** Answers other than 2xx that a till retried, counted by status and problem code ("503 overloaded"). */
	public java.util.Map<String, Long> refusals() {
		var counts = new java.util.TreeMap<String, Long>();
		refusals.forEach((k, v) -> counts.put(k, v.get()));
		return counts;
	}

	/** Posts that got no answer at all (connection refused, reset or timed out). */
	public long unanswered() {
		return unanswered.get();
	}

	/** The longest a single post waited for its answer, ms. */
	public long slowestMillis() {
		return slowest.get();
	}

	@Override
	public void close() {
		stopping.set(true);
		draining.set(true);
		threads.shutdownNow();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}

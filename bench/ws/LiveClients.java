// Live-event load for bench/run: N WebSocket clients on Kassa's /ws, and writes posted at a steady rate.
// Run with the JDK's single-file launcher (java LiveClients.java key=value ...); standard library only.
//
// Keys: ws (ws://127.0.0.1:PORT/ws), tokens (file, one access token a line, used in turn), clients, topics,
// rate (writes per second; 0 for none), seconds, write_url, write_token, body (file; {{N}} becomes a
// number unique in the run), key_prefix (Idempotency-Key prefix), drain (seconds to wait for late events).
//
// On stdout, one line each: "CONNECTED <subscribed> <failed> <seconds>" once every client has its
// "subscribed" answer (or failed); it then waits for a line "GO" on stdin, posts for `seconds`, waits
// `drain`, and prints "RESULT {json}": events received, events/s, the latency from each event's
// occurred_at (stamped by the server just before its commit) to its arrival here, and the writes'
// statuses. It keeps the connections open until a line "CLOSE" (or end of input), then exits.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;

public class LiveClients {

	/** Latencies in tenths of a millisecond, up to 120 s (the last bucket takes the rest). */
	static final class Histogram {

		final AtomicLongArray counts = new AtomicLongArray(1_200_001);

		final AtomicLong total = new AtomicLong();

		final AtomicLong max = new AtomicLong();

		void record(long micros) {
			long v = Math.max(0, micros);
			counts.incrementAndGet((int) Math.min(counts.length() - 1, v / 100));
			total.incrementAndGet();
			max.accumulateAndGet(v, Math::max);
		}

		double percentileMs(double p) {
			long n = total.get();
			if (n == 0) {
				return 0;
			}
			long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
			long seen = 0;
			for (int i = 0; i < counts.length(); i++) {
				seen += counts.get(i);
				if (seen >= rank) {
					return (i + 1) / 10.0;
				}
			}
			return max.get() / 1000.0;
		}

		String json() {
			return String.format(java.util.Locale.ROOT,
					"{\"count\":%d,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f}", total.get(), percentileMs(50),
					percentileMs(90), percentileMs(99), max.get() / 1000.0);
		}
	}

	static final Pattern OCCURRED = Pattern.compile("\"occurred_at\"\\s*:\\s*\"([^\"]+)\"");

	static final Histogram latency = new Histogram();

	static final Histogram writeLatency = new Histogram();

	static final AtomicLong events = new AtomicLong();

	static final AtomicLong closedEarly = new AtomicLong();

	static volatile boolean measuring;

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			a.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		List<String> tokens = Files.readAllLines(Path.of(a.get("tokens"))).stream().filter(s -> !s.isBlank()).toList();
		int clients = Integer.parseInt(a.getOrDefault("clients", "100"));
		double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
		int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
		int drain = Integer.parseInt(a.getOrDefault("drain", "3"));
		String topics = a.getOrDefault("topics", "");

		var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
		var sockets = new ConcurrentHashMap<Integer, WebSocket>();
		var subscribed = new CountDownLatch(clients);
		var failed = new AtomicLong();
		var inFlight = new Semaphore(200);
		long connectStart = System.nanoTime();
		for (int i = 0; i < clients; i++) {
			inFlight.acquire();
			int n = i;
			String uri = a.get("ws") + "?access_token=" + tokens.get(i % tokens.size())
					+ (topics.isEmpty() ? "" : "&topics=" + topics);
			http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(30))
				.buildAsync(URI.create(uri), new Client(subscribed, inFlight))
				.whenComplete((ws, error) -> {
					if (error != null) {
						failed.incrementAndGet();
						inFlight.release();
						subscribed.countDown();
					}
					else {
						sockets.put(n, ws);
					}
				});
		}
		subscribed.await(120, TimeUnit.SECONDS);
		System.out.printf(java.util.Locale.ROOT, "CONNECTED %d %d %.1f%n", sockets.size(), failed.get(),
				(System.nanoTime() - connectStart) / 1e9);
		System.out.flush();

		var stdin = new BufferedReader(new InputStreamReader(System.in));
		String line;
		while ((line = stdin.readLine()) != null && !line.strip().equals("GO")) {
			// wait for the harness (it measures the server's memory with the clients idle meanwhile)
		}
		if (line == null) {
			System.exit(0);
		}

		var statuses = new ConcurrentHashMap<Integer, AtomicLong>();
		var writeErrors = new AtomicLong();
		String body = a.containsKey("body") ? Files.readString(Path.of(a.get("body"))) : null;
		String keyPrefix = a.getOrDefault("key_prefix", "live-" + System.nanoTime());
		var writers = new ArrayList<Thread>();
		measuring = true;
		long start = System.nanoTime();
		if (rate > 0) {
			long total = (long) Math.floor(rate * seconds);
			for (long k = 0; k < total; k++) {
				long due = start + (long) (k * 1e9 / rate);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				long id = k;
				writers.add(Thread.ofVirtual().start(() -> {
					String unique = keyPrefix + "-" + id;
					var request = HttpRequest.newBuilder(URI.create(a.get("write_url")))
						.timeout(Duration.ofSeconds(30))
						.header("Authorization", "Bearer " + a.get("write_token"))
						.header("Content-Type", "application/json")
						.header("Accept", "application/json")
						.header("Idempotency-Key", unique)
						.POST(HttpRequest.BodyPublishers.ofString(body.replace("{{N}}", unique)))
						.build();
					long sent = System.nanoTime();
					try {
						var response = http.send(request, HttpResponse.BodyHandlers.discarding());
						writeLatency.record((System.nanoTime() - sent) / 1000);
						statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
					}
					catch (Exception ex) {
						writeErrors.incrementAndGet();
					}
				}));
			}
		}
		long left = start + seconds * 1_000_000_000L - System.nanoTime();
		if (left > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
		for (var t : writers) {
			t.join(30_000);
		}
		long posted = System.nanoTime();
		TimeUnit.SECONDS.sleep(drain);
		measuring = false;
		double elapsed = (posted - start) / 1e9;
		var statusJson = new StringBuilder("{");
		statuses.forEach((s, n) -> statusJson.append(statusJson.length() > 1 ? "," : "").append('"').append(s)
			.append("\":").append(n.get()));
		statusJson.append('}');
		System.out.printf(java.util.Locale.ROOT,
				"RESULT {\"clients\":%d,\"failed_connections\":%d,\"closed_early\":%d,\"seconds\":%.2f,"
						+ "\"events\":%d,\"events_per_s\":%.1f,\"latency_ms\":%s,\"writes\":{\"rate\":%.1f,"
						+ "\"statuses\":%s,\"errors\":%d,\"latency_ms\":%s}}%n",
				sockets.size(), failed.get(), closedEarly.get(), elapsed, events.get(), events.get() / elapsed,
				latency.json(), rate, statusJson, writeErrors.get(), writeLatency.json());
		System.out.flush();
		while ((line = stdin.readLine()) != null && !line.strip().equals("CLOSE")) {
			// hold the connections open while the harness measures writes with subscribers connected
		}
		for (var ws : sockets.values()) {
			ws.abort();
		}
		System.exit(0);
	}

	static final class Client implements WebSocket.Listener {

		private final CountDownLatch subscribed;

		private final Semaphore inFlight;

		private final StringBuilder buffer = new StringBuilder();

		private boolean counted;

		Client(CountDownLatch subscribed, Semaphore inFlight) {
			this.subscribed = subscribed;
			this.inFlight = inFlight;
		}

		@Override
		public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
			buffer.append(data);
			if (last) {
				String message = buffer.toString();
				buffer.setLength(0);
				Instant arrived = Instant.now();
				long now = arrived.getEpochSecond() * 1_000_000 + arrived.getNano() / 1000;
				if (message.contains("\"type\":\"event\"")) {
					if (measuring) {
						events.incrementAndGet();
						var m = OCCURRED.matcher(message);
						if (m.find()) {
							Instant at = OffsetDateTime.parse(m.group(1)).toInstant();
							latency.record(now - (at.getEpochSecond() * 1_000_000 + at.getNano() / 1000));
						}
					}
				}
				else if (!counted && message.contains("\"type\":\"subscribed\"")) {
					counted = true;
					inFlight.release();
					subscribed.countDown();
				}
			}
			ws.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
			closedEarly.incrementAndGet();
			if (!counted) {
				counted = true;
				inFlight.release();
				subscribed.countDown();
			}
			return null;
		}

		@Override
		public void onError(WebSocket ws, Throwable error) {
			onClose(ws, 1006, String.valueOf(error));
		}
	}
}

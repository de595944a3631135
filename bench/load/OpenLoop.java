// Open-loop HTTP load for bench/run: requests sent on a clock, at a constant rate, whatever the server's
// answers do, and each request's latency counted from the moment the clock said it was due, not from when
// it could be sent: a stall of the server shows in the latency of every request it delayed (no coordinated
// omission, as wrk's closed loop has). Run with the JDK's single-file launcher; standard library only.
//
// Keys: url (http://127.0.0.1:PORT/api/v1/sales), method (POST), tokens (file, a token a line, in turn),
// bodies (file, a JSON body a line, in turn), rate (requests/s), seconds, in_flight (most requests open at
// once, default 512; beyond it the clock waits, and the wait counts in the latency), key_prefix (a unique
// Idempotency-Key per request when given).
//
// On stdout one line "RESULT {json}": requests due and sent, completed, statuses, errors, the achieved
// rate and the latency percentiles in ms (from the due time to the last byte of the answer).

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class OpenLoop {

	public static void main(String[] args) throws Exception {
		var options = new TreeMap<String, String>();
		for (var arg : args) {
			int eq = arg.indexOf('=');
			options.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		var uri = URI.create(options.get("url"));
		var method = options.getOrDefault("method", "POST");
		List<String> tokens = Files.readAllLines(Path.of(options.get("tokens"))).stream().filter(s -> !s.isBlank()).toList();
		List<String> bodies = options.containsKey("bodies")
				? Files.readAllLines(Path.of(options.get("bodies"))).stream().filter(s -> !s.isBlank()).toList()
				: List.of("");
		double rate = Double.parseDouble(options.get("rate"));
		double seconds = Double.parseDouble(options.get("seconds"));
		int inFlight = Integer.parseInt(options.getOrDefault("in_flight", "512"));
		var keyPrefix = options.get("key_prefix");

		int due = (int) Math.round(rate * seconds);
		var latencies = new long[due];
		Arrays.fill(latencies, -1);
		var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
		var errors = new AtomicInteger();
		var completed = new AtomicInteger();
		var lastDone = new AtomicLong();
		var slots = new Semaphore(inFlight);
		var client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newFixedThreadPool(2))
			.build();

		long start = System.nanoTime() + 200_000_000L;
		double interval = 1e9 / rate;
		for (int i = 0; i < due; i++) {
			long dueAt = start + Math.round(i * interval);
			long wait;
			while ((wait = dueAt - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			slots.acquire();
			var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
				.header("Accept", "application/json")
				.header("Authorization", "Bearer " + tokens.get(i % tokens.size()));
			if (keyPrefix != null) {
				builder.header("Idempotency-Key", keyPrefix + "-" + i);
			}
			var body = bodies.get(i % bodies.size());
			if (method.equals("GET")) {
				builder.GET();
			}
			else {
				builder.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString(body));
			}
			final int n = i;
			client.sendAsync(builder.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				long now = System.nanoTime();
				latencies[n] = now - dueAt;
				if (failure != null) {
					errors.incrementAndGet();
				}
				else {
					statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
				}
				completed.incrementAndGet();
				lastDone.accumulateAndGet(now, Math::max);
				slots.release();
			});
		}
		long sentBy = System.nanoTime();
		slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS);
		var done = Arrays.stream(latencies).filter(v -> v >= 0).sorted().toArray();
		var json = new StringBuilder("{");
		json.append("\"due\":").append(due).append(",\"completed\":").append(completed.get())
			.append(",\"errors\":").append(errors.get()).append(",\"rate\":").append(rate)
			.append(",\"seconds\":").append(String.format("%.3f", (Math.max(sentBy, lastDone.get()) - start) / 1e9))
			.append(",\"statuses\":{");
		var first = true;
		for (Map.Entry<Integer, AtomicInteger> e : new TreeMap<>(statuses).entrySet()) {
			json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue().get());
			first = false;
		}
		json.append("},\"latency_ms\":{");
		String[] names = { "p50", "p90", "p99", "p999", "max" };
		double[] ps = { 50, 90, 99, 99.9, 100 };
		for (int k = 0; k < names.length; k++) {
			double ms = done.length == 0 ? 0
					: done[Math.min(done.length - 1, Math.max(0, (int) Math.ceil(ps[k] / 100 * done.length) - 1))] / 1e6;
			json.append(k == 0 ? "" : ",").append('"').append(names[k]).append("\":").append(String.format("%.2f", ms));
		}
		json.append("}}");
		System.out.println("RESULT " + json);
		System.exit(0);
	}
}

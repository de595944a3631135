package dev.kassa.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Route quality: Kassa's solver, configured as in production, on the Solomon VRPTW instances (25, 50 and 100
 * customers) against their best-known distances, and on 10-stop tours against the optimum found by
 * Held-Karp. Run by {@code bench/vrptw} (see bench/README.md); prints a table and writes
 * {@code bench/results/<UTC timestamp>-vrptw.json}.
 *
 * <p>
 * Options: {@code --sizes 25,50,100}, {@code --only C101,R101}, {@code --iterations N} and
 * {@code --time-limit 2s} (the production defaults otherwise), {@code --tours N} (10-stop tours, 200).
 */
final class VrptwBench {

	private VrptwBench() {
	}

	/** @param millis wall-clock time of the solve; {@code cpuMillis} the solving thread's CPU time */
	record Row(String instance, int customers, int vehicles, double distance, Double bestKnown, Integer bestVehicles,
			Double gapPercent, long millis, long cpuMillis, int iterations, int unassigned) {
	}

	public static void main(String[] args) throws IOException {
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.graphhopper"))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		var options = new HashMap<String, String>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		var defaults = new DeliverySettings(25, 1.0, Duration.ofMinutes(5), LocalTime.of(8, 0), LocalTime.of(20, 0),
				600, 20261202, 25, 300, 100, Duration.ofSeconds(5));
		int iterations = Integer.parseInt(options.getOrDefault("iterations", Integer.toString(defaults.iterations())));
		// --time-limit 0: none (the search runs all its iterations, for figures that do not depend on the load)
		var given = options.getOrDefault("time-limit", "");
		var limit = given.isEmpty() ? defaults.timeLimit()
				: given.equals("0") ? Duration.ZERO : Duration.parse("PT" + given.toUpperCase(Locale.ROOT));
		if (limit.isZero()) {
			limit = Duration.ofDays(1);
		}
		var settings = new DeliverySettings(25, 1.0, Duration.ofMinutes(5), LocalTime.of(8, 0), LocalTime.of(20, 0),
				iterations, defaults.seed(), 25, 300, 100, limit);
		var solver = new RouteSolver(settings);
		var sizes = Arrays.stream(options.getOrDefault("sizes", "25,50,100").split(",")).map(Integer::parseInt).toList();
		var dir = Solomon.directory();
		var best = bestKnown(dir.resolve("best-known.csv"));
		var names = options.containsKey("only") ? List.of(options.get("only").split(","))
				: best.keySet().stream().sorted().toList();

		System.out.printf("solver: %d iterations, time limit %s, seed %d, 1 thread; %d processors%n", iterations,
				limit, settings.seed(), Runtime.getRuntime().availableProcessors());
		warmUp(solver, Solomon.read(dir.resolve("R101.txt")));

		var rows = new ArrayList<Row>();
		System.out.printf("%-10s %5s %4s %10s %10s %4s %7s %8s %8s %6s%n", "instance", "cust", "veh", "distance", "best",
				"bveh", "gap %", "ms", "cpu ms", "iter");
		for (int size : sizes) {
			for (var name : names) {
				var full = Solomon.read(dir.resolve(name + ".txt"));
				var instance = size >= full.size() ? full : full.first(size);
				var problem = instance.problem();
				var matrix = instance.matrix();
				var threads = java.lang.management.ManagementFactory.getThreadMXBean();
				var done = new int[1];
				long c0 = threads.getCurrentThreadCpuTime();
				long t0 = System.nanoTime();
				var effort = solver.effort(problem.stops().size());
				if (options.containsKey("fast-regret")) {
					effort = new RouteSolver.Effort(effort.iterations(), effort.timeLimit(),
							Boolean.parseBoolean(options.get("fast-regret")));
				}
				var solution = solver.solve(problem, matrix, effort, (i, n) -> done[0] = i);
				long millis = (System.nanoTime() - t0) / 1_000_000;
				long cpu = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
				var known = size >= full.size() ? best.get(name) : null;
				Double gap = known == null ? null : 100 * (solution.distance() / known.distance() - 1);
				var row = new Row(instance.name(), instance.size(), solution.tours().size(), solution.distance(),
						known == null ? null : known.distance(), known == null ? null : known.vehicles(), gap, millis, cpu,
						done[0], solution.unassigned().size());
				rows.add(row);
				System.out.printf("%-10s %5d %4d %10.2f %10s %4s %7s %8d %8d %6d%s%n", row.instance(), row.customers(),
						row.vehicles(), row.distance(), known == null ? "" : String.format("%.2f", known.distance()),
						known == null ? "" : known.vehicles(), gap == null ? "" : String.format("%.2f", gap), millis, cpu,
						done[0], row.unassigned() > 0 ? "  UNASSIGNED " + row.unassigned() : "");
			}
			summary(rows.stream().filter(r -> r.customers() == size).toList(), size);
		}
		var tours = tenStops(solver, Integer.parseInt(options.getOrDefault("tours", "200")));
		write(rows, tours, iterations, limit);
	}

	record Known(int vehicles, double distance) {
	}

	static Map<String, Known> bestKnown(Path csv) throws IOException {
		var known = new HashMap<String, Known>();
		for (var line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
			var f = line.split(",");
			known.put(f[0], new Known(Integer.parseInt(f[1]), Double.parseDouble(f[2])));
		}
		return known;
	}

	/** A few solves first, so that the figures are of compiled code, as in a server that has run a while. */
	private static void warmUp(RouteSolver solver, Solomon instance) {
		long t0 = System.nanoTime();
		for (int i = 0; i < 3; i++) {
			var small = instance.first(50);
			solver.solve(small.problem(), small.matrix(), solver.effort(50), (a, b) -> {
			});
		}
		System.out.printf("warm-up: 3 solves of R101.50 in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
	}

	private static void summary(List<Row> rows, int size) {
		if (rows.isEmpty()) {
			return;
		}
		var times = rows.stream().mapToLong(Row::millis).sorted().toArray();
		var cpu = rows.stream().mapToLong(Row::cpuMillis).sorted().toArray();
		var gaps = rows.stream().filter(r -> r.gapPercent() != null).mapToDouble(Row::gapPercent).toArray();
		System.out.printf("-- %d customers: %d instances, time median %d ms, max %d ms (CPU median %d, max %d)", size,
				rows.size(), times[times.length / 2], times[times.length - 1], cpu[cpu.length / 2], cpu[cpu.length - 1]);
		if (gaps.length > 0) {
			System.out.printf(", gap mean %.2f %%, max %.2f %%, within 3 %%: %d of %d", Arrays.stream(gaps).average().orElse(0),
					Arrays.stream(gaps).max().orElse(0), Arrays.stream(gaps).filter(g -> g <= 3).count(), gaps.length);
		}
		System.out.println();
	}

	record Tours(int count, int optimal, double worstGapPercent, long medianMicros, long p99Micros, long maxMicros) {
	}

	/**
	 * The seed's case: 10 stops from a depot in a 10 km square, one vehicle, back to the depot, no windows, as the
	 * optimize endpoint sends them; each tour compared with the optimum (Held-Karp over the same matrix).
	 */
	private static Tours tenStops(RouteSolver solver, int count) {
		var random = new Random(7);
		var micros = new long[count];
		int optimal = 0;
		double worst = 0;
		for (int k = -20; k < count; k++) {
			var depot = new RouteSolver.Point(12.97, 77.59);
			var stops = new ArrayList<RouteSolver.Stop>();
			for (int i = 0; i < 10; i++) {
				stops.add(new RouteSolver.Stop(Integer.toString(i), new RouteSolver.Point(12.97 + (random.nextDouble() - 0.5)
						* 0.09, 77.59 + (random.nextDouble() - 0.5) * 0.09), 0, 0, null, null));
			}
			var problem = new RouteSolver.Problem(depot,
					List.of(new RouteSolver.Truck("tour", Integer.MAX_VALUE, 0, Long.MAX_VALUE / 4)), stops, true);
			long t0 = System.nanoTime();
			var solution = solver.solve(problem, (i, n) -> {
			});
			long took = (System.nanoTime() - t0) / 1000;
			if (k < 0) {
				continue; // warm-up
			}
			micros[k] = took;
			var matrix = solver.straightLines(depot, stops.stream().map(RouteSolver.Stop::point).toList());
			double best = heldKarp(matrix.metres());
			double gap = 100 * (solution.distance() / best - 1);
			if (gap < 1e-6) {
				optimal++;
			}
			worst = Math.max(worst, gap);
		}
		Arrays.sort(micros);
		var tours = new Tours(count, optimal, worst, micros[count / 2], micros[(int) (count * 0.99)], micros[count - 1]);
		System.out.printf("10 stops: %d tours, %d optimal, worst gap %.3f %%, time median %.1f ms, p99 %.1f ms, max %.1f ms%n",
				count, optimal, worst, tours.medianMicros() / 1000.0, tours.p99Micros() / 1000.0, tours.maxMicros() / 1000.0);
		return tours;
	}

	/** The shortest round trip from place 0 through all the others: exact, O(2^n n^2). */
	static double heldKarp(double[][] d) {
		int n = d.length - 1;
		int full = 1 << n;
		var cost = new double[full][n];
		for (var row : cost) {
			Arrays.fill(row, Double.POSITIVE_INFINITY);
		}
		for (int i = 0; i < n; i++) {
			cost[1 << i][i] = d[0][i + 1];
		}
		for (int set = 1; set < full; set++) {
			for (int last = 0; last < n; last++) {
				if ((set & (1 << last)) == 0 || cost[set][last] == Double.POSITIVE_INFINITY) {
					continue;
				}
				for (int next = 0; next < n; next++) {
					if ((set & (1 << next)) != 0) {
						continue;
					}
					int to = set | (1 << next);
					double c = cost[set][last] + d[last + 1][next + 1];
					if (c < cost[to][next]) {
						cost[to][next] = c;
					}
				}
			}
		}
		double best = Double.POSITIVE_INFINITY;
		for (int last = 0; last < n; last++) {
			best = Math.min(best, cost[full - 1][last] + d[last + 1][0]);
		}
		return best;
	}

	private static void write(List<Row> rows, Tours tours, int iterations, Duration limit) throws IOException {
		var out = new StringBuilder();
		out.append("{\n  \"iterations\": ").append(iterations).append(",\n  \"time_limit_ms\": ").append(limit.toMillis())
			.append(",\n  \"processors\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n  \"instances\": [\n");
		for (int i = 0; i < rows.size(); i++) {
			var r = rows.get(i);
			out.append(String.format(Locale.ROOT,
					"    {\"instance\": \"%s\", \"customers\": %d, \"vehicles\": %d, \"distance\": %.2f, \"best_known\": %s, "
							+ "\"best_known_vehicles\": %s, \"gap_percent\": %s, \"ms\": %d, \"cpu_ms\": %d, \"iterations\": %d, "
							+ "\"unassigned\": %d}%s%n",
					r.instance(), r.customers(), r.vehicles(), r.distance(), r.bestKnown(), r.bestVehicles(),
					r.gapPercent() == null ? "null" : String.format(Locale.ROOT, "%.3f", r.gapPercent()), r.millis(),
					r.cpuMillis(), r.iterations(), r.unassigned(), i + 1 < rows.size() ? "," : ""));
		}
		out.append(String.format(Locale.ROOT,
				"  ],%n  \"ten_stops\": {\"tours\": %d, \"optimal\": %d, \"worst_gap_percent\": %.4f, \"median_ms\": %.2f, "
						+ "\"p99_ms\": %.2f, \"max_ms\": %.2f}%n}%n",
				tours.count(), tours.optimal(), tours.worstGapPercent(), tours.medianMicros() / 1000.0,
				tours.p99Micros() / 1000.0, tours.maxMicros() / 1000.0));
		var dir = Path.of("bench/results");
		Files.createDirectories(dir);
		var file = dir.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
				+ "-vrptw.json");
		Files.writeString(file, out);
		System.out.println("wrote " + file);
	}
}

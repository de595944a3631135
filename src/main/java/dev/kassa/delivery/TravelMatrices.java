package dev.kassa.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Distances and times between a plan's places: from the routing engine the business runs (OSRM's Table
 * service or GraphHopper's Matrix API, {@link RoutingSettings}), cached per leg, or straight lines times the
 * road factor when no engine is configured or it does not answer in time or answers nonsense. A matrix that
 * is not the engine's says so ({@link RouteSolver.Matrix#estimated()}), and so do the routes planned over it.
 */
@Component
class TravelMatrices {

	private static final Logger log = LoggerFactory.getLogger(TravelMatrices.class);

	/**
	 * The most of an engine's answer that is read: the matrix of 600 places is some 10 MB of JSON; an answer
	 * longer than this is not a matrix Kassa asked for, and is not held in memory.
	 */
	static final long MAX_ANSWER = 32L * 1024 * 1024;

	private final RoutingSettings settings;

	private final RouteSolver solver;

	private final JsonMapper json;

	private final HttpClient http;

	/** Legs the engine gave, by from and to rounded to about a metre; least recently used dropped first. */
	private final Map<String, double[]> cache;

	TravelMatrices(RoutingSettings settings, RouteSolver solver, JsonMapper json) {
		this.settings = settings;
		this.solver = solver;
		this.json = json;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		int max = settings.cacheSize();
		this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
				return size() > max;
			}
		};
	}

	/** Why the engine's answer was not used. */
	static final class EngineFailed extends Exception {

		EngineFailed(String message) {
			super(message);
		}
	}

	/** The matrix of the depot (index 0) and the stops (index i + 1). */
	RouteSolver.Matrix matrix(RouteSolver.Point depot, List<RouteSolver.Point> stops) {
		if (settings.engine().equals("none") || stops.isEmpty()) {
			return solver.straightLines(depot, stops);
		}
		var points = new ArrayList<RouteSolver.Point>(stops.size() + 1);
		points.add(depot);
		points.addAll(stops);
		var cached = fromCache(points);
		if (cached != null) {
			return cached;
		}
		try {
			var matrix = ask(points);
			remember(points, matrix);
			return matrix;
		}
		catch (EngineFailed ex) {
			log.warn("Routing engine {} at {}: {}; planning over straight lines", settings.engine(), settings.url(),
					ex.getMessage());
			return solver.straightLines(depot, stops);
		}
	}

	private static String key(RouteSolver.Point a, RouteSolver.Point b) {
		return String.format(Locale.ROOT, "%.5f,%.5f;%.5f,%.5f", a.latitude(), a.longitude(), b.latitude(),
				b.longitude());
	}

	private synchronized RouteSolver.@Nullable Matrix fromCache(List<RouteSolver.Point> points) {
		int n = points.size();
		var metres = new double[n][n];
		var seconds = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				if (i == j) {
					continue;
				}
				var leg = cache.get(key(points.get(i), points.get(j)));
				if (leg == null) {
					return null;
				}
				metres[i][j] = leg[0];
				seconds[i][j] = leg[1];
			}
		}
		return new RouteSolver.Matrix(metres, seconds, false);
	}

	private synchronized void remember(List<RouteSolver.Point> points, RouteSolver.Matrix matrix) {
		for (int i = 0; i < points.size(); i++) {
			for (int j = 0; j < points.size(); j++) {
				if (i != j) {
					cache.put(key(points.get(i), points.get(j)),
							new double[] { matrix.metres()[i][j], matrix.seconds()[i][j] });
				}
			}
		}
	}

	private RouteSolver.Matrix ask(List<RouteSolver.Point> points) throws EngineFailed {
		var base = Objects.requireNonNull(settings.url(), "asked only when an engine is configured").toString()
			.replaceAll("/+$", "");
		HttpRequest request;
		if (settings.engine().equals("osrm")) {
			var coordinates = new StringBuilder();
			for (var p : points) {
				if (!coordinates.isEmpty()) {
					coordinates.append(';');
				}
				coordinates.append(String.format(Locale.ROOT, "%.6f,%.6f", p.longitude(), p.latitude()));
			}
			request = HttpRequest.newBuilder(URI.create(base + "/table/v1/" + settings.profileOrDefault() + "/"
					+ coordinates + "?annotations=distance,duration"))
				.timeout(settings.timeout())
				.GET()
				.build();
		}
		else {
			var body = json.createObjectNode();
			var array = body.putArray("points");
			points.forEach(p -> array.addArray().add(p.longitude()).add(p.latitude()));
			body.putArray("out_arrays").add("distances").add("times");
			body.put("profile", settings.profileOrDefault());
			request = HttpRequest.newBuilder(URI.create(base + "/matrix"))
				.timeout(settings.timeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
				.build();
		}
		HttpResponse<String> response;
		// the request's own timeout ends with the headers: the whole answer gets the timeout too, and a bounded size
		var pending = http.sendAsync(request,
				HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofString(), MAX_ANSWER));
		try {
			response = pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			throw new EngineFailed("no whole answer within " + settings.timeout());
		}
		catch (ExecutionException ex) {
			var cause = ex.getCause() == null ? ex : ex.getCause();
			throw new EngineFailed("no answer (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
		}
		catch (InterruptedException ex) {
			pending.cancel(true);
			Thread.currentThread().interrupt();
			throw new EngineFailed("interrupted");
		}
		if (response.statusCode() != 200) {
			throw new EngineFailed("answered HTTP " + response.statusCode());
		}
		JsonNode answer;
		try {
			answer = json.readTree(response.body());
		}
		catch (RuntimeException ex) {
			throw new EngineFailed("answered something that is not JSON");
		}
		boolean osrm = settings.engine().equals("osrm");
		if (osrm && !"Ok".equals(answer.path("code").asString(""))) {
			throw new EngineFailed("answered code " + answer.path("code").asString("(none)"));
		}
		int n = points.size();
		return new RouteSolver.Matrix(read(answer.path("distances"), n, "distances"),
				read(answer.path(osrm ? "durations" : "times"), n, osrm ? "durations" : "times"), false);
	}

	/** An n x n array of finite numbers, not negative; a leg the engine found no road for is refused. */
	private static double[][] read(JsonNode node, int n, String name) throws EngineFailed {
		if (!node.isArray() || node.size() != n) {
			throw new EngineFailed(name + " is not a " + n + " x " + n + " array");
		}
		var values = new double[n][n];
		for (int i = 0; i < n; i++) {
			var row = node.get(i);
			if (!row.isArray() || row.size() != n) {
				throw new EngineFailed(name + "[" + i + "] is not an array of " + n);
			}
			for (int j = 0; j < n; j++) {
				var cell = row.get(j);
				if (!cell.isNumber() || !Double.isFinite(cell.asDouble()) || cell.asDouble() < 0) {
					throw new EngineFailed(name + "[" + i + "][" + j + "] is " + cell + ", no road found");
				}
				values[i][j] = cell.asDouble();
			}
		}
		return values;
	}
}

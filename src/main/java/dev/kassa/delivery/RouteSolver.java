package dev.kassa.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.algorithm.listener.IterationEndsListener;
import com.graphhopper.jsprit.core.algorithm.termination.TimeTermination;
import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Delivery;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TimeWindow;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import com.graphhopper.jsprit.core.util.FastVehicleRoutingTransportCostsMatrix;
import com.graphhopper.jsprit.core.util.Solutions;
import com.graphhopper.jsprit.core.util.UnassignedJobReasonTracker;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Solves capacitated vehicle routing problems with time windows with jsprit, over straight-line
 * (haversine) distances times the road factor, driven at the average speed. The objective is the distance
 * driven. Single-threaded with a fixed seed and a fixed number of iterations: the same problem gives the
 * same answer. Times are seconds from a time zero chosen by the caller (the plan's start of day).
 */
@Component
class RouteSolver {

	/**
	 * Above this many stops the solver inserts with jsprit's fast regret. Measured on the Solomon instances
	 * (bench/README.md): at 100 customers the plain regret took 4.5 ms of CPU an iteration, the fast one 1 ms, and
	 * 600 fast iterations came within 3 % of the best known on every instance; so it is on for all but tiny tours.
	 */
	static final int FAST_REGRET_ABOVE = 8;

	/**
	 * Iterations per stop: a 10-stop tour is optimal well within 200; at 25 customers 250 left one Solomon
	 * instance (C108) 13 % off, so 20; from 30 stops the configured 600.
	 */
	static final int ITERATIONS_PER_STOP = 20;

	static final int MIN_ITERATIONS = 50;

	private final DeliverySettings settings;

	RouteSolver(DeliverySettings settings) {
		this.settings = settings;
	}

	record Point(double latitude, double longitude) {
	}

	/**
	 * A place to visit.
	 *
	 * @param demand capacity the stop takes on the vehicle
	 * @param windowStart earliest arrival (seconds from time zero), or null for any time
	 */
	record Stop(String id, Point point, int demand, long serviceSeconds, @Nullable Long windowStart,
			@Nullable Long windowEnd) {
	}

	record Truck(String id, int capacity, long earliestStart, long latestReturn) {
	}

	record Problem(Point depot, List<Truck> trucks, List<Stop> stops, boolean returnToDepot) {
	}

	/** A stop on a tour: arrival and departure in seconds, distances in metres. */
	record Visit(String stopId, long arrival, long departure, double distanceFromPrevious, double cumulative,
			int loadAfter) {
	}

	/** @param distance in metres, back to the depot included when the problem returns there */
	record Tour(String truckId, List<Visit> visits, double distance, long start, long end, int load) {
	}

	/**
	 * @param estimated whether the distances are straight lines (no routing engine answered)
	 */
	record Solution(List<Tour> tours, Map<String, String> unassigned, double distance, boolean estimated) {
	}

	/**
	 * Travel between a problem's places, index 0 the depot and stop i at index i + 1.
	 *
	 * @param metres distance driven from row to column
	 * @param seconds time driven from row to column
	 * @param estimated straight lines times the road factor, not a routing engine's roads
	 */
	record Matrix(double[][] metres, double[][] seconds, boolean estimated) {

		int size() {
			return metres.length;
		}
	}

	/**
	 * How hard the solver searches.
	 *
	 * @param iterations ruin-and-recreate iterations of jsprit's search
	 * @param timeLimit the search stops after this long, whatever iterations are left (null: none)
	 * @param fastRegret jsprit's fast regret insertion (faster on large problems, a little worse)
	 */
	record Effort(int iterations, @Nullable Duration timeLimit, boolean fastRegret) {
	}

	/** Progress: the iteration finished and how many there are. */
	interface Progress {

		void iteration(int done, int total);
	}

	/** The straight-line matrix of the depot and the stops: haversine times the road factor, at the average speed. */
	Matrix straightLines(Point depot, List<Point> stops) {
		int n = stops.size() + 1;
		var points = new ArrayList<Point>(n);
		points.add(depot);
		points.addAll(stops);
		var distances = new double[n][n];
		var times = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				double d = metres(points.get(i), points.get(j));
				distances[i][j] = d;
				distances[j][i] = d;
				times[i][j] = seconds(d);
				times[j][i] = times[i][j];
			}
		}
		return new Matrix(distances, times, true);
	}

	/**
	 * The effort for a problem of this many stops: {@link #ITERATIONS_PER_STOP} a stop, at least
	 * {@link #MIN_ITERATIONS} and at most the configured iterations, within the configured time limit.
	 */
	Effort effort(int stops) {
		int iterations = Math.min(settings.iterations(), Math.max(MIN_ITERATIONS, stops * ITERATIONS_PER_STOP));
		return new Effort(iterations, settings.timeLimit(), stops > FAST_REGRET_ABOVE);
	}

	double metres(Point a, Point b) {
		return Geo.metres(a.latitude(), a.longitude(), b.latitude(), b.longitude()) * settings.roadFactor();
	}

	long seconds(double metres) {
		return Math.round(metres / (settings.averageSpeedKmh() / 3.6));
	}

	/** Solves over straight lines, with the configured effort. */
	Solution solve(Problem problem, Progress progress) {
		var points = problem.stops().stream().map(Stop::point).toList();
		return solve(problem, straightLines(problem.depot(), points), effort(problem.stops().size()), progress);
	}

	/**
	 * Solves over the matrix given, whose index i + 1 is the problem's stop i (index 0 the depot).
	 */
	Solution solve(Problem problem, Matrix travel, Effort effort, Progress progress) {
		if (travel.size() != problem.stops().size() + 1) {
			throw new IllegalArgumentException("the matrix has " + travel.size() + " places for "
					+ problem.stops().size() + " stops and the depot");
		}
		var unassigned = new LinkedHashMap<String, String>();
		int largest = problem.trucks().stream().mapToInt(Truck::capacity).max().orElse(0);
		var stops = new ArrayList<Stop>();
		var positions = new ArrayList<Integer>();
		for (int k = 0; k < problem.stops().size(); k++) {
			var stop = problem.stops().get(k);
			if (stop.demand() > largest) {
				unassigned.put(stop.id(), "needs room for " + stop.demand() + " cylinders; the largest vehicle takes "
						+ largest);
			}
			else if (stop.windowStart() != null && stop.windowEnd() != null && stop.windowEnd() < stop.windowStart()) {
				unassigned.put(stop.id(), "its time window is outside the routes' working hours");
			}
			else {
				stops.add(stop);
				positions.add(k + 1);
			}
		}
		if (stops.isEmpty() || problem.trucks().isEmpty()) {
			stops.forEach(s -> unassigned.put(s.id(), "no vehicle was given"));
			return new Solution(List.of(), unassigned, 0, travel.estimated());
		}
		// index 0 is the depot, stop i is index i + 1
		int n = stops.size() + 1;
		var distances = new double[n][n];
		var matrix = FastVehicleRoutingTransportCostsMatrix.Builder.newInstance(n, false);
		for (int i = 0; i < n; i++) {
			int from = i == 0 ? 0 : positions.get(i - 1);
			for (int j = 0; j < n; j++) {
				if (i == j) {
					continue;
				}
				int to = j == 0 ? 0 : positions.get(j - 1);
				double d = travel.metres()[from][to];
				distances[i][j] = d;
				matrix.addTransportTimeAndDistance(i, j, travel.seconds()[from][to], d);
			}
		}
		if (problem.trucks().size() == 1 && stops.size() <= EXACT_UP_TO) {
			var exact = exactTour(problem, problem.trucks().getFirst(), stops, distances, matrixTimes(travel, positions));
			if (exact != null) {
				return new Solution(List.of(exact), unassigned, exact.distance(), travel.estimated());
			}
		}
		var vrp = VehicleRoutingProblem.Builder.newInstance()
			.setFleetSize(VehicleRoutingProblem.FleetSize.FINITE)
			.setRoutingCost(matrix.build());
		var depot = Location.Builder.newInstance().setId("depot").setIndex(0).build();
		// Vehicles alike share one type: jsprit then weighs one of them per insertion, not each (25 types of one
		// capacity made a 100-stop first solution take 3 s instead of 0.1 s).
		var types = new HashMap<Integer, VehicleTypeImpl>();
		for (var truck : problem.trucks()) {
			var type = types.computeIfAbsent(truck.capacity(), capacity -> VehicleTypeImpl.Builder
				.newInstance("capacity-" + capacity)
				.addCapacityDimension(0, capacity)
				.setCostPerDistance(1.0)
				.setCostPerTransportTime(0)
				.build());
			vrp.addVehicle(VehicleImpl.Builder.newInstance(truck.id())
				.setStartLocation(depot)
				.setType(type)
				.setReturnToDepot(problem.returnToDepot())
				.setEarliestStart(truck.earliestStart())
				.setLatestArrival(truck.latestReturn())
				.build());
		}
		var index = new HashMap<String, Integer>();
		for (int i = 0; i < stops.size(); i++) {
			var stop = stops.get(i);
			index.put(stop.id(), i + 1);
			var job = Delivery.Builder.newInstance(stop.id())
				.addSizeDimension(0, stop.demand())
				.setLocation(Location.Builder.newInstance().setId(stop.id()).setIndex(i + 1).build())
				.setServiceTime(stop.serviceSeconds());
			if (stop.windowStart() != null || stop.windowEnd() != null) {
				job.setTimeWindow(TimeWindow.newInstance(stop.windowStart() == null ? 0 : stop.windowStart(),
						stop.windowEnd() == null ? Double.MAX_VALUE : stop.windowEnd()));
			}
			vrp.addJob(job.build());
		}
		var built = vrp.build();
		var reasons = new UnassignedJobReasonTracker();
		var algorithm = Jsprit.Builder.newInstance(built)
			.setRandom(new Random(settings.seed()))
			.setProperty(Jsprit.Parameter.THREADS, "1")
			.setProperty(Jsprit.Parameter.FAST_REGRET, Boolean.toString(effort.fastRegret()))
			.buildAlgorithm();
		algorithm.setMaxIterations(effort.iterations());
		if (effort.timeLimit() != null) {
			var termination = new TimeTermination(effort.timeLimit().toMillis());
			algorithm.setPrematureAlgorithmTermination(termination);
			algorithm.addListener(termination);
		}
		algorithm.addListener(reasons);
		int total = effort.iterations();
		algorithm.addListener((IterationEndsListener) (i, p, s) -> progress.iteration(i, total));
		var best = Solutions.bestOf(algorithm.searchSolutions());

		var demand = new HashMap<String, Integer>();
		stops.forEach(s -> demand.put(s.id(), s.demand()));
		var tours = new ArrayList<Tour>();
		double all = 0;
		for (var route : best.getRoutes()) {
			var jobs = new ArrayList<TourActivity>();
			int load = 0;
			for (var activity : route.getActivities()) {
				if (activity instanceof TourActivity.JobActivity job) {
					jobs.add(activity);
					load += Objects.requireNonNull(demand.get(job.getJob().getId()), "every job has a demand");
				}
			}
			if (jobs.isEmpty()) {
				continue;
			}
			var visits = new ArrayList<Visit>();
			int previous = 0;
			double cumulative = 0;
			int onBoard = load;
			for (var activity : jobs) {
				var id = ((TourActivity.JobActivity) activity).getJob().getId();
				int at = Objects.requireNonNull(index.get(id), "every job is a point");
				double leg = distances[previous][at];
				cumulative += leg;
				onBoard -= Objects.requireNonNull(demand.get(id), "every job has a demand");
				visits.add(new Visit(id, Math.round(activity.getArrTime()), Math.round(activity.getEndTime()), leg,
						cumulative, onBoard));
				previous = at;
			}
			if (problem.returnToDepot()) {
				cumulative += distances[previous][0];
			}
			long end = problem.returnToDepot() ? Math.round(route.getEnd().getArrTime()) : visits.getLast().departure();
			tours.add(new Tour(route.getVehicle().getId(), visits, cumulative, Math.round(route.getStart().getEndTime()),
					end, load));
			all += cumulative;
		}
		for (var job : best.getUnassignedJobs()) {
			var reason = reasons.getMostLikelyReason(job.getId());
			unassigned.put(job.getId(), reason == null || reason.isBlank() || reason.equals("no reason found")
					? "no vehicle could take it within capacity and working hours" : reason);
		}
		return new Solution(tours, unassigned, all, travel.estimated());
	}

	/**
	 * Up to this many stops on one vehicle without time windows, the tour is found exactly (Held-Karp, 2^n n^2
	 * steps: 12 stops take about a millisecond) instead of searched: the seed's 10-stop case is then always optimal.
	 */
	static final int EXACT_UP_TO = 12;

	private static double[][] matrixTimes(Matrix travel, List<Integer> positions) {
		int n = positions.size() + 1;
		var times = new double[n][n];
		for (int i = 0; i < n; i++) {
			int from = i == 0 ? 0 : positions.get(i - 1);
			for (int j = 0; j < n; j++) {
				times[i][j] = travel.seconds()[from][j == 0 ? 0 : positions.get(j - 1)];
			}
		}
		return times;
	}

	/**
	 * The shortest tour of one vehicle through every stop, or null when the problem is not one this answers (a
	 * time window, more load than the vehicle takes, back after its latest return).
	 */
	private static @Nullable Tour exactTour(Problem problem, Truck truck, List<Stop> stops, double[][] d,
			double[][] times) {
		int load = 0;
		for (var stop : stops) {
			if (stop.windowStart() != null || stop.windowEnd() != null) {
				return null;
			}
			load += stop.demand();
		}
		if (load > truck.capacity()) {
			return null;
		}
		var order = shortestOrder(d, problem.returnToDepot());
		var visits = new ArrayList<Visit>();
		double time = truck.earliestStart();
		double cumulative = 0;
		int previous = 0;
		int onBoard = load;
		for (int at : order) {
			var stop = stops.get(at - 1);
			time += times[previous][at];
			cumulative += d[previous][at];
			onBoard -= stop.demand();
			long arrival = Math.round(time);
			time += stop.serviceSeconds();
			visits.add(new Visit(stop.id(), arrival, Math.round(time), d[previous][at], cumulative, onBoard));
			previous = at;
		}
		if (problem.returnToDepot()) {
			cumulative += d[previous][0];
			time += times[previous][0];
		}
		if (time > truck.latestReturn()) {
			return null;
		}
		return new Tour(truck.id(), visits, cumulative, truck.earliestStart(), Math.round(time), load);
	}

	/**
	 * Held-Karp: the order of places 1..n (0 is the depot) of the shortest path from the depot through all of
	 * them, back to the depot when asked.
	 */
	static List<Integer> shortestOrder(double[][] d, boolean back) {
		int n = d.length - 1;
		int full = 1 << n;
		var cost = new double[full][n];
		var parent = new int[full][n];
		for (var row : cost) {
			java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
		}
		for (int i = 0; i < n; i++) {
			cost[1 << i][i] = d[0][i + 1];
			parent[1 << i][i] = -1;
		}
		for (int set = 1; set < full; set++) {
			for (int last = 0; last < n; last++) {
				double c = cost[set][last];
				if ((set & (1 << last)) == 0 || c == Double.POSITIVE_INFINITY) {
					continue;
				}
				for (int next = 0; next < n; next++) {
					if ((set & (1 << next)) != 0) {
						continue;
					}
					int to = set | (1 << next);
					double through = c + d[last + 1][next + 1];
					if (through < cost[to][next]) {
						cost[to][next] = through;
						parent[to][next] = last;
					}
				}
			}
		}
		int best = 0;
		double shortest = Double.POSITIVE_INFINITY;
		for (int last = 0; last < n; last++) {
			double c = cost[full - 1][last] + (back ? d[last + 1][0] : 0);
			if (c < shortest) {
				shortest = c;
				best = last;
			}
		}
		var order = new java.util.ArrayDeque<Integer>();
		int set = full - 1;
		for (int at = best; at >= 0;) {
			order.addFirst(at + 1);
			int before = parent[set][at];
			set &= ~(1 << at);
			at = before;
		}
		return List.copyOf(order);
	}

	/** The distance of visiting the stops in the order given, from the depot (and back when asked). */
	double distanceInOrder(Point depot, List<Point> stops, boolean returnToDepot) {
		double total = 0;
		var previous = depot;
		for (var point : stops) {
			total += metres(previous, point);
			previous = point;
		}
		return returnToDepot ? total + metres(previous, depot) : total;
	}
}

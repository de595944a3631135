package dev.kassa.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.algorithm.listener.IterationEndsListener;
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
	 * Above this many stops the solver inserts with jsprit's fast regret: measured here at 200 stops, 3 times
	 * faster for routes about 0.6 % longer; below it the plain regret is quick enough and a little better.
	 */
	static final int FAST_REGRET_ABOVE = 100;

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

	record Solution(List<Tour> tours, Map<String, String> unassigned, double distance) {
	}

	/** Progress: the iteration finished and how many there are. */
	interface Progress {

		void iteration(int done, int total);
	}

	double metres(Point a, Point b) {
		return Geo.metres(a.latitude(), a.longitude(), b.latitude(), b.longitude()) * settings.roadFactor();
	}

	long seconds(double metres) {
		return Math.round(metres / (settings.averageSpeedKmh() / 3.6));
	}

	Solution solve(Problem problem, Progress progress) {
		var unassigned = new LinkedHashMap<String, String>();
		int largest = problem.trucks().stream().mapToInt(Truck::capacity).max().orElse(0);
		var stops = new ArrayList<Stop>();
		for (var stop : problem.stops()) {
			if (stop.demand() > largest) {
				unassigned.put(stop.id(), "needs room for " + stop.demand() + " cylinders; the largest vehicle takes "
						+ largest);
			}
			else if (stop.windowStart() != null && stop.windowEnd() != null && stop.windowEnd() < stop.windowStart()) {
				unassigned.put(stop.id(), "its time window is outside the routes' working hours");
			}
			else {
				stops.add(stop);
			}
		}
		if (stops.isEmpty() || problem.trucks().isEmpty()) {
			stops.forEach(s -> unassigned.put(s.id(), "no vehicle was given"));
			return new Solution(List.of(), unassigned, 0);
		}
		// index 0 is the depot, stop i is index i + 1
		int n = stops.size() + 1;
		var points = new ArrayList<Point>(n);
		points.add(problem.depot());
		stops.forEach(s -> points.add(s.point()));
		var distances = new double[n][n];
		var matrix = FastVehicleRoutingTransportCostsMatrix.Builder.newInstance(n, true);
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				double d = metres(points.get(i), points.get(j));
				distances[i][j] = d;
				distances[j][i] = d;
				matrix.addTransportTimeAndDistance(i, j, seconds(d), d);
			}
		}
		var vrp = VehicleRoutingProblem.Builder.newInstance()
			.setFleetSize(VehicleRoutingProblem.FleetSize.FINITE)
			.setRoutingCost(matrix.build());
		var depot = Location.Builder.newInstance().setId("depot").setIndex(0).build();
		for (var truck : problem.trucks()) {
			var type = VehicleTypeImpl.Builder.newInstance("type-" + truck.id())
				.addCapacityDimension(0, truck.capacity())
				.setCostPerDistance(1.0)
				.setCostPerTransportTime(0)
				.build();
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
			.setProperty(Jsprit.Parameter.FAST_REGRET, Boolean.toString(stops.size() > FAST_REGRET_ABOVE))
			.buildAlgorithm();
		algorithm.setMaxIterations(settings.iterations());
		algorithm.addListener(reasons);
		int total = settings.iterations();
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
					load += demand.get(job.getJob().getId());
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
				int at = index.get(id);
				double leg = distances[previous][at];
				cumulative += leg;
				onBoard -= demand.get(id);
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
		return new Solution(tours, unassigned, all);
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

package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RouteSolverTests {

	private static final RouteSolver.Point DEPOT = new RouteSolver.Point(12.9716, 77.5946);

	private final RouteSolver solver = new RouteSolver(new DeliverySettings(25, 1.0, Duration.ofMinutes(5),
			LocalTime.of(8, 0), LocalTime.of(20, 0), 200, 42, 25, 1000, 200, Duration.ofSeconds(30)));

	private static List<RouteSolver.Stop> randomStops(int count, long seed, int maxDemand) {
		var random = new Random(seed);
		var stops = new ArrayList<RouteSolver.Stop>();
		for (int i = 0; i < count; i++) {
			stops.add(new RouteSolver.Stop("s" + i, new RouteSolver.Point(DEPOT.latitude() + (random.nextDouble() - 0.5) * 0.1,
					DEPOT.longitude() + (random.nextDouble() - 0.5) * 0.1), 1 + random.nextInt(maxDemand), 300, null, null));
		}
		return stops;
	}

	/** Along one meridian (a great circle), the best round trip goes out to the farthest stop and back. */
	@Test
	void stopsOnALineAreVisitedOutAndBack() {
		var stops = new ArrayList<RouteSolver.Stop>();
		var points = new ArrayList<RouteSolver.Point>();
		for (int i = 1; i <= 9; i++) {
			var point = new RouteSolver.Point(DEPOT.latitude() + i * 0.01, DEPOT.longitude());
			points.add(point);
			stops.add(new RouteSolver.Stop("s" + i, point, 0, 0, null, null));
		}
		Collections.shuffle(stops, new Random(3));
		var truck = new RouteSolver.Truck("t", Integer.MAX_VALUE, 0, Long.MAX_VALUE / 4);
		var solution = solver.solve(new RouteSolver.Problem(DEPOT, List.of(truck), stops, true), (i, n) -> {
		});
		double optimum = 2 * solver.metres(DEPOT, points.getLast());
		assertThat(solution.distance()).isCloseTo(optimum, within(1.0));
		var given = solver.distanceInOrder(DEPOT, stops.stream().map(RouteSolver.Stop::point).toList(), true);
		assertThat(solution.distance()).isLessThan(given);
	}

	@Test
	void theSameProblemGivesTheSameAnswer() {
		var trucks = List.of(new RouteSolver.Truck("a", 20, 0, 12 * 3600), new RouteSolver.Truck("b", 20, 0, 12 * 3600));
		var problem = new RouteSolver.Problem(DEPOT, trucks, randomStops(30, 1, 3), true);
		var first = solver.solve(problem, (i, n) -> {
		});
		var second = solver.solve(problem, (i, n) -> {
		});
		assertThat(second).isEqualTo(first);
	}

	@Test
	void noTourCarriesMoreThanItsTruck() {
		var trucks = List.of(new RouteSolver.Truck("a", 12, 0, 12 * 3600), new RouteSolver.Truck("b", 7, 0, 12 * 3600));
		var stops = randomStops(20, 2, 4);
		var solution = solver.solve(new RouteSolver.Problem(DEPOT, trucks, stops, true), (i, n) -> {
		});
		int total = stops.stream().mapToInt(RouteSolver.Stop::demand).sum();
		assertThat(total).isGreaterThan(19);
		for (var tour : solution.tours()) {
			assertThat(tour.load()).isLessThanOrEqualTo(tour.truckId().equals("a") ? 12 : 7);
		}
		int visited = solution.tours().stream().mapToInt(t -> t.visits().size()).sum();
		assertThat(visited + solution.unassigned().size()).isEqualTo(20);
		assertThat(solution.unassigned()).isNotEmpty();
	}

	/** Past {@link RouteSolver#FAST_REGRET_ABOVE} stops the other insertion runs; it keeps capacity too. */
	@Test
	void aLargeProblemKeepsCapacityAndVisitsEveryStopOnce() {
		var quick = new RouteSolver(new DeliverySettings(25, 1.0, Duration.ofMinutes(5), LocalTime.of(8, 0),
				LocalTime.of(20, 0), 30, 42, 25, 1000, 200, Duration.ofSeconds(30)));
		var stops = randomStops(RouteSolver.FAST_REGRET_ABOVE + 20, 5, 3);
		var trucks = new ArrayList<RouteSolver.Truck>();
		for (int i = 0; i < 10; i++) {
			trucks.add(new RouteSolver.Truck("t" + i, 30, 0, 12 * 3600));
		}
		var solution = quick.solve(new RouteSolver.Problem(DEPOT, trucks, stops, true), (i, n) -> {
		});
		var visited = new java.util.HashSet<String>();
		for (var tour : solution.tours()) {
			assertThat(tour.load()).isLessThanOrEqualTo(30);
			tour.visits().forEach(v -> assertThat(visited.add(v.stopId())).isTrue());
		}
		assertThat(visited.size() + solution.unassigned().size()).isEqualTo(stops.size());
	}
}

package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

/**
 * The planner on Solomon instances, as production configures it, checked against the instances' own rules (not
 * timed: bench/vrptw measures time and distance): every customer served once, no vehicle over capacity, every
 * service started within its time window, every vehicle back before the depot closes.
 */
class SolomonTests {

	private final RouteSolver solver = new RouteSolver(new DeliverySettings(25, 1.0, Duration.ofMinutes(5),
			LocalTime.of(8, 0), LocalTime.of(20, 0), 600, 20261202, 25, 300, 100, Duration.ofSeconds(60)));

	@Test
	void r101With25CustomersKeepsTimeWindowsAndCapacity() throws Exception {
		checkFeasible("R101", 25);
	}

	@Test
	void c101With25CustomersKeepsTimeWindowsAndCapacity() throws Exception {
		checkFeasible("C101", 25);
	}

	@Test
	void rc101With25CustomersKeepsTimeWindowsAndCapacity() throws Exception {
		checkFeasible("RC101", 25);
	}

	private void checkFeasible(String name, int customers) throws java.io.IOException {
		// the instances ship beside the worktrees (../shared/vrptw), not in the repository
		org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(Solomon.directory()),
				"no Solomon instances at " + Solomon.directory());
		var instance = Solomon.read(Solomon.directory().resolve(name + ".txt")).first(customers);
		var matrix = instance.matrix();
		var solution = solver.solve(instance.problem(), matrix, solver.effort(instance.size()), (i, n) -> {
		});
		assertThat(solution.unassigned()).isEmpty();
		var byNumber = new HashMap<Integer, Solomon.Customer>();
		instance.customers().forEach(c -> byNumber.put(c.number(), c));
		var seen = new HashSet<Integer>();
		var depot = instance.depot();
		double total = 0;
		for (var tour : solution.tours()) {
			int load = 0;
			double time = depot.ready();
			var previous = depot;
			for (var visit : tour.visits()) {
				var customer = byNumber.get(Integer.parseInt(visit.stopId()));
				assertThat(seen.add(customer.number())).as("customer %d served once", customer.number()).isTrue();
				load += customer.demand();
				double arrival = time + Solomon.distance(previous, customer);
				double start = Math.max(arrival, customer.ready());
				assertThat(start).as("%s: service at customer %d starts by its due time", instance.name(),
						customer.number()).isLessThanOrEqualTo(customer.due() + 1e-6);
				time = start + customer.service();
				total += Solomon.distance(previous, customer);
				previous = customer;
			}
			total += Solomon.distance(previous, depot);
			assertThat(time + Solomon.distance(previous, depot)).as("back before the depot closes")
				.isLessThanOrEqualTo(depot.due() + 1e-6);
			assertThat(load).as("load of %s", tour.truckId()).isLessThanOrEqualTo(instance.capacity());
			assertThat(tour.load()).isEqualTo(load);
		}
		assertThat(seen).hasSize(instance.size());
		assertThat(solution.distance()).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(solution.tours().size()).isLessThanOrEqualTo(instance.vehicles());
	}
}

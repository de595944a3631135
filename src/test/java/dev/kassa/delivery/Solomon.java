package dev.kassa.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Solomon VRPTW instance in the usual text format: the depot is customer 0, coordinates on a plane, travel
 * time equal to the Euclidean distance (not rounded), one capacity for every vehicle.
 */
record Solomon(String name, int vehicles, int capacity, List<Customer> customers) {

	/** The instances shipped beside the worktrees, unless {@code KASSA_VRPTW_DIR} says otherwise. */
	static Path directory() {
		var configured = System.getenv("KASSA_VRPTW_DIR");
		return Path.of(configured != null ? configured : "/work/shared/vrptw");
	}

	record Customer(int number, double x, double y, int demand, int ready, int due, int service) {
	}

	static Solomon read(Path file) throws IOException {
		var lines = Files.readAllLines(file);
		String name = lines.getFirst().strip();
		int vehicles = 0;
		int capacity = 0;
		var customers = new ArrayList<Customer>();
		boolean inCustomers = false;
		for (int i = 1; i < lines.size(); i++) {
			var line = lines.get(i).strip();
			if (line.startsWith("NUMBER")) {
				var numbers = lines.get(i + 1).strip().split("\\s+");
				vehicles = Integer.parseInt(numbers[0]);
				capacity = Integer.parseInt(numbers[1]);
			}
			else if (line.startsWith("CUST")) {
				inCustomers = true;
			}
			else if (inCustomers && !line.isEmpty()) {
				var f = line.split("\\s+");
				customers.add(new Customer(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
						Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6])));
			}
		}
		return new Solomon(name, vehicles, capacity, List.copyOf(customers));
	}

	/** The depot and the first {@code count} customers: the usual 25- and 50-customer instances. */
	Solomon first(int count) {
		return new Solomon(name + "." + count, vehicles, capacity, customers.subList(0, count + 1));
	}

	Customer depot() {
		return customers.getFirst();
	}

	int size() {
		return customers.size() - 1;
	}

	static double distance(Customer a, Customer b) {
		return Math.hypot(a.x() - b.x(), a.y() - b.y());
	}

	/** The problem for Kassa's solver: every customer a stop, the fleet of the instance, back to the depot. */
	RouteSolver.Problem problem() {
		var depot = depot();
		var trucks = new ArrayList<RouteSolver.Truck>();
		for (int v = 0; v < vehicles; v++) {
			trucks.add(new RouteSolver.Truck("v" + v, capacity, depot.ready(), depot.due()));
		}
		var stops = new ArrayList<RouteSolver.Stop>();
		for (var c : customers.subList(1, customers.size())) {
			// the points are only for show: the solver goes by the matrix
			stops.add(new RouteSolver.Stop(Integer.toString(c.number()), new RouteSolver.Point(0, 0), c.demand(),
					c.service(), (long) c.ready(), (long) c.due()));
		}
		return new RouteSolver.Problem(new RouteSolver.Point(0, 0), trucks, stops, true);
	}

	/** Euclidean distances, travel time equal to distance. */
	RouteSolver.Matrix matrix() {
		int n = customers.size();
		var d = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				d[i][j] = distance(customers.get(i), customers.get(j));
			}
		}
		return new RouteSolver.Matrix(d, d, false);
	}
}

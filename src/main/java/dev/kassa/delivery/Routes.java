package dev.kassa.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.events.EventLog;
import dev.kassa.jobs.JobProgress;
import dev.kassa.jobs.Jobs;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.Role;

/**
 * Routes: planned from a location's pending orders with jsprit, dispatched to drivers, driven stop by stop.
 * A delivery order is on at most one live route: a plan takes its orders with one guarded UPDATE each
 * ({@code route_id} set only where it is null and the order PENDING), after locking them in id order, so
 * that of two plans over the same orders exactly one commits and the other answers 409 naming them.
 */
@Service
public class Routes {

	static final String JOB_KIND = "delivery.plan";

	private final RouteStore store;

	private final DeliveryOrderStore orders;

	private final Fleet fleet;

	private final Locations locations;

	private final RouteSolver solver;

	private final TravelMatrices travel;

	private final DeliverySettings settings;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final Jobs jobs;

	private final JsonMapper json;

	private final ProofStore proofs;

	private final VehicleStock vehicleStock;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Routes(RouteStore store, DeliveryOrderStore orders, Fleet fleet, Locations locations, RouteSolver solver,
			TravelMatrices travel, DeliverySettings settings, EventLog events, TransactionTemplate transactions, Idempotency idempotency,
			@Lazy Jobs jobs, JsonMapper json, ProofStore proofs, VehicleStock vehicleStock) {
		this.vehicleStock = vehicleStock;
		this.store = store;
		this.orders = orders;
		this.fleet = fleet;
		this.locations = locations;
		this.solver = solver;
		this.travel = travel;
		this.settings = settings;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
		this.jobs = jobs;
		this.json = json;
		this.proofs = proofs;
	}

	/**
	 * What to plan.
	 *
	 * @param orderIds the pending orders to route; when absent, every pending order of the location due on the
	 *        date or before and on no route
	 * @param startTime when routes leave the depot, in the location's time zone; the shift start by default
	 * @param endTime when vehicles must be back; the shift end by default
	 */
	public record PlanRequest(@NotNull UUID locationId, @NotNull LocalDate date,
			@NotEmpty @Size(max = 100) List<@Valid @NotNull PlanVehicle> vehicles,
			@Nullable @Size(min = 1, max = 1000) List<@NotNull UUID> orderIds, @Nullable LocalTime startTime,
			@Nullable LocalTime endTime) {
	}

	public record PlanVehicle(@NotNull UUID vehicleId, @NotNull UUID driverId) {
	}

	public record Coordinates(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
	}

	public record OptimizeStop(@Size(max = 64) @Nullable String id,
			@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
	}

	/** @param returnToDepot whether the tour ends at the depot (true by default) */
	public record OptimizeRequest(@NotNull @Valid Coordinates depot,
			@NotEmpty List<@Valid @NotNull OptimizeStop> stops, @Nullable Boolean returnToDepot) {
	}

	/** @param index the stop's position in the request */
	public record OptimizedStop(int seq, int index, @Nullable String id, double latitude, double longitude,
			double distanceFromPreviousM, double cumulativeM) {
	}

	/**
	 * @param givenOrderDistanceM the distance of the stops in the order given, for comparison
	 * @param durationS travel time (the routing engine's, or at the configured average speed)
	 * @param distancesEstimated straight lines times the road factor, not the routing engine's roads
	 */
	public record OptimizedRoute(List<OptimizedStop> stops, double distanceM, double givenOrderDistanceM,
			long durationS, boolean returnToDepot, boolean distancesEstimated) {
	}

	public record Delivered(@NotBlank @Size(max = 200) String receivedBy,
			@NotNull @Min(0) @Max(1000) Integer cylindersDelivered, @NotNull @Min(0) @Max(1000) Integer emptiesCollected,
			@Size(max = 500) @Nullable String notes) {
	}

	public record Failed(@NotBlank @Size(max = 500) String reason) {
	}

	/** Where the driver is, from their phone. */
	public record Position(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
			@Nullable @DecimalMin("0") @DecimalMax("100000") Double accuracyM) {
	}

	/** A pending stop's ETA recomputed from the driver's position. */
	public record Eta(UUID stopId, UUID deliveryOrderId, int seq, Instant arrivesAt) {
	}

	/** @param distancesEstimated whether the ETAs are over straight lines (no routing engine answered) */
	public record PositionUpdate(UUID routeId, double latitude, double longitude, @Nullable Double accuracyM,
			Instant at, List<Eta> etas, boolean distancesEstimated) {
	}

	public record Cancellation(@Size(max = 500) @Nullable String reason) {
	}

	/** The plan as stored for its job: the request with the orders resolved. */
	record StoredPlan(UUID locationId, LocalDate date, List<PlanVehicle> vehicles, List<UUID> orderIds,
			LocalTime startTime, LocalTime endTime) {
	}

	// Stateless optimization (the seed's endpoint)

	public OptimizedRoute optimize(OptimizeRequest request) {
		if (request.stops().size() > settings.maxOptimizeStops()) {
			throw ApiException.unprocessable("too_many_stops", "At most " + settings.maxOptimizeStops()
					+ " stops are optimized at once; " + request.stops().size() + " were given", "stops");
		}
		boolean back = request.returnToDepot() == null || request.returnToDepot();
		var depot = new RouteSolver.Point(request.depot().latitude(), request.depot().longitude());
		var stops = new ArrayList<RouteSolver.Stop>();
		var points = new ArrayList<RouteSolver.Point>();
		for (int i = 0; i < request.stops().size(); i++) {
			var s = request.stops().get(i);
			var point = new RouteSolver.Point(s.latitude(), s.longitude());
			points.add(point);
			stops.add(new RouteSolver.Stop(Integer.toString(i), point, 0, 0, null, null));
		}
		var truck = new RouteSolver.Truck("tour", Integer.MAX_VALUE, 0, Long.MAX_VALUE / 4);
		var matrix = travel.matrix(depot, points);
		var solution = solver.solve(new RouteSolver.Problem(depot, List.of(truck), stops, back), matrix,
				solver.effort(stops.size()), (i, n) -> {
				});
		var tour = solution.tours().getFirst();
		var result = new ArrayList<OptimizedStop>();
		int seq = 1;
		for (var visit : tour.visits()) {
			int index = Integer.parseInt(visit.stopId());
			var s = request.stops().get(index);
			result.add(new OptimizedStop(seq++, index, s.id(), s.latitude(), s.longitude(),
					round(visit.distanceFromPrevious()), round(visit.cumulative())));
		}
		double given = 0;
		for (int i = 0; i < points.size(); i++) {
			given += matrix.metres()[i][i + 1];
		}
		if (back) {
			given += matrix.metres()[points.size()][0];
		}
		return new OptimizedRoute(result, round(tour.distance()), round(given), tour.end() - tour.start(), back,
				matrix.estimated());
	}

	private static double round(double metres) {
		return Math.round(metres * 10) / 10.0;
	}

	// Planning

	/**
	 * Plans routes: inline (201 with the plan) up to {@code inline-stops} orders, else as a background job
	 * (202 with the plan QUEUED and its job).
	 */
	public Idempotency.Response plan(PlanRequest request, @Nullable String key, CurrentUser user) {
		var location = fleet.activeLocation(request.locationId(), "location_id", user);
		var zone = ZoneId.of(location.timeZone());
		if (request.date().isBefore(LocalDate.now(clock.withZone(zone)))) {
			throw ApiException.invalid("date", "must not be in the past");
		}
		var start = request.startTime() == null ? settings.shiftStart() : request.startTime();
		var end = request.endTime() == null ? settings.shiftEnd() : request.endTime();
		if (!start.isBefore(end)) {
			throw ApiException.invalid("end_time", "must be after start_time (" + start + ")");
		}
		requireDepot(location.id());
		checkVehicles(request);
		// What depends on the orders' state is checked inside the work, so that a repeated request with the
		// same Idempotency-Key gets the first answer even though its orders are taken by now (by itself).
		var ids = request.orderIds() != null ? checkOrders(request.locationId(), request.orderIds())
				: orders.pendingFor(request.locationId(), request.date(), settings.maxPlanStops() + 1)
					.stream()
					.map(DeliveryOrder::id)
					.toList();
		var stored = new StoredPlan(request.locationId(), request.date(), request.vehicles(), ids, start, end);
		boolean inline = ids.size() <= settings.inlineStops();
		var scope = "route_plan:create:" + user.id();
		var id = Ids.next();
		// An inline plan is solved before the key's transaction, so that neither a connection nor the key's lock is
		// held while the solver runs; persist() still refuses orders another plan took meanwhile. A repeat of an
		// answered key is replayed without solving. What the solve refuses (orders taken, perhaps by a first request
		// with this key that committed a moment ago) is decided again inside, where such a repeat is replayed.
		var checkedKey = Idempotency.checkKey(key);
		Solved presolved = null;
		if (inline && !ids.isEmpty() && !idempotency.answered(scope, checkedKey)) {
			try {
				presolved = solve(id, stored, (i, n) -> {
				});
			}
			catch (ApiException refused) {
				// decided again inside the key's transaction
			}
		}
		var solved = presolved;
		return idempotency.run(scope, key, request, inline ? HttpStatus.CREATED : HttpStatus.ACCEPTED, () -> {
			if (ids.isEmpty()) {
				throw ApiException.unprocessable("no_orders", "The location has no pending delivery order on no "
						+ "route due by " + request.date(), "order_ids");
			}
			if (ids.size() > settings.maxPlanStops()) {
				throw ApiException.unprocessable("too_many_orders", "More than " + settings.maxPlanStops()
						+ " orders are pending; name the ones to plan in order_ids", "order_ids");
			}
			requireFree(ids);
			var now = clock.instant();
			store.insertPlan(id, request.locationId(), request.date(), "QUEUED", json.writeValueAsString(stored),
					user.id(), now);
			if (inline) {
				persist(id, stored, solved != null ? solved : solve(id, stored, (i, n) -> {
				}));
			}
			else {
				// queued in this transaction: the job exists exactly when the plan does
				var jobId = jobs.submit(JOB_KIND, json.createObjectNode().put("plan_id", id.toString()),
						user.id());
				store.setPlanJob(id, jobId);
				events.append("route_plan.queued", "route_plan", id, request.locationId(),
						Map.of("id", id, "date", request.date(), "orders", ids.size(), "job_id", jobId));
			}
			return plan(id);
		});
	}

	/** Runs a queued plan: for its job. Answers the link to the plan. */
	String runPlan(UUID planId, JobProgress progress) {
		var row = store.plan(planId).orElseThrow(() -> new IllegalStateException("no route plan " + planId));
		var link = "/api/v1/route-plans/" + planId;
		if (!row.status().equals("QUEUED")) {
			return link;
		}
		var stored = json.readValue(row.request(), StoredPlan.class);
		progress.total(solver.effort(stored.orderIds().size()).iterations());
		try {
			var solved = solve(planId, stored, (i, n) -> progress.done(i));
			transactions.executeWithoutResult(tx -> persist(planId, stored, solved));
		}
		catch (ApiException ex) {
			progress.error(ex.getMessage());
			transactions.executeWithoutResult(tx -> {
				if (store.finishPlan(planId, "FAILED", List.of(), ex.getMessage(), clock.instant())) {
					events.append("route_plan.failed", "route_plan", planId, stored.locationId(),
							Map.of("id", planId, "failure", ex.getMessage()));
				}
			});
		}
		progress.done(solver.effort(stored.orderIds().size()).iterations());
		return link;
	}

	/** What the solver made of a plan, before it is stored. */
	private record Solved(List<Route> routes, List<RoutePlan.Unassigned> unassigned) {
	}

	private Solved solve(UUID planId, StoredPlan plan, RouteSolver.Progress progress) {
		var location = locations.get(plan.locationId());
		var zone = ZoneId.of(location.timeZone());
		var depot = fleet.findDepot(plan.locationId()).orElseThrow(() -> depotNotSet(plan.locationId()));
		var zero = plan.date().atTime(plan.startTime()).atZone(zone).toInstant();
		long latest = Duration.between(plan.startTime(), plan.endTime()).toSeconds();
		var unassigned = new ArrayList<RoutePlan.Unassigned>();
		var stops = new ArrayList<RouteSolver.Stop>();
		var byId = new HashMap<UUID, DeliveryOrder>();
		var found = orders.byIds(plan.orderIds());
		var taken = found.stream()
			.filter(o -> o.status() != DeliveryStatus.PENDING || o.routeId() != null)
			.map(DeliveryOrder::id)
			.toList();
		if (!taken.isEmpty()) {
			throw ordersTaken(taken);
		}
		for (var order : found) {
			byId.put(order.id(), order);
			Long from = order.windowFrom() == null ? null
					: Math.max(0, Duration.between(zero, order.windowFrom().toInstant()).toSeconds());
			Long to = order.windowTo() == null ? null : Duration.between(zero, order.windowTo().toInstant()).toSeconds();
			if (to != null && to <= 0) {
				unassigned.add(new RoutePlan.Unassigned(order.id(),
						"its time window closes before routes leave at " + plan.startTime()));
				continue;
			}
			if (from != null && from >= latest) {
				unassigned.add(new RoutePlan.Unassigned(order.id(),
						"its time window opens after vehicles must be back at " + plan.endTime()));
				continue;
			}
			stops.add(new RouteSolver.Stop(order.id().toString(), new RouteSolver.Point(order.latitude(), order.longitude()),
					Math.max(order.cylinders(), order.emptiesExpected()), settings.serviceTime().toSeconds(), from, to));
		}
		var trucks = new ArrayList<RouteSolver.Truck>();
		var vehicles = new HashMap<UUID, Vehicle>();
		var drivers = new HashMap<UUID, Driver>();
		for (var v : plan.vehicles()) {
			var vehicle = fleet.findVehicle(v.vehicleId()).orElseThrow();
			trucks.add(new RouteSolver.Truck(vehicle.id().toString(), vehicle.capacityCylinders(), 0, latest));
			vehicles.put(vehicle.id(), vehicle);
			drivers.put(vehicle.id(), fleet.findDriver(v.driverId()).orElseThrow());
		}
		var depotPoint = new RouteSolver.Point(depot.latitude(), depot.longitude());
		var matrix = travel.matrix(depotPoint, stops.stream().map(RouteSolver.Stop::point).toList());
		var solution = solver.solve(new RouteSolver.Problem(depotPoint, trucks, stops, true), matrix,
				solver.effort(stops.size()), progress);
		solution.unassigned()
			.forEach((id, reason) -> unassigned.add(new RoutePlan.Unassigned(UUID.fromString(id), reason)));
		var now = clock.instant();
		var routes = new ArrayList<Route>();
		for (var tour : solution.tours()) {
			var routeId = Ids.next();
			var vehicleId = UUID.fromString(tour.truckId());
			int load = 0;
			for (var visit : tour.visits()) {
				load += order(byId, visit).cylinders();
			}
			var routeStops = new ArrayList<RouteStop>();
			int onBoard = load;
			int seq = 1;
			for (var visit : tour.visits()) {
				var order = order(byId, visit);
				onBoard -= order.cylinders();
				routeStops.add(new RouteStop(Ids.next(), seq++, order.id(), "PENDING", zero.plusSeconds(visit.arrival()),
						zero.plusSeconds(visit.departure()), Math.round(visit.distanceFromPrevious()),
						Math.round(visit.cumulative()), onBoard, null, order.recipientName(), order.recipientPhone(),
						order.address(), order.latitude(), order.longitude(), order.cylinders(), order.emptiesExpected(),
						order.status()));
			}
			var driver = Objects.requireNonNull(drivers.get(vehicleId), "every truck was given with its driver");
			var vehicle = Objects.requireNonNull(vehicles.get(vehicleId), "every truck is a vehicle of the plan");
			routes.add(new Route(routeId, planId, plan.locationId(), plan.date(), vehicleId,
					vehicle.registrationNumber(), driver.id(), driver.name(), RouteStatus.PLANNED,
					zero.plusSeconds(tour.start()), zero.plusSeconds(tour.end()), Math.round(tour.distance()),
					tour.end() - tour.start(), load, solution.estimated(), routeStops, now, now, null, null, null));
		}
		return new Solved(routes, unassigned);
	}

	/** Stores the solved routes and takes their orders, in the caller's transaction; 409 when one was taken. */
	private void persist(UUID planId, StoredPlan plan, Solved solved) {
		var now = clock.instant();
		var all = new ArrayList<UUID>();
		solved.routes().forEach(r -> r.stops().forEach(s -> all.add(s.deliveryOrderId())));
		orders.lockInOrder(all);
		var taken = new ArrayList<UUID>();
		for (var route : solved.routes()) {
			store.insert(route);
			var ids = route.stops().stream().map(RouteStop::deliveryOrderId).toList();
			var claimed = new HashSet<>(orders.claim(route.id(), ids, now));
			ids.stream().filter(id -> !claimed.contains(id)).forEach(taken::add);
			route.stops().forEach(s -> store.insertStop(route.id(), s));
		}
		if (!taken.isEmpty()) {
			throw ordersTaken(taken);
		}
		if (!store.finishPlan(planId, "COMPLETED", solved.unassigned(), null, now)) {
			throw ApiException.conflict("plan_finished", "The route plan " + planId + " was finished already");
		}
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", planId);
		payload.put("date", plan.date());
		payload.put("routes", solved.routes().stream().map(r -> {
			var summary = new LinkedHashMap<String, Object>();
			summary.put("id", r.id());
			summary.put("vehicle_id", r.vehicleId());
			summary.put("driver_id", r.driverId());
			summary.put("delivery_order_ids", r.stops().stream().map(RouteStop::deliveryOrderId).toList());
			summary.put("distance_m", r.distanceM());
			return summary;
		}).toList());
		payload.put("unassigned", solved.unassigned());
		events.append("route_plan.completed", "route_plan", planId, plan.locationId(), payload);
	}

	private static ApiException ordersTaken(List<UUID> ids) {
		return ApiException.conflict("orders_taken", "Delivery orders " + ids
				+ " are on another route already or no longer pending", Map.of("delivery_order_ids", ids));
	}

	private void requireDepot(UUID locationId) {
		if (fleet.findDepot(locationId).isEmpty()) {
			throw depotNotSet(locationId);
		}
	}

	private static ApiException depotNotSet(UUID locationId) {
		return ApiException.unprocessable("depot_not_set", "The location " + locationId
				+ " has no depot coordinates; set them with PUT /api/v1/delivery/depots/" + locationId, "location_id");
	}

	private void checkVehicles(PlanRequest request) {
		var vehicles = new HashSet<UUID>();
		var drivers = new HashSet<UUID>();
		var errors = new ArrayList<ApiException.FieldError>();
		for (int i = 0; i < request.vehicles().size(); i++) {
			var v = request.vehicles().get(i);
			var path = "vehicles[" + i + "]";
			var vehicle = fleet.findVehicle(v.vehicleId()).orElse(null);
			if (vehicle == null) {
				errors.add(new ApiException.FieldError(path + ".vehicle_id", "names no vehicle"));
			}
			else if (!vehicles.add(vehicle.id())) {
				errors.add(new ApiException.FieldError(path + ".vehicle_id", "is given twice"));
			}
			var driver = fleet.findDriver(v.driverId()).orElse(null);
			if (driver == null) {
				errors.add(new ApiException.FieldError(path + ".driver_id", "names no driver"));
			}
			else if (!drivers.add(driver.id())) {
				errors.add(new ApiException.FieldError(path + ".driver_id", "is given twice"));
			}
			if (vehicle != null && driver != null && errors.isEmpty()) {
				if (!vehicle.active() || !vehicle.locationId().equals(request.locationId())) {
					throw ApiException.unprocessable("vehicle_unavailable", "The vehicle " + vehicle.registrationNumber()
							+ " is deactivated or kept at another location", path + ".vehicle_id");
				}
				if (!driver.active()) {
					throw ApiException.unprocessable("driver_unavailable", "The driver " + driver.name()
							+ " is deactivated", path + ".driver_id");
				}
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
	}

	/** The orders named, each once; a 400 naming each one that is not an order of the location. */
	private List<UUID> checkOrders(UUID locationId, List<UUID> ids) {
		if (ids.size() > settings.maxPlanStops()) {
			throw ApiException.unprocessable("too_many_orders",
					"At most " + settings.maxPlanStops() + " orders are planned at once", "order_ids");
		}
		var distinct = List.copyOf(new LinkedHashSet<>(ids));
		var found = new HashMap<UUID, DeliveryOrder>();
		orders.byIds(distinct).forEach(o -> found.put(o.id(), o));
		var errors = new ArrayList<ApiException.FieldError>();
		for (int i = 0; i < ids.size(); i++) {
			var order = found.get(ids.get(i));
			if (order == null || !order.locationId().equals(locationId)) {
				errors.add(new ApiException.FieldError("order_ids[" + i + "]", "names no delivery order of the location"));
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		return distinct;
	}

	/** 409 naming the orders that are no longer PENDING or are on a route already. */
	private void requireFree(List<UUID> ids) {
		var taken = orders.byIds(ids)
			.stream()
			.filter(o -> o.status() != DeliveryStatus.PENDING || o.routeId() != null)
			.map(DeliveryOrder::id)
			.toList();
		if (!taken.isEmpty()) {
			throw ordersTaken(taken);
		}
	}

	public RoutePlan plan(UUID id) {
		var row = store.plan(id).orElseThrow(() -> ApiException.notFound("Route plan", id));
		return new RoutePlan(row.id(), row.locationId(), row.date(), row.status(), store.ofPlan(id), row.unassigned(),
				row.failure(), row.jobId(), row.createdAt(), row.completedAt());
	}

	public RoutePlan plan(UUID id, CurrentUser user) {
		var plan = plan(id);
		if (!user.mayUse(plan.locationId())) {
			throw ApiException.notFound("Route plan", id);
		}
		return plan;
	}

	// Reading

	/**
	 * A route for the caller: a manager or admin sees any at their locations; a driver only their own, once
	 * dispatched. Anything else is a 404, so that a driver learns nothing of other routes.
	 */
	public Route get(UUID id, CurrentUser user) {
		var route = store.route(id).orElseThrow(() -> ApiException.notFound("Route", id));
		if (!mayAct(route, user)) {
			throw ApiException.notFound("Route", id);
		}
		return route;
	}

	private boolean mayAct(Route route, CurrentUser user) {
		if (user.hasAny(Role.ADMIN, Role.MANAGER) && user.mayUse(route.locationId())) {
			return true;
		}
		return user.has(Role.DRIVER) && route.status() != RouteStatus.PLANNED
				&& fleet.driverOf(user.id()).map(d -> d.id().equals(route.driverId())).orElse(false);
	}

	public Page<Route> list(@Nullable UUID locationId, @Nullable LocalDate date, @Nullable RouteStatus status,
			@Nullable UUID driverId, CurrentUser user, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(store.page(user.locations(), locationId, date, status, driverId, Page.decodeId(cursor), size + 1),
				size, r -> r.id().toString());
	}

	/** The signed-in driver's routes of a day (today at their home location by default). */
	public List<Route> mine(@Nullable LocalDate date, CurrentUser user) {
		var driver = fleet.me(user);
		var day = date != null ? date
				: LocalDate.now(clock.withZone(ZoneId.of(locations.get(driver.homeLocationId()).timeZone())));
		return store.ofDriver(driver.id(), day);
	}

	// Moving routes

	/** PLANNED to DISPATCHED; its orders become ASSIGNED in the same transaction. */
	public Route dispatch(UUID id, CurrentUser user) {
		var route = get(id, user);
		var vehicle = fleet.findVehicle(route.vehicleId()).orElseThrow();
		var driver = fleet.findDriver(route.driverId()).orElseThrow();
		if (!vehicle.active() || !driver.active()) {
			throw ApiException.conflict("fleet_unavailable",
					"The route's vehicle or driver has been deactivated; cancel the route and plan again");
		}
		return transactions.execute(tx -> {
			var now = clock.instant();
			if (!store.move(id, RouteStatus.PLANNED, RouteStatus.DISPATCHED, now)) {
				throw illegal(id, RouteStatus.DISPATCHED);
			}
			int assigned = orders.moveOnRoute(id, DeliveryStatus.PENDING, DeliveryStatus.ASSIGNED, now);
			events.append("route.dispatched", "route", id, route.locationId(), transition(route, RouteStatus.PLANNED,
					RouteStatus.DISPATCHED, Map.of("orders_assigned", assigned)));
			return store.route(id).orElseThrow();
		});
	}

	/** DISPATCHED to IN_PROGRESS: the driver leaves the depot; the orders go OUT_FOR_DELIVERY. */
	public Route start(UUID id, CurrentUser user) {
		var route = get(id, user);
		return transactions.execute(tx -> {
			var now = clock.instant();
			if (!store.move(id, RouteStatus.DISPATCHED, RouteStatus.IN_PROGRESS, now)) {
				throw illegal(id, RouteStatus.IN_PROGRESS);
			}
			int out = orders.moveOnRoute(id, DeliveryStatus.ASSIGNED, DeliveryStatus.OUT_FOR_DELIVERY, now);
			// a route all of whose orders were cancelled after dispatch has nothing to deliver
			boolean completed = store.completeIfDone(id, now);
			events.append("route.started", "route", id, route.locationId(), transition(route, RouteStatus.DISPATCHED,
					RouteStatus.IN_PROGRESS, Map.of("orders_out_for_delivery", out, "route_completed", completed)));
			return store.route(id).orElseThrow();
		});
	}

	/** PLANNED or DISPATCHED to CANCELLED: the orders go back to PENDING, on no route. */
	public Route cancel(UUID id, Cancellation cancellation, CurrentUser user) {
		var route = get(id, user);
		if (route.status() != RouteStatus.PLANNED && route.status() != RouteStatus.DISPATCHED) {
			throw illegal(route, RouteStatus.CANCELLED);
		}
		return transactions.execute(tx -> {
			var now = clock.instant();
			if (!store.move(id, route.status(), RouteStatus.CANCELLED, now)) {
				throw illegal(id, RouteStatus.CANCELLED);
			}
			store.cancelPendingStops(id, now);
			boolean unloaded = vehicleStock.loadedAndNotUnloaded(id);
			if (unloaded) {
				vehicleStock.unload(route, user.id(), now);
			}
			int released = orders.release(id, now);
			var more = new LinkedHashMap<String, Object>();
			more.put("orders_released", released);
			more.put("vehicle_unloaded", unloaded);
			more.put("reason", cancellation.reason());
			events.append("route.cancelled", "route", id, route.locationId(),
					transition(route, route.status(), RouteStatus.CANCELLED, more));
			return store.route(id).orElseThrow();
		});
	}

	/** A stop delivered: the stop and its order DELIVERED; the route COMPLETED when it was the last one. */
	public Route deliver(UUID routeId, UUID stopId, Delivered delivered, CurrentUser user) {
		return finishStop(routeId, stopId, user, (orderId, order, now) -> {
			if (delivered.cylindersDelivered() > order.cylinders()) {
				throw ApiException.unprocessable("too_many_cylinders", "The order is for " + order.cylinders()
						+ " cylinders; " + delivered.cylindersDelivered() + " cannot be delivered", "cylinders_delivered");
			}
			// under the route's lock, which an upload's stop lock follows: the proof seen is the proof kept
			var proof = ProofOfDelivery.proven(proofs, order.locationId(), stopId);
			proofs.setStopProof(stopId, proof);
			var stock = vehicleStock.deliver(store.route(routeId).orElseThrow(), order, delivered.cylindersDelivered(),
					delivered.emptiesCollected(), user.id(), now);
			if (!orders.deliver(orderId, delivered.receivedBy().strip(), delivered.cylindersDelivered(),
					delivered.emptiesCollected(), now)) {
				throw DeliveryOrders.illegal(orders.find(orderId).orElseThrow(), DeliveryStatus.DELIVERED);
			}
			var payload = new LinkedHashMap<String, Object>();
			payload.put("received_by", delivered.receivedBy().strip());
			payload.put("cylinders_delivered", delivered.cylindersDelivered());
			payload.put("empties_collected", delivered.emptiesCollected());
			payload.put("notes", delivered.notes());
			payload.put("proof", proof);
			payload.put("stock", stock);
			return Map.entry("DELIVERED", payload);
		});
	}

	/**
	 * Loads a DISPATCHED route's vehicle at the depot: the refills of its orders move from the depot's stock into the
	 * vehicle's (409 {@code insufficient_stock} and nothing moved when the depot holds fewer), once.
	 */
	public VehicleStock.Load load(UUID id, CurrentUser user) {
		get(id, user);
		return transactions.execute(tx -> {
			var status = store.lock(id).orElseThrow();
			if (status != RouteStatus.DISPATCHED) {
				throw ApiException.conflict("route_not_dispatched", "Route " + id + " is " + status
						+ "; a vehicle is loaded for a DISPATCHED route, before it starts", Map.of("status", status));
			}
			vehicleStock.load(store.route(id).orElseThrow(), user, clock.instant());
			return vehicleStock.read(id);
		});
	}

	/**
	 * Closes a loaded route at the depot: what is left of its refills (failed stops, short deliveries) and the empties
	 * collected move from the vehicle into the depot, once. Stops still pending cannot be delivered afterwards.
	 */
	public VehicleStock.Load unload(UUID id, CurrentUser user) {
		var route = get(id, user);
		return transactions.execute(tx -> {
			if (store.lock(id).isEmpty()) {
				throw ApiException.notFound("Route", id);
			}
			vehicleStock.unload(route, user.id(), clock.instant());
			return vehicleStock.read(id);
		});
	}

	/** What a route's vehicle was loaded with and carries now; 409 {@code not_loaded} before it is loaded. */
	public VehicleStock.Load loadOf(UUID id, CurrentUser user) {
		get(id, user);
		return vehicleStock.read(id);
	}

	/**
	 * The driver's position on a route IN_PROGRESS: kept on the route, and the pending stops' ETAs recomputed from
	 * it in their order (travel from the routing engine or straight lines, service time at each); one event on the
	 * {@code deliveries} topic, {@code route.position}, carries both to every live client.
	 */
	public PositionUpdate position(UUID routeId, Position position, CurrentUser user) {
		var route = get(routeId, user);
		if (route.status() != RouteStatus.IN_PROGRESS) {
			throw ApiException.conflict("route_not_started", "Route " + routeId + " is " + route.status()
					+ "; positions are posted on a route IN_PROGRESS", Map.of("status", route.status()));
		}
		var pending = route.stops().stream().filter(s -> s.status().equals("PENDING")).toList();
		var here = new RouteSolver.Point(position.latitude(), position.longitude());
		var matrix = travel.matrix(here,
				pending.stream().map(s -> new RouteSolver.Point(s.latitude(), s.longitude())).toList());
		// to the second: an ETA is no finer, and it reads back as written
		var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		var etas = new ArrayList<Eta>();
		double t = 0;
		for (int i = 0; i < pending.size(); i++) {
			t += matrix.seconds()[i][i + 1];
			etas.add(new Eta(pending.get(i).id(), pending.get(i).deliveryOrderId(), pending.get(i).seq(),
					now.plusSeconds(Math.round(t))));
			t += settings.serviceTime().toSeconds();
		}
		var update = new PositionUpdate(routeId, position.latitude(), position.longitude(), position.accuracyM(), now,
				etas, matrix.estimated());
		transactions.executeWithoutResult(tx -> {
			store.setPosition(routeId, position.latitude(), position.longitude(), now);
			for (var eta : etas) {
				store.setEta(eta.stopId(), eta.arrivesAt(),
						eta.arrivesAt().plusSeconds(settings.serviceTime().toSeconds()));
			}
			events.append("route.position", "route", routeId, route.locationId(), update);
		});
		return update;
	}

	/** A stop failed (nobody home, refused, wrong address): the stop and its order FAILED with the reason. */
	public Route fail(UUID routeId, UUID stopId, Failed failed, CurrentUser user) {
		return finishStop(routeId, stopId, user, (orderId, order, now) -> {
			if (!orders.fail(orderId, failed.reason().strip(), now)) {
				throw DeliveryOrders.illegal(orders.find(orderId).orElseThrow(), DeliveryStatus.FAILED);
			}
			var payload = new LinkedHashMap<String, Object>();
			payload.put("reason", failed.reason().strip());
			return Map.entry("FAILED", payload);
		});
	}

	private interface StopOutcome {

		Map.Entry<String, Map<String, Object>> apply(UUID orderId, DeliveryOrder order, Instant now);
	}

	private Route finishStop(UUID routeId, UUID stopId, CurrentUser user, StopOutcome outcome) {
		var route = get(routeId, user);
		return transactions.execute(tx -> {
			var status = store.lock(routeId).orElseThrow();
			if (status != RouteStatus.IN_PROGRESS) {
				throw ApiException.conflict("route_not_started", "Route " + routeId + " is " + status
						+ "; stops are delivered on a route IN_PROGRESS", Map.of("status", status));
			}
			var stop = store.stop(routeId, stopId).orElseThrow(() -> ApiException.notFound("Stop", stopId));
			if (!stop.getValue().equals("PENDING")) {
				throw ApiException.conflict("stop_done", "Stop " + stopId + " is " + stop.getValue() + " already",
						Map.of("status", stop.getValue()));
			}
			var orderId = stop.getKey();
			var order = orders.find(orderId).orElseThrow();
			var now = clock.instant();
			var result = outcome.apply(orderId, order, now);
			if (!store.finishStop(stopId, result.getKey(), now)) {
				throw ApiException.conflict("stop_done", "Stop " + stopId + " is done already");
			}
			boolean completed = store.completeIfDone(routeId, now);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("id", orderId);
			payload.put("route_id", routeId);
			payload.put("stop_id", stopId);
			payload.putAll(result.getValue());
			payload.put("route_completed", completed);
			events.append("delivery_order." + result.getKey().toLowerCase(Locale.ROOT), "delivery_order",
					orderId, route.locationId(), payload);
			return store.route(routeId).orElseThrow();
		});
	}

	private static Map<String, Object> transition(Route route, RouteStatus from, RouteStatus to,
			Map<String, Object> more) {
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", route.id());
		payload.put("from", from);
		payload.put("to", to);
		payload.put("vehicle_id", route.vehicleId());
		payload.put("driver_id", route.driverId());
		payload.put("delivery_order_ids", route.stops().stream().map(RouteStop::deliveryOrderId).toList());
		payload.putAll(more);
		return payload;
	}

	private ApiException illegal(UUID id, RouteStatus to) {
		return illegal(store.route(id).orElseThrow(), to);
	}

	private static ApiException illegal(Route route, RouteStatus to) {
		return ApiException.conflict("illegal_transition",
				"Route " + route.id() + " is " + route.status() + " and cannot become " + to,
				Map.of("id", route.id(), "status", route.status(), "to", to));
	}

	private static DeliveryOrder order(Map<UUID, DeliveryOrder> byId, RouteSolver.Visit visit) {
		return Objects.requireNonNull(byId.get(UUID.fromString(visit.stopId())), "the solver visits only the plan's orders");
	}

}

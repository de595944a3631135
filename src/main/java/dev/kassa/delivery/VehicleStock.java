package dev.kassa.delivery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.kassa.events.EventLog;
import dev.kassa.inventory.Stock;
import dev.kassa.inventory.StockLine;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.sales.SaleStatus;
import dev.kassa.sales.Sales;

/**
 * Vehicles as stock holders. A vehicle's stock is kept in the inventory ledger under the vehicle's id, beside its
 * depot's. Loading a dispatched route moves its orders' refills from the depot into the vehicle; a delivered stop
 * moves them out of the vehicle to the customer (the customer's balance, as an exchange) and its collected empties
 * into the vehicle; a failed stop leaves them on board; unloading moves what is left of the route's refills and its
 * empties back into the depot. Each runs in the caller's transaction, under the route's row lock.
 * <p>
 * A delivery order's sale takes its refills from the depot when it is made, before the cylinder leaves. Loading
 * puts that take back into the depot ({@code SALE_DEFERRED}, referencing the sale) and moves the cylinder with the
 * rest, so that it is counted once: in the depot until loaded, on the vehicle until delivered. An order whose sale
 * was deferred so and is later delivered from no loaded vehicle is taken from the depot at its stop
 * ({@code DELIVERED}). A route never loaded moves no stock at its stops (the sale took it).
 */
@Service
public class VehicleStock {

	private final RouteLoadStore loads;

	private final ContainerStore containerStore;

	private final Containers containers;

	private final DeliveryOrderStore orders;

	private final Stock stock;

	private final Sales sales;

	private final EventLog events;

	private final Fleet fleet;

	VehicleStock(RouteLoadStore loads, ContainerStore containerStore, Containers containers, DeliveryOrderStore orders,
			Stock stock, Sales sales, EventLog events, Fleet fleet) {
		this.fleet = fleet;
		this.loads = loads;
		this.containerStore = containerStore;
		this.containers = containers;
		this.orders = orders;
		this.stock = stock;
		this.sales = sales;
		this.events = events;
	}

	/**
	 * One order's refill on a route's vehicle.
	 *
	 * @param loaded full cylinders loaded at the depot
	 * @param delivered of them, handed over at the stop
	 * @param emptiesIn empties of the refill's container collected at the stop
	 * @param saleDeferred of them, what the order's sale had taken from the depot and loading put back
	 */
	record Line(UUID routeId, UUID deliveryOrderId, UUID productId, UUID emptyProductId, int loaded, int delivered,
			int emptiesIn, int saleDeferred) {
	}

	/** What a product the vehicle carries for the route: full refills still on board, or empties collected. */
	public record OnBoard(UUID productId, String kind, int quantity) {
	}

	/**
	 * A route's load.
	 *
	 * @param onBoard what the route's vehicle carries for it now (nothing once unloaded)
	 */
	public record Load(UUID routeId, UUID vehicleId, UUID locationId, Instant loadedAt, @Nullable Instant unloadedAt,
			List<LoadLine> lines, List<OnBoard> onBoard) {
	}

	public record LoadLine(UUID deliveryOrderId, UUID productId, int loaded, int delivered, int emptiesIn,
			int saleDeferred) {
	}

	/** A container product in a vehicle's stock. */
	public record Holding(UUID containerTypeId, String code, UUID productId, String kind, BigDecimal onHand) {
	}

	/** What the vehicle holds now, over all its routes: every container type's refills and empties. */
	public List<Holding> holdings(UUID vehicleId, CurrentUser user) {
		fleet.vehicle(vehicleId, user);
		var holdings = new ArrayList<Holding>();
		for (var type : containerStore.types()) {
			for (var refill : type.refillProductIds()) {
				holdings.add(new Holding(type.id(), type.code(), refill, "REFILL", stock.level(vehicleId, refill).onHand()));
			}
			holdings.add(new Holding(type.id(), type.code(), type.emptyProductId(), "EMPTY",
					stock.level(vehicleId, type.emptyProductId()).onHand()));
		}
		return holdings;
	}

	Load read(UUID routeId) {
		var row = loads.load(routeId).orElseThrow(() -> notLoaded(routeId));
		var lines = loads.lines(routeId);
		return new Load(routeId, row.vehicleId(), row.locationId(), row.loadedAt(), row.unloadedAt(),
				lines.stream()
					.map(l -> new LoadLine(l.deliveryOrderId(), l.productId(), l.loaded(), l.delivered(), l.emptiesIn(),
							l.saleDeferred()))
					.toList(),
				row.unloadedAt() == null ? onBoard(lines) : List.of());
	}

	/** Loads a dispatched route's vehicle, under the route's lock: 409 and nothing moved when the depot is short. */
	void load(Route route, CurrentUser user, Instant now) {
		if (loads.load(route.id()).isPresent()) {
			throw ApiException.conflict("already_loaded", "Route " + route.id() + " was loaded already");
		}
		var lines = new ArrayList<Line>();
		var deferredBySale = new LinkedHashMap<UUID, List<StockLine>>();
		for (var stop : route.stops()) {
			if (!stop.status().equals("PENDING")) {
				continue;
			}
			var order = orders.find(stop.deliveryOrderId()).orElseThrow();
			if (order.status() != DeliveryStatus.ASSIGNED) {
				continue;
			}
			var alreadyDeferred = loads.deferred(order.id());
			var sold = sold(order, route.locationId(), user);
			for (var item : order.items()) {
				var type = refillType(item.productId());
				if (type == null) {
					continue;
				}
				int deferred = alreadyDeferred.containsKey(item.productId()) ? 0
						: Math.min(item.quantity(), sold.getOrDefault(item.productId(), 0));
				lines.add(new Line(route.id(), order.id(), item.productId(), type.emptyProductId(), item.quantity(), 0, 0,
						deferred));
				if (deferred > 0) {
					deferredBySale.computeIfAbsent(order.saleId(), k -> new ArrayList<>())
						.add(line(item.productId(), deferred));
				}
			}
		}
		if (lines.isEmpty()) {
			throw ApiException.unprocessable("nothing_to_load",
					"Route " + route.id() + " has no refills of a container type to load", "route_id");
		}
		if (!loads.insertLoad(route.id(), route.vehicleId(), route.locationId(), user.id(), now)) {
			throw ApiException.conflict("already_loaded", "Route " + route.id() + " was loaded already");
		}
		lines.forEach(loads::insertLine);
		deferredBySale.forEach((saleId, deferred) -> stock.put(route.locationId(), deferred, "SALE_DEFERRED",
				"sold for delivery: leaves the depot on the vehicle", "SALE", saleId));
		stock.move(route.locationId(), route.vehicleId(),
				lines.stream().map(l -> line(l.productId(), l.loaded())).toList(), "loaded for route " + route.id(),
				"VEHICLE_LOAD", route.id());
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", route.id());
		payload.put("vehicle_id", route.vehicleId());
		payload.put("lines", read(route.id()).lines());
		events.append("route.loaded", "route", route.id(), route.locationId(), payload);
	}

	/**
	 * The stock side of a delivered stop, before the order is marked: from the vehicle when the route is loaded
	 * (409 once it was unloaded), else the deferred sale's take from the depot. Answers what moved, for the event.
	 */
	Map<String, Object> deliver(Route route, DeliveryOrder order, int cylinders, int empties, @Nullable UUID by,
			Instant now) {
		var load = loads.load(route.id()).orElse(null);
		var moved = new LinkedHashMap<String, Object>();
		if (load == null) {
			var deferred = loads.deferred(order.id());
			if (!deferred.isEmpty()) {
				stock.takeStrictly(route.locationId(),
						deferred.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toList(), "DELIVERED",
						"DELIVERY_ORDER", order.id());
				moved.put("from", "DEPOT");
			}
			return moved;
		}
		if (load.unloadedAt() != null) {
			throw ApiException.conflict("vehicle_unloaded", "Route " + route.id()
					+ " was unloaded at the depot; its refills are there, not on the vehicle: fail the stop and "
					+ "reschedule the order", Map.of("unloaded_at", load.unloadedAt()));
		}
		var onRoute = new LinkedHashMap<UUID, Line>();
		loads.lines(route.id())
			.stream()
			.filter(l -> l.deliveryOrderId().equals(order.id()))
			.forEach(l -> onRoute.put(l.productId(), l));
		if (onRoute.isEmpty()) {
			return moved;
		}
		record Handover(Line line, Containers.ContainerType type, int refills, int swaps) {
		}
		var handovers = new ArrayList<Handover>();
		int toDeliver = cylinders;
		int emptiesLeft = empties;
		for (var item : order.items()) {
			int delivered = Math.min(toDeliver, item.quantity());
			toDeliver -= delivered;
			var line = onRoute.get(item.productId());
			if (line == null || delivered == 0) {
				continue;
			}
			int swaps = Math.min(emptiesLeft, delivered);
			emptiesLeft -= swaps;
			handovers.add(new Handover(line, Objects.requireNonNull(refillType(item.productId()), "only refills are loaded"),
					delivered, swaps));
		}
		if (emptiesLeft > 0) {
			throw ApiException.unprocessable("too_many_empties", "More empties (" + empties
					+ ") than refills delivered can be swapped at the stop; take the rest back as a return (a deposit refund)",
					"empties_collected");
		}
		if (order.customerId() == null && handovers.stream().anyMatch(h -> h.refills() > h.swaps())) {
			throw ApiException.unprocessable("customer_required", "Refills handed over without an empty are new "
					+ "connections, held by a customer: the order names none", "empties_collected");
		}
		var lines = new ArrayList<Map<String, Object>>();
		for (var h : handovers) {
			stock.takeStrictly(route.vehicleId(), List.of(line(h.line().productId(), h.refills())), "DELIVERED",
					"DELIVERY_ORDER", order.id());
			if (order.customerId() != null) {
				containers.record(route.locationId(), route.vehicleId(), order.customerId(), h.type(), h.refills(),
						h.swaps(), order.saleId(), order.id(), by, now);
			}
			else if (h.swaps() > 0) {
				stock.put(route.vehicleId(), List.of(Containers.emptyLine(h.type(), h.swaps())), "RETURN",
						"empties collected", "DELIVERY_ORDER", order.id());
			}
			if (!loads.recordDelivered(route.id(), order.id(), h.line().productId(), h.refills(), h.swaps())) {
				throw ApiException.conflict("stop_done", "The stop's refills were delivered already");
			}
			lines.add(Map.of("product_id", h.line().productId(), "refills", h.refills(), "empties", h.swaps()));
		}
		moved.put("from", "VEHICLE");
		moved.put("lines", lines);
		return moved;
	}

	/** Unloads the route's vehicle into the depot: what is left of its refills, and the empties it collected. */
	void unload(Route route, @Nullable UUID by, Instant now) {
		var load = loads.load(route.id()).orElseThrow(() -> notLoaded(route.id()));
		if (load.unloadedAt() != null || !loads.markUnloaded(route.id(), by, now)) {
			throw ApiException.conflict("already_unloaded", "Route " + route.id() + " was unloaded already",
					Map.of("unloaded_at", load.unloadedAt() == null ? now : load.unloadedAt()));
		}
		var back = onBoard(loads.lines(route.id()));
		var stockLines = back.stream().filter(b -> b.quantity() > 0).map(b -> line(b.productId(), b.quantity())).toList();
		if (!stockLines.isEmpty()) {
			stock.move(route.vehicleId(), route.locationId(), stockLines, "unloaded from route " + route.id(),
					"VEHICLE_UNLOAD", route.id());
		}
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", route.id());
		payload.put("vehicle_id", route.vehicleId());
		payload.put("unloaded", back);
		events.append("route.unloaded", "route", route.id(), route.locationId(), payload);
	}

	boolean loadedAndNotUnloaded(UUID routeId) {
		return loads.load(routeId).map(l -> l.unloadedAt() == null).orElse(false);
	}

	private static List<OnBoard> onBoard(List<Line> lines) {
		var refills = new LinkedHashMap<UUID, Integer>();
		var empties = new LinkedHashMap<UUID, Integer>();
		for (var l : lines) {
			refills.merge(l.productId(), l.loaded() - l.delivered(), Integer::sum);
			empties.merge(l.emptyProductId(), l.emptiesIn(), Integer::sum);
		}
		var onBoard = new ArrayList<OnBoard>();
		refills.forEach((p, n) -> onBoard.add(new OnBoard(p, "REFILL", n)));
		empties.forEach((p, n) -> onBoard.add(new OnBoard(p, "EMPTY", n)));
		return onBoard;
	}

	/** Per product, what the order's sale took from the depot: nothing when it has no sale, or it was voided. */
	private Map<UUID, Integer> sold(DeliveryOrder order, UUID depotId, CurrentUser user) {
		var sold = new LinkedHashMap<UUID, Integer>();
		if (order.saleId() == null) {
			return sold;
		}
		dev.kassa.sales.Sale sale;
		try {
			sale = sales.get(order.saleId(), user);
		}
		catch (ApiException ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				return sold;
			}
			throw ex;
		}
		if (sale.status() != SaleStatus.COMPLETED || !sale.locationId().equals(depotId)) {
			return sold;
		}
		for (var line : sale.lines()) {
			sold.merge(line.productId(), line.quantity().intValue(), Integer::sum);
		}
		return sold;
	}

	private Containers.@Nullable ContainerType refillType(UUID productId) {
		return containerStore.typeOfRefill(productId).flatMap(containerStore::type).orElse(null);
	}

	private static StockLine line(UUID productId, int quantity) {
		return new StockLine(productId, BigDecimal.valueOf(quantity), false, true);
	}

	private static ApiException notLoaded(UUID routeId) {
		return ApiException.conflict("not_loaded", "Route " + routeId + " has not been loaded");
	}
}

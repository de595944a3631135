package dev.kassa.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.SqlPart;

/**
 * Stock per location and product. Levels change only with a movement in the ledger, in guarded statements
 * that lock the levels in product-id order so that concurrent documents never deadlock (a sale's whole take
 * is one statement).
 * The methods taking a document run in the caller's transaction (a sale, a return, an order), whose
 * event covers the change; the others (receipts, adjustments, transfers) are documents of their own.
 */
@Service
public class Stock {

	private final StockLedger ledger;

	private final EventLog events;

	private final TransactionTemplate transactions;

	Stock(StockLedger ledger, EventLog events, TransactionTemplate transactions) {
		this.ledger = ledger;
		this.events = events;
		this.transactions = transactions;
	}

	/**
	 * Taking stock as part of a document's statement: the parts, and a SQL condition that holds when
	 * every product was taken. The statement must not commit when it does not hold.
	 */
	public record Taking(List<SqlPart> parts, String allTaken) {
	}

	/**
	 * The parts of a statement that take the lines from stock for a document (a sale), written after the
	 * part {@code after} (the document's number: its lock is taken first, so that stock rows are locked
	 * only by the one document holding the number, and never while waiting for it). Products that may go
	 * negative always pass; others must have the quantity available. When {@link Taking#allTaken} does not
	 * hold, the caller fails the statement and asks {@link #shortages} after the rollback.
	 */
	public Taking takeInStatement(UUID locationId, List<StockLine> lines, String kind, String documentType,
			UUID documentId, String after) {
		requireTransaction();
		var merged = StockLine.perProduct(lines);
		if (merged.isEmpty()) {
			return new Taking(List.of(), "true");
		}
		return new Taking(ledger.take(locationId, merged, kind, documentType, documentId, dev.kassa.platform.KassaClock.now(), after),
				"(SELECT count(*) FROM stock_taken) = " + merged.size());
	}

	/**
	 * As {@link #takeInStatement} for a sale made offline, which happened already: every line is taken, also
	 * below zero for a product that forbids negative stock, and the part {@code stock_short(product_id,
	 * quantity, available)} names each such product that was short (with what was available before), for the
	 * caller to record. {@link Taking#allTaken} holds when every tracked product was taken.
	 */
	public Taking takeInStatementForced(UUID locationId, List<StockLine> lines, String kind, String documentType,
			UUID documentId, String after) {
		requireTransaction();
		var merged = StockLine.perProduct(lines);
		if (merged.isEmpty()) {
			return new Taking(List.of(new SqlPart(
					"stock_short AS (SELECT NULL::uuid AS product_id, NULL::numeric AS quantity, NULL::numeric AS available WHERE false)",
					Map.of())), "true");
		}
		return new Taking(ledger.take(locationId, merged, kind, documentType, documentId, dev.kassa.platform.KassaClock.now(), after, true),
				"(SELECT count(*) FROM stock_taken) = " + merged.size());
	}

	/**
	 * Takes the lines from stock in a statement of their own, inside the caller's transaction: products
	 * that may go negative always pass; others must have the quantity available, or nothing is taken and
	 * {@link InsufficientStock} names every short product.
	 */
	public void take(UUID locationId, List<StockLine> lines, String kind, String documentType, UUID documentId) {
		requireTransaction();
		var merged = StockLine.perProduct(lines);
		if (merged.isEmpty()) {
			return;
		}
		var taken = ledger.takeAlone(locationId, merged, kind, documentType, documentId, dev.kassa.platform.KassaClock.now());
		if (taken.size() < merged.size()) {
			throw new InsufficientStock(merged.stream()
				.filter(line -> !taken.contains(line.productId()))
				.map(line -> new InsufficientStock.Shortage(line.productId(), line.quantity(),
						ledger.available(locationId, line.productId())))
				.toList());
		}
	}

	/**
	 * Takes the lines from a stock holder (a location, or a vehicle under its id) inside the caller's transaction,
	 * never below zero whatever the product allows: all or nothing, {@link InsufficientStock} naming every short
	 * product. The caller's event covers the change.
	 */
	public void takeStrictly(UUID holderId, List<StockLine> lines, String kind, String documentType, UUID documentId) {
		take(holderId, strictly(lines), kind, documentType, documentId);
	}

	/**
	 * Moves the lines from one stock holder to another (a depot and a vehicle) inside the caller's transaction, whose
	 * event covers it: out of {@code fromHolderId} never below zero (all or nothing), into {@code toHolderId}.
	 */
	public void move(UUID fromHolderId, UUID toHolderId, List<StockLine> lines, @Nullable String note,
			String documentType, UUID documentId) {
		if (fromHolderId.equals(toHolderId)) {
			throw new IllegalArgumentException("a move needs two holders");
		}
		take(fromHolderId, strictly(lines), "TRANSFER_OUT", documentType, documentId);
		put(toHolderId, lines, "TRANSFER_IN", note, documentType, documentId);
	}

	private static List<StockLine> strictly(List<StockLine> lines) {
		return lines.stream().map(line -> new StockLine(line.productId(), line.quantity(), false, line.tracked())).toList();
	}

	/** The lines' products that have less available now than the lines ask for, with what is available. */
	public List<InsufficientStock.Shortage> shortages(UUID locationId, List<StockLine> lines) {
		var shortages = new ArrayList<InsufficientStock.Shortage>();
		for (var line : StockLine.perProduct(lines)) {
			if (line.allowNegative()) {
				continue;
			}
			var available = ledger.available(locationId, line.productId());
			if (available.compareTo(line.quantity()) < 0) {
				shortages.add(new InsufficientStock.Shortage(line.productId(), line.quantity(), available));
			}
		}
		return shortages;
	}

	/** Puts the lines back into stock for a document (a void, a return), inside the caller's transaction. */
	public void put(UUID locationId, List<StockLine> lines, String kind, @Nullable String reason, String documentType,
			UUID documentId) {
		requireTransaction();
		var now = dev.kassa.platform.KassaClock.now();
		var movements = new ArrayList<StockMovement>();
		for (var line : StockLine.perProduct(lines)) {
			ledger.add(locationId, line.productId(), line.quantity(), now);
			movements.add(StockLedger.movement(locationId, line.productId(), line.quantity(), kind, reason,
					documentType, documentId, now));
		}
		ledger.record(movements);
	}

	/** Reserves the lines for an order, inside the caller's transaction; all or nothing. */
	public void reserve(UUID locationId, List<StockLine> lines) {
		requireTransaction();
		var now = dev.kassa.platform.KassaClock.now();
		var shortages = new ArrayList<InsufficientStock.Shortage>();
		for (var line : StockLine.perProduct(lines)) {
			if (!ledger.reserveIfAvailable(locationId, line.productId(), line.quantity(), line.allowNegative(), now)) {
				shortages.add(new InsufficientStock.Shortage(line.productId(), line.quantity(),
						ledger.available(locationId, line.productId())));
			}
		}
		if (!shortages.isEmpty()) {
			throw new InsufficientStock(shortages);
		}
	}

	/** Releases an order's reservation (the order was cancelled), inside the caller's transaction. */
	public void release(UUID locationId, List<StockLine> lines) {
		requireTransaction();
		var now = dev.kassa.platform.KassaClock.now();
		for (var line : StockLine.perProduct(lines)) {
			ledger.unreserve(locationId, line.productId(), line.quantity(), false, now);
		}
	}

	/** Turns an order's reservation into a movement out (the order was fulfilled), in the caller's transaction. */
	public void fulfil(UUID locationId, List<StockLine> lines, String documentType, UUID documentId) {
		requireTransaction();
		var now = dev.kassa.platform.KassaClock.now();
		var movements = new ArrayList<StockMovement>();
		for (var line : StockLine.perProduct(lines)) {
			ledger.unreserve(locationId, line.productId(), line.quantity(), true, now);
			movements.add(StockLedger.movement(locationId, line.productId(), line.quantity().negate(),
					"ORDER_FULFILLED", null, documentType, documentId, now));
		}
		ledger.record(movements);
	}

	public BigDecimal available(UUID locationId, UUID productId) {
		return ledger.available(locationId, productId);
	}

	public StockLevel level(UUID locationId, UUID productId) {
		return ledger.level(locationId, productId)
			.orElseGet(() -> new StockLevel(locationId, productId, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
					null, false, Instant.EPOCH));
	}

	/** A receipt of goods at a location: a document of its own. */
	public UUID receive(UUID locationId, List<StockLine> lines, @Nullable String note) {
		var receiptId = Ids.next();
		transactions.executeWithoutResult(tx -> {
			put(locationId, lines, "RECEIPT", note, "STOCK_RECEIPT", receiptId);
			events.append("stock.received", "stock_receipt", receiptId, locationId,
					Map.of("lines", describe(lines), "note", note == null ? "" : note));
		});
		return receiptId;
	}

	/**
	 * Corrects the level of one product, by a signed change or to a counted quantity, with a reason. An
	 * adjustment never takes stock below zero.
	 */
	public StockLevel adjust(UUID locationId, UUID productId, @Nullable BigDecimal change, @Nullable BigDecimal counted,
			String reason) {
		if ((change == null) == (counted == null)) {
			throw ApiException.invalid("quantity_change", "give either quantity_change or counted_quantity");
		}
		var adjustmentId = Ids.next();
		return transactions.execute(tx -> {
			var now = dev.kassa.platform.KassaClock.now();
			BigDecimal delta;
			if (counted != null) {
				lockLevel(locationId, productId, now);
				delta = counted.subtract(ledger.onHand(locationId, productId));
			}
			else {
				delta = Objects.requireNonNull(change, "one of the two is given");
			}
			if (delta.signum() == 0) {
				throw ApiException.unprocessable("no_change", "The adjustment changes nothing", "quantity_change");
			}
			if (delta.signum() < 0) {
				if (!ledger.takeIfAvailable(locationId, productId, delta.negate(), now)) {
					throw new InsufficientStock(List.of(new InsufficientStock.Shortage(productId, delta.negate(),
							ledger.available(locationId, productId))));
				}
			}
			else {
				ledger.add(locationId, productId, delta, now);
			}
			ledger.record(List.of(StockLedger.movement(locationId, productId, delta, "ADJUSTMENT", reason,
					"STOCK_ADJUSTMENT", adjustmentId, now)));
			var level = level(locationId, productId);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("product_id", productId);
			payload.put("change", delta);
			payload.put("reason", reason);
			payload.put("on_hand", level.onHand());
			events.append("stock.adjusted", "stock_adjustment", adjustmentId, locationId, payload);
			return level;
		});
	}

	private void lockLevel(UUID locationId, UUID productId, Instant now) {
		ledger.add(locationId, productId, BigDecimal.ZERO, now);
	}

	/** Moves stock between two locations in one transaction: out of one, into the other. */
	public UUID transfer(UUID fromLocationId, UUID toLocationId, List<StockLine> lines, @Nullable String note) {
		if (fromLocationId.equals(toLocationId)) {
			throw ApiException.invalid("to_location_id", "must differ from from_location_id");
		}
		var transferId = Ids.next();
		transactions.executeWithoutResult(tx -> {
			var strict = lines.stream()
				.map(line -> new StockLine(line.productId(), line.quantity(), false, line.tracked()))
				.toList();
			take(fromLocationId, strict, "TRANSFER_OUT", "STOCK_TRANSFER", transferId);
			put(toLocationId, lines, "TRANSFER_IN", note, "STOCK_TRANSFER", transferId);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("from_location_id", fromLocationId);
			payload.put("to_location_id", toLocationId);
			payload.put("lines", describe(lines));
			payload.put("note", note);
			events.append("stock.transferred", "stock_transfer", transferId, fromLocationId, payload);
		});
		return transferId;
	}

	public StockLevel setThreshold(UUID locationId, UUID productId, @Nullable BigDecimal threshold) {
		return transactions.execute(tx -> {
			ledger.setThreshold(locationId, productId, threshold, dev.kassa.platform.KassaClock.now());
			var payload = new LinkedHashMap<String, Object>();
			payload.put("product_id", productId);
			payload.put("low_stock_threshold", threshold);
			events.append("stock.threshold_set", "stock_level", productId, locationId, payload);
			return level(locationId, productId);
		});
	}

	public Page<StockLevel> levels(@Nullable UUID locationId, @Nullable UUID productId, boolean lowOnly,
			@Nullable String cursor, @Nullable Integer limit, CurrentUser user) {
		int size = Page.limit(limit);
		var key = Page.decode(cursor);
		UUID afterLocation = null;
		UUID afterProduct = null;
		if (key != null) {
			var parts = key.split("/");
			try {
				afterLocation = UUID.fromString(parts[0]);
				afterProduct = UUID.fromString(parts[1]);
			}
			catch (RuntimeException ex) {
				throw ApiException.invalid("cursor", "is not a cursor this API gave out");
			}
		}
		var only = user.locations() == null ? null : List.copyOf(user.locations());
		return Page.of(ledger.levels(locationId, productId, only, lowOnly, afterLocation, afterProduct, size + 1), size,
				level -> level.locationId() + "/" + level.productId());
	}

	public Page<StockMovement> movements(UUID locationId, UUID productId, @Nullable String cursor,
			@Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(ledger.movements(locationId, productId, Page.decodeId(cursor), size + 1), size,
				movement -> movement.id().toString());
	}

	/** Levels whose on hand is not the sum of their movements, as "location/product"; always empty. */
	public List<String> reconcile() {
		return ledger.mismatches().stream().map(pair -> pair[0] + "/" + pair[1]).toList();
	}


	private static List<Map<String, Object>> describe(List<StockLine> lines) {
		return lines.stream()
			.map(line -> Map.<String, Object>of("product_id", line.productId(), "quantity", line.quantity()))
			.toList();
	}

	private static void requireTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("stock changes for a document run inside the document's transaction");
		}
	}
}

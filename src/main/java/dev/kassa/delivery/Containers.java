package dev.kassa.delivery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.catalog.Catalog;
import dev.kassa.customers.Customers;
import dev.kassa.events.EventLog;
import dev.kassa.inventory.Stock;
import dev.kassa.inventory.StockLine;
import dev.kassa.numbering.DocumentNumbers;
import dev.kassa.numbering.DocumentType;
import dev.kassa.organization.FinancialYears;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.sales.Sale;
import dev.kassa.sales.Sales;

/**
 * Returnable containers (gas cylinders) and their refundable deposits.
 * <p>
 * A container type (14.2 kg domestic, 19 kg commercial) has a deposit and names the catalog product that counts
 * its empties in stock; a refill product names its container type. Filled stock is the refill's stock, empty stock
 * the empty product's, per location, in the inventory ledger. An exchange hands refills to a customer: each empty
 * of the type handed back is a swap (the empty comes into stock, no deposit moves), each refill without one is a
 * new connection (the deposit is charged, and the customer holds one more). A return takes containers back and
 * refunds their deposit on a voucher numbered in its own series ({@link DocumentType#DEPOSIT_REFUND}). What a
 * customer holds never goes below zero: a guarded update under the row's lock, and a CHECK in the table.
 * <p>
 * The refill itself is sold as any product (a sale at the till, or the delivery order's sale), which takes it out
 * of stock and charges its tax; a deposit is not a supply, so it is neither revenue nor taxed, and is shown apart.
 */
@Service
public class Containers {

	private final ContainerStore store;

	private final Catalog catalog;

	private final Customers customers;

	private final Stock stock;

	private final DocumentNumbers numbers;

	private final FinancialYears years;

	private final Fleet fleet;

	private final EventLog events;

	private final Idempotency idempotency;

	private final TransactionTemplate transactions;

	private final RouteLoadStore loads;

	private final Sales sales;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Containers(ContainerStore store, Catalog catalog, Customers customers, Stock stock, DocumentNumbers numbers,
			FinancialYears years, Fleet fleet, EventLog events, Idempotency idempotency,
			TransactionTemplate transactions, RouteLoadStore loads, Sales sales) {
		this.loads = loads;
		this.sales = sales;
		this.store = store;
		this.catalog = catalog;
		this.customers = customers;
		this.stock = stock;
		this.numbers = numbers;
		this.years = years;
		this.fleet = fleet;
		this.events = events;
		this.idempotency = idempotency;
		this.transactions = transactions;
	}

	/**
	 * @param emptyProductId the catalog product whose stock counts the empties of this type
	 * @param refillProductIds the products that are refills in this container
	 */
	public record ContainerType(UUID id, String code, String name, BigDecimal deposit, UUID emptyProductId,
			List<UUID> refillProductIds, Instant createdAt, Instant updatedAt) {
	}

	public record ContainerTypeInput(@NotBlank @Size(max = 32) String code, @NotBlank @Size(max = 200) String name,
			@NotNull @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal deposit,
			@NotNull UUID emptyProductId) {
	}

	public record RefillInput(@NotNull UUID productId) {
	}

	/** What a customer holds of one container type, and the deposits paid for them. */
	public record Balance(UUID customerId, UUID containerTypeId, String code, String name, int held,
			BigDecimal depositsHeld) {
	}

	/**
	 * A change of a customer's containers.
	 *
	 * @param kind EXCHANGE or RETURN
	 * @param connections containers the customer holds more (new connections), or fewer (negative: returned)
	 * @param deposit deposit charged (positive) or refunded (negative); never revenue, never taxed
	 * @param voucherNumber the deposit refund voucher's number, for a return
	 */
	public record Movement(UUID id, String kind, UUID locationId, UUID customerId, UUID containerTypeId, int refills,
			int emptiesIn, int connections, BigDecimal deposit, @Nullable String voucherNumber, @Nullable UUID saleId,
			@Nullable UUID deliveryOrderId, Instant createdAt) {
	}

	/**
	 * @param productId the refill handed over; its container type is the one exchanged
	 * @param emptiesReturned empties handed back (swaps); at most {@code refills}
	 * @param emptiesContainerTypeId the type of the empties handed back, when the till says it: another type than the
	 *        refill's is refused
	 * @param saleId the sale of the refills, for the record
	 */
	public record ExchangeInput(@NotNull UUID locationId, @NotNull UUID customerId, @NotNull UUID productId,
			@NotNull @Min(1) @Max(100) Integer refills, @NotNull @Min(0) @Max(100) Integer emptiesReturned,
			@Nullable UUID emptiesContainerTypeId, @Nullable UUID saleId, @Nullable UUID deliveryOrderId) {
	}

	public record ReturnInput(@NotNull UUID locationId, @NotNull UUID customerId, @NotNull UUID containerTypeId,
			@NotNull @Min(1) @Max(100) Integer quantity) {
	}

	/**
	 * The answer to an exchange or a return: the movement, the deposit shown apart (not part of the sale's
	 * taxable value), and the customer's balance after it.
	 */
	public record Receipt(Movement movement, int swaps, int newConnections, BigDecimal depositPerContainer,
			BigDecimal depositCharged, BigDecimal depositRefunded, boolean depositTaxable, Balance balance) {
	}

	// Container types

	public Idempotency.Response createType(ContainerTypeInput input, @Nullable String key, CurrentUser user) {
		var code = input.code().strip().toUpperCase(Locale.ROOT);
		if (!code.matches("[A-Z0-9][A-Z0-9.-]{0,31}")) {
			throw ApiException.invalid("code", "letters, digits, '.' and '-' only, starting with a letter or digit");
		}
		var product = catalog.products(List.of(input.emptyProductId())).get(input.emptyProductId());
		if (product == null) {
			throw ApiException.invalid("empty_product_id", "names no product");
		}
		if (store.typeOfRefill(product.id()).isPresent()) {
			throw ApiException.unprocessable("product_is_refill",
					"The product " + product.sku() + " is a refill; the empties need a product of their own",
					"empty_product_id");
		}
		var now = clock.instant();
		var type = new ContainerType(Ids.next(), code, input.name().strip(), input.deposit().setScale(2), product.id(),
				List.of(), now, now);
		return idempotency.run("container_type:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			if (!store.insertType(type)) {
				throw ApiException.conflict("container_type_exists", "A container type with the code " + code
						+ " or counting the empties of " + product.sku() + " exists already");
			}
			events.append("container_type.created", "container_type", type.id(), null, type);
			return type;
		});
	}

	public ContainerType type(UUID id) {
		return store.type(id).orElseThrow(() -> ApiException.notFound("Container type", id));
	}

	public List<ContainerType> types() {
		return store.types();
	}

	/** Names the product a refill in the container type; 409 when it is a refill (or empty) already. */
	public ContainerType addRefill(UUID typeId, RefillInput input) {
		var type = type(typeId);
		var product = catalog.products(List.of(input.productId())).get(input.productId());
		if (product == null) {
			throw ApiException.invalid("product_id", "names no product");
		}
		if (store.isEmptyProduct(product.id())) {
			throw ApiException.unprocessable("product_is_empty",
					"The product " + product.sku() + " counts empties; a refill needs a product of its own", "product_id");
		}
		return transactions.execute(tx -> {
			if (!store.insertRefill(product.id(), type.id(), clock.instant())) {
				throw ApiException.conflict("refill_exists", "The product " + product.sku()
						+ " is the refill of a container type already");
			}
			events.append("container_type.refill_added", "container_type", type.id(), null,
					Map.of("id", type.id(), "product_id", product.id()));
			return type(type.id());
		});
	}

	// Exchanges and returns

	/**
	 * Refills handed to a customer: swaps for the empties handed back (into the location's empty stock), new
	 * connections with their deposit for the rest. The refills' own stock and price go with their sale.
	 */
	public Idempotency.Response exchange(ExchangeInput input, @Nullable String key, CurrentUser user) {
		fleet.activeLocation(input.locationId(), "location_id", user);
		var errors = new ArrayList<ApiException.FieldError>();
		requireCustomer(input.customerId(), errors);
		var typeId = store.typeOfRefill(input.productId()).orElse(null);
		if (typeId == null) {
			errors.add(new ApiException.FieldError("product_id", "names no refill product (see /api/v1/container-types)"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		if (input.emptiesReturned() > input.refills()) {
			throw ApiException.unprocessable("too_many_empties", "More empties (" + input.emptiesReturned()
					+ ") than refills (" + input.refills() + ") cannot be exchanged; take the rest back as a return",
					"empties_returned");
		}
		var type = type(Objects.requireNonNull(typeId, "refused above when null"));
		if (input.emptiesContainerTypeId() != null && !input.emptiesContainerTypeId().equals(type.id())) {
			throw ApiException.unprocessable("wrong_container_type", "The refill comes in " + type.code()
					+ "; empties of another type cannot be swapped for it", "empties_container_type_id");
		}
		int swaps = input.emptiesReturned();
		int connections = input.refills() - swaps;
		var charged = type.deposit().multiply(BigDecimal.valueOf(connections));
		if (input.deliveryOrderId() != null && loads.recordedAtDelivery(input.deliveryOrderId())) {
			throw ApiException.conflict("recorded_at_delivery", "Delivery order " + input.deliveryOrderId()
					+ " is on a loaded vehicle: its stop records the exchange when it is delivered");
		}
		return idempotency.run("container_exchange:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			var movement = record(input.locationId(), input.locationId(), input.customerId(), type, input.refills(),
					swaps, input.saleId(), input.deliveryOrderId(), user.id(), clock.instant());
			return receipt(movement, type, swaps, connections, charged, BigDecimal.ZERO);
		});
	}

	/**
	 * The cylinders handed over with a refill sold at the till.
	 *
	 * @param productId a refill on the sale's lines; the refills exchanged are its quantity there
	 * @param emptiesReturned empties of its container handed back (swaps); the rest are new connections
	 */
	public record SaleExchange(@NotNull UUID productId, @NotNull @Min(0) @Max(100) Integer emptiesReturned,
			@Nullable UUID emptiesContainerTypeId) {
	}

	/** A sale at the till with the cylinders exchanged for its refills, as one request. */
	public record ContainerSaleInput(@NotNull @Valid Sales.NewSale sale,
			@NotEmpty @Size(max = 10) List<@Valid @NotNull SaleExchange> exchanges) {
	}

	/**
	 * The sale and its exchanges, committed together.
	 *
	 * @param depositCharged the new connections' deposits: apart from the sale, neither its revenue nor taxed
	 * @param amountDue what the customer pays in all: the sale's total and the deposits
	 */
	public record ContainerSale(Sale sale, List<Receipt> exchanges, BigDecimal depositCharged, BigDecimal amountDue) {
	}

	/**
	 * A refill sold and its cylinders exchanged in one transaction: the sale (its number, the refills out of stock,
	 * its tax) and each exchange (empties into stock, new connections' deposits and the customer's balance) are
	 * written together or not at all. Refused before anything is written when an exchange names a product that is not
	 * a refill on the sale, hands back more empties than refills, or empties of another type.
	 */
	public Idempotency.Response sell(ContainerSaleInput input, @Nullable String key, CurrentUser user) {
		var sale = input.sale();
		var customerId = sale.customerId();
		if (customerId == null) {
			throw ApiException.invalid("sale.customer_id", "is required: the customer's cylinders are counted");
		}
		var errors = new ArrayList<ApiException.FieldError>();
		if (!exists(() -> customers.get(customerId))) {
			errors.add(new ApiException.FieldError("sale.customer_id", "names no customer"));
		}
		var sold = new HashMap<UUID, BigDecimal>();
		sale.lines().forEach(line -> sold.merge(line.productId(), line.quantity(), BigDecimal::add));
		var types = new ArrayList<ContainerType>();
		var seen = new java.util.HashSet<UUID>();
		for (int i = 0; i < input.exchanges().size(); i++) {
			var exchange = input.exchanges().get(i);
			var field = "exchanges[" + i + "].";
			var typeId = store.typeOfRefill(exchange.productId()).orElse(null);
			if (typeId == null) {
				errors.add(new ApiException.FieldError(field + "product_id", "names no refill product"));
				continue;
			}
			if (!seen.add(exchange.productId())) {
				errors.add(new ApiException.FieldError(field + "product_id", "is exchanged once"));
			}
			types.add(type(typeId));
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		var refills = new ArrayList<Integer>();
		for (int i = 0; i < input.exchanges().size(); i++) {
			var exchange = input.exchanges().get(i);
			var type = types.get(i);
			var field = "exchanges[" + i + "].";
			var quantity = sold.get(exchange.productId());
			if (quantity == null || quantity.stripTrailingZeros().scale() > 0) {
				throw ApiException.unprocessable("refill_not_sold", "The refill is not on the sale's lines in whole "
						+ "cylinders; the cylinders exchanged are the refills sold", field + "product_id");
			}
			int n = quantity.intValueExact();
			if (exchange.emptiesReturned() > n) {
				throw ApiException.unprocessable("too_many_empties", "More empties (" + exchange.emptiesReturned()
						+ ") than refills (" + n + ") cannot be exchanged; take the rest back as a return",
						field + "empties_returned");
			}
			if (exchange.emptiesContainerTypeId() != null && !exchange.emptiesContainerTypeId().equals(type.id())) {
				throw ApiException.unprocessable("wrong_container_type", "The refill comes in " + type.code()
						+ "; empties of another type cannot be swapped for it", field + "empties_container_type_id");
			}
			refills.add(n);
		}
		return idempotency.run("container_sale:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			var recorded = sales.recordWithin(sale, user);
			var now = clock.instant();
			var receipts = new ArrayList<Receipt>();
			var deposits = BigDecimal.ZERO.setScale(2);
			for (int i = 0; i < types.size(); i++) {
				var type = types.get(i);
				int swaps = input.exchanges().get(i).emptiesReturned();
				var movement = record(recorded.locationId(), recorded.locationId(), customerId, type,
						refills.get(i), swaps, recorded.id(), null, user.id(), now);
				receipts.add(receipt(movement, type, swaps, movement.connections(), movement.deposit(), BigDecimal.ZERO));
				deposits = deposits.add(movement.deposit());
			}
			return new ContainerSale(recorded, receipts, deposits, recorded.total().add(deposits));
		});
	}

	/**
	 * Records an exchange inside the caller's transaction: the new connections' deposit and the customer's balance,
	 * the empties into the stock of {@code emptiesHolderId} (the location at the till, the vehicle at a stop).
	 */
	Movement record(UUID locationId, UUID emptiesHolderId, UUID customerId, ContainerType type, int refills,
			int swaps, @Nullable UUID saleId, @Nullable UUID deliveryOrderId, @Nullable UUID by, Instant now) {
		int connections = refills - swaps;
		var charged = type.deposit().multiply(BigDecimal.valueOf(connections));
		var movement = new Movement(Ids.next(), "EXCHANGE", locationId, customerId, type.id(), refills, swaps,
				connections, charged, null, saleId, deliveryOrderId, now);
		if (connections > 0) {
			store.addHeld(customerId, type.id(), connections, charged, now);
		}
		store.insertMovement(movement, by);
		if (swaps > 0) {
			stock.put(emptiesHolderId, List.of(emptyLine(type, swaps)), "RETURN", "empties swapped",
					"CONTAINER_EXCHANGE", movement.id());
		}
		events.append("container.exchanged", "customer_containers", customerId, locationId, movement);
		return movement;
	}

	/**
	 * Containers back from a customer: their deposit refunded on a voucher of the location's DEPOSIT_REFUND series,
	 * the empties into the location's stock; 422 when the customer holds fewer.
	 */
	public Idempotency.Response giveBack(ReturnInput input, @Nullable String key, CurrentUser user) {
		var location = fleet.activeLocation(input.locationId(), "location_id", user);
		var errors = new ArrayList<ApiException.FieldError>();
		requireCustomer(input.customerId(), errors);
		var found = store.type(input.containerTypeId());
		if (found.isEmpty()) {
			errors.add(new ApiException.FieldError("container_type_id", "names no container type"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		var type = found.get();
		var today = LocalDate.now(clock.withZone(ZoneId.of(location.timeZone())));
		var year = years.containing(today).orElse(null);
		if (year != null) {
			numbers.ensureDefault(DocumentType.DEPOSIT_REFUND, location.id(), year.id());
		}
		return idempotency.run("deposit_refund:create:" + user.id(), key, input, HttpStatus.CREATED, () -> {
			int quantity = input.quantity();
			var held = store.lockHeld(input.customerId(), type.id()).orElse(new ContainerStore.Held(0, BigDecimal.ZERO));
			if (held.held() < quantity) {
				throw ApiException.unprocessable("containers_not_held", "The customer holds " + held.held() + " "
						+ type.code() + " containers; " + quantity + " cannot be returned", "quantity");
			}
			// the deposits paid, shared evenly; the last container back takes what is left, so nothing remains
			var refund = held.held() == quantity ? held.depositsHeld()
					: held.depositsHeld()
						.multiply(BigDecimal.valueOf(quantity))
						.divide(BigDecimal.valueOf(held.held()), 2, RoundingMode.HALF_UP);
			var now = clock.instant();
			if (!store.takeHeld(input.customerId(), type.id(), quantity, refund, now)) {
				throw ApiException.conflict("containers_changed", "The customer's containers changed; try again");
			}
			var id = Ids.next();
			stock.put(input.locationId(), List.of(emptyLine(type, quantity)), "RETURN", "containers returned",
					"DEPOSIT_REFUND", id);
			// the number last: its series row stays locked until commit
			var number = numbers.take(DocumentType.DEPOSIT_REFUND, input.locationId(), today);
			var movement = new Movement(id, "RETURN", input.locationId(), input.customerId(), type.id(), 0, quantity,
					-quantity, refund.negate(), number, null, null, now);
			store.insertMovement(movement, user.id());
			events.append("container.returned", "customer_containers", input.customerId(), input.locationId(),
					movement);
			return receipt(movement, type, 0, 0, BigDecimal.ZERO, refund);
		});
	}

	private Receipt receipt(Movement movement, ContainerType type, int swaps, int connections, BigDecimal charged,
			BigDecimal refunded) {
		var balance = store.balances(movement.customerId())
			.stream()
			.filter(b -> b.containerTypeId().equals(type.id()))
			.findFirst()
			.orElse(new Balance(movement.customerId(), type.id(), type.code(), type.name(), 0, BigDecimal.ZERO));
		return new Receipt(movement, swaps, connections, type.deposit(), charged, refunded, false, balance);
	}

	static StockLine emptyLine(ContainerType type, int quantity) {
		return new StockLine(type.emptyProductId(), BigDecimal.valueOf(quantity), true, true);
	}

	private void requireCustomer(UUID customerId, List<ApiException.FieldError> errors) {
		if (!exists(() -> customers.get(customerId))) {
			errors.add(new ApiException.FieldError("customer_id", "names no customer"));
		}
	}

	private static boolean exists(Runnable lookUp) {
		try {
			lookUp.run();
			return true;
		}
		catch (ApiException ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				return false;
			}
			throw ex;
		}
	}

	// Reading

	public List<Balance> balances(UUID customerId) {
		customers.get(customerId);
		return store.balances(customerId);
	}

	public List<Movement> movements(UUID customerId) {
		customers.get(customerId);
		return store.movements(customerId, 1000);
	}

	/**
	 * One container type at a location.
	 *
	 * @param filled full containers in stock: the refill products' stock
	 * @param empty empty containers in stock
	 * @param heldByCustomers containers the location's customers hold: new connections there less returns there
	 * @param depositsHeld their deposits, a liability to the customers
	 */
	public record LocationLine(UUID containerTypeId, String code, String name, long filled, long empty,
			long heldByCustomers, BigDecimal depositsHeld) {
	}

	public record LocationReport(UUID locationId, List<LocationLine> lines) {
	}

	public LocationReport report(UUID locationId, CurrentUser user) {
		fleet.activeLocation(locationId, "location_id", user);
		var held = new HashMap<UUID, Object[]>();
		store.heldByCustomersOf(locationId).forEach(row -> held.put((UUID) row[0], row));
		var lines = new ArrayList<LocationLine>();
		for (var type : store.types()) {
			long filled = 0;
			for (var refill : type.refillProductIds()) {
				filled += stock.level(locationId, refill).onHand().longValue();
			}
			long empty = stock.level(locationId, type.emptyProductId()).onHand().longValue();
			var row = held.get(type.id());
			lines.add(new LocationLine(type.id(), type.code(), type.name(), filled, empty,
					row == null ? 0 : (Long) row[1], row == null ? BigDecimal.ZERO.setScale(2) : (BigDecimal) row[2]));
		}
		return new LocationReport(locationId, lines);
	}

	/** Every customer's containers of the type, for the stock equation. */
	long heldByAllCustomers(UUID typeId) {
		return store.totalHeld(typeId);
	}
}

package dev.kassa.compat;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.kassa.catalog.Catalog;
import dev.kassa.catalog.Product;
import dev.kassa.customers.Customer;
import dev.kassa.customers.Customers;
import dev.kassa.identity.IdentityService;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.sales.PaymentMethod;
import dev.kassa.sales.Sale;

/** Translates between the seed's bodies and shapes and the sales module's. */
@Component
class SeedOrders {

	private final Catalog catalog;

	private final Customers customers;

	private final IdentityService identity;

	private final Locations locations;

	SeedOrders(Catalog catalog, Customers customers, IdentityService identity, Locations locations) {
		this.catalog = catalog;
		this.customers = customers;
		this.identity = identity;
		this.locations = locations;
	}

	/** The product an item names: by id when it is a UUID, else by SKU; a 422 naming the item otherwise. */
	Product product(SeedRequests.Item item, int index) {
		var field = "items[" + index + "].id";
		var text = item.id().strip();
		try {
			var id = UUID.fromString(text);
			var found = catalog.products(List.of(id)).get(id);
			if (found != null) {
				return found;
			}
		}
		catch (IllegalArgumentException notUuid) {
			try {
				return catalog.bySku(text);
			}
			catch (ApiException missing) {
				// reported below, naming the item
			}
		}
		throw ApiException.unprocessable("unknown_product", "Item " + index + ": no product has the id or SKU " + text,
				field);
	}

	/** The customer of a seed body: found by phone or created; none when no phone is given. */
	@Nullable UUID customer(SeedRequests.Sale body) {
		var phone = body.customerPhone();
		if (phone == null || phone.isBlank()) {
			return null;
		}
		var name = body.customerName() == null || body.customerName().isBlank() ? phone.strip()
				: body.customerName().strip();
		return customers.findOrCreateByPhone(name, phone.strip(), body.customerAddress()).id();
	}

	static PaymentMethod method(@Nullable String mode) {
		if (mode == null || mode.isBlank()) {
			return PaymentMethod.CASH;
		}
		return switch (mode.strip().toUpperCase(Locale.ROOT)) {
			case "CASH" -> PaymentMethod.CASH;
			case "CARD" -> PaymentMethod.CARD;
			case "UPI" -> PaymentMethod.UPI;
			default -> PaymentMethod.OTHER;
		};
	}

	static String mode(PaymentMethod method) {
		return switch (method) {
			case CASH -> "Cash";
			case CARD -> "Card";
			case UPI -> "UPI";
			case OTHER -> "Other";
		};
	}

	/** Views of several sales, reading each customer, cashier and time zone once. */
	List<SeedOrder> views(List<Sale> sales) {
		var people = new HashMap<UUID, @Nullable Customer>();
		var users = new HashMap<UUID, @Nullable String>();
		var zones = new HashMap<UUID, ZoneId>();
		var views = new ArrayList<SeedOrder>();
		for (var sale : sales) {
			var customer = sale.customerId() == null ? null
					: people.computeIfAbsent(sale.customerId(), this::customerOrNull);
			var seller = users.computeIfAbsent(sale.cashierId(), this::usernameOrNull);
			var zone = zones.computeIfAbsent(sale.locationId(), id -> ZoneId.of(locations.get(id).timeZone()));
			views.add(view(sale, customer, seller, zone));
		}
		return views;
	}

	SeedOrder view(Sale sale) {
		return views(List.of(sale)).getFirst();
	}

	private @Nullable Customer customerOrNull(UUID id) {
		try {
			return customers.get(id);
		}
		catch (ApiException gone) {
			return null;
		}
	}

	private @Nullable String usernameOrNull(UUID id) {
		try {
			return identity.get(id).username();
		}
		catch (ApiException gone) {
			return null;
		}
	}

	private static SeedOrder view(Sale sale, @Nullable Customer customer, @Nullable String seller, ZoneId zone) {
		var items = sale.lines().stream()
			.map(l -> new SeedOrder.Item(l.productId(), l.sku(), l.name(), l.unitPrice(), l.quantity().stripTrailingZeros(),
					l.taxRate().stripTrailingZeros(), l.total()))
			.toList();
		var payments = sale.payments().stream()
			.map(p -> new SeedOrder.Payment(mode(p.method()), p.amount(), p.reference()))
			.toList();
		var address = customer == null || customer.billingAddress() == null ? null : customer.billingAddress().line1();
		var name = customer == null ? null : customer.name();
		return new SeedOrder(sale.id(), sale.id(), sale.number(), "order",
				sale.status().name().charAt(0) + sale.status().name().substring(1).toLowerCase(Locale.ROOT),
				sale.customerId(), name, name, customer == null ? null : customer.phone(), address, seller, items,
				items.size(), sale.subtotal(), sale.discountValue(), sale.isPercentageDiscount(), sale.discountTotal(),
				sale.taxTotal(), sale.total(), sale.total(),
				payments.isEmpty() ? "Cash" : payments.getFirst().method(), payments,
				sale.createdAt().atZone(zone).toOffsetDateTime(), sale.businessDate(), sale.notes());
	}

	static BigDecimal sum(List<SeedOrder> orders) {
		return orders.stream().map(SeedOrder::total).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	static Map<String, Object> page(String name, List<?> items, BigDecimal totalAmount, @Nullable String nextCursor) {
		var page = new java.util.LinkedHashMap<String, Object>();
		page.put("count", items.size());
		page.put("total_amount", totalAmount);
		page.put("items", items);
		page.put("next_cursor", nextCursor);
		return Map.of(name, page);
	}
}

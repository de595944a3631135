package dev.kassa.compat;

import java.math.BigDecimal;
import java.time.ZoneId;
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
import dev.kassa.sales.Estimate;
import dev.kassa.sales.EstimateStatus;
import dev.kassa.sales.Order;
import dev.kassa.sales.PaymentMethod;
import dev.kassa.sales.Sale;
import dev.kassa.sales.SaleLine;

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

	/** Reads each customer, user and time zone once for the views of one answer. */
	final class Names {

		private final Map<UUID, @Nullable Customer> people = new HashMap<>();

		private final Map<UUID, @Nullable String> users = new HashMap<>();

		private final Map<UUID, ZoneId> zones = new HashMap<>();

		@Nullable Customer customer(@Nullable UUID id) {
			return id == null ? null : people.computeIfAbsent(id, SeedOrders.this::customerOrNull);
		}

		@Nullable String user(UUID id) {
			return users.computeIfAbsent(id, SeedOrders.this::usernameOrNull);
		}

		ZoneId zone(UUID locationId) {
			return zones.computeIfAbsent(locationId, id -> ZoneId.of(locations.get(id).timeZone()));
		}
	}

	List<SeedOrder> views(List<Sale> sales) {
		var names = new Names();
		return sales.stream().map(sale -> view(sale, names)).toList();
	}

	SeedOrder view(Sale sale) {
		return view(sale, new Names());
	}

	List<SeedEstimate> estimateViews(List<Estimate> estimates) {
		var names = new Names();
		return estimates.stream().map(estimate -> view(estimate, names)).toList();
	}

	SeedEstimate view(Estimate estimate) {
		return view(estimate, new Names());
	}

	SeedOrder view(Sale sale, Names names) {
		return view(sale, names.customer(sale.customerId()), names.user(sale.cashierId()), names.zone(sale.locationId()));
	}

	SeedEstimate view(Estimate e, Names names) {
		var customer = names.customer(e.customerId());
		var name = customer == null ? null : customer.name();
		var items = items(e.lines());
		return new SeedEstimate(e.id(), e.id(), e.number(), "estimate", title(e.status().name()),
				e.status() == EstimateStatus.CONVERTED, e.orderId(), e.customerId(), name, name,
				customer == null ? null : customer.phone(), address(customer), names.user(e.createdBy()), items,
				items.size(), e.subtotal(), e.discountValue(), e.isPercentageDiscount(), e.discountTotal(), e.taxTotal(),
				e.total(), e.total(), e.validUntil(), e.createdAt().atZone(names.zone(e.locationId())).toOffsetDateTime(),
				e.businessDate(), e.notes());
	}

	/** An order for later fulfilment in the seed's order shape: no number until fulfilled, no payments before. */
	SeedOrder view(Order o, Names names) {
		var customer = names.customer(o.customerId());
		var name = customer == null ? null : customer.name();
		var items = items(o.lines());
		return new SeedOrder(o.id(), o.id(), o.saleNumber(), "order", title(o.status().name()), o.customerId(), name,
				name, customer == null ? null : customer.phone(), address(customer), names.user(o.createdBy()), items,
				items.size(), o.subtotal(), o.discountValue(), o.isPercentageDiscount(), o.discountTotal(), o.taxTotal(),
				o.total(), o.total(), null, List.of(), o.createdAt().atZone(names.zone(o.locationId())).toOffsetDateTime(),
				o.businessDate(), o.notes());
	}

	private static List<SeedOrder.Item> items(List<SaleLine> lines) {
		return lines.stream()
			.map(l -> new SeedOrder.Item(l.productId(), l.sku(), l.name(), l.unitPrice(), l.quantity().stripTrailingZeros(),
					l.taxRate().stripTrailingZeros(), l.total()))
			.toList();
	}

	private static @Nullable String address(@Nullable Customer customer) {
		return customer == null || customer.billingAddress() == null ? null : customer.billingAddress().line1();
	}

	static String title(String constant) {
		return constant.charAt(0) + constant.substring(1).toLowerCase(Locale.ROOT);
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
		var items = items(sale.lines());
		var payments = sale.payments().stream()
			.map(p -> new SeedOrder.Payment(mode(p.method()), p.amount(), p.reference()))
			.toList();
		var name = customer == null ? null : customer.name();
		return new SeedOrder(sale.id(), sale.id(), sale.number(), "order", title(sale.status().name()),
				sale.customerId(), name, name, customer == null ? null : customer.phone(), address(customer), seller, items,
				items.size(), sale.subtotal(), sale.discountValue(), sale.isPercentageDiscount(), sale.discountTotal(),
				sale.taxTotal(), sale.total(), sale.total(),
				payments.isEmpty() ? null : payments.getFirst().method(), payments,
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

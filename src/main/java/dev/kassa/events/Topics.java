package dev.kassa.events;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Role;

/**
 * The live-stream topics, which aggregate types feed each, and who may see them. A stream shows a user what
 * the REST API would show them: each topic is open to the roles that may read its resources, and an aggregate
 * whose REST reads are narrower than its topic's (a route, a bank account, a product import) is narrowed the
 * same way. An aggregate type not listed here is its own topic, and only ADMIN and MANAGER (who may read the
 * whole log at {@code /api/v1/events}) see it: an event type added without a rule fails closed.
 */
final class Topics {

	static final Set<String> ALL = Set.of("sales", "orders", "estimates", "stock", "catalog", "customers", "jobs",
			"deliveries", "messages", "users", "settings", "tills", "offline_exceptions");

	private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);

	private static final Set<Role> BACK_OFFICE = EnumSet.of(Role.ADMIN, Role.MANAGER);

	/** Who may follow each topic, as the REST reads of its resources allow (docs/permissions.md). */
	private static final Map<String, Set<Role>> READERS = Map.ofEntries(
			Map.entry("sales", EnumSet.of(Role.ADMIN, Role.MANAGER, Role.CASHIER)),
			Map.entry("orders", EVERYONE),
			Map.entry("estimates", EnumSet.of(Role.ADMIN, Role.MANAGER, Role.CASHIER, Role.EMPLOYEE)),
			Map.entry("stock", EVERYONE), Map.entry("catalog", EVERYONE), Map.entry("customers", EVERYONE),
			Map.entry("jobs", BACK_OFFICE),
			Map.entry("deliveries", EnumSet.of(Role.ADMIN, Role.MANAGER, Role.CASHIER, Role.EMPLOYEE)),
			Map.entry("messages", BACK_OFFICE), Map.entry("users", EnumSet.of(Role.ADMIN)),
			Map.entry("settings", BACK_OFFICE),
			Map.entry("tills", EnumSet.of(Role.ADMIN, Role.MANAGER, Role.CASHIER)),
			Map.entry("offline_exceptions", BACK_OFFICE));

	/** Aggregates whose REST reads are narrower than their topic's. */
	private static final Map<String, Set<Role>> NARROWER = Map.ofEntries(Map.entry("product_import", BACK_OFFICE),
			Map.entry("route", BACK_OFFICE), Map.entry("route_plan", BACK_OFFICE), Map.entry("driver", BACK_OFFICE),
			Map.entry("vehicle", BACK_OFFICE), Map.entry("delivery_depot", BACK_OFFICE),
			Map.entry("bank_account", EnumSet.of(Role.ADMIN)), Map.entry("webhook", EnumSet.of(Role.ADMIN)));

	private static final Map<String, String> BY_AGGREGATE = Map.ofEntries(Map.entry("sale", "sales"),
			Map.entry("payment", "sales"), Map.entry("return", "sales"), Map.entry("credit_note", "sales"),
			Map.entry("order", "orders"), Map.entry("estimate", "estimates"), Map.entry("stock", "stock"),
			Map.entry("stock_movement", "stock"), Map.entry("stock_adjustment", "stock"),
			Map.entry("stock_transfer", "stock"), Map.entry("transfer", "stock"), Map.entry("stock_level", "stock"),
			Map.entry("stock_receipt", "stock"), Map.entry("product", "catalog"),
			Map.entry("category", "catalog"), Map.entry("tax_class", "catalog"), Map.entry("barcode", "catalog"),
			Map.entry("catalog_import", "catalog"), Map.entry("product_import", "catalog"),
			Map.entry("customer", "customers"), Map.entry("job", "jobs"), Map.entry("document_batch", "jobs"),
			Map.entry("delivery", "deliveries"), Map.entry("delivery_order", "deliveries"),
			Map.entry("route", "deliveries"), Map.entry("route_plan", "deliveries"),
			Map.entry("delivery_depot", "deliveries"), Map.entry("driver", "deliveries"), Map.entry("vehicle", "deliveries"),
			Map.entry("container_type", "deliveries"), Map.entry("customer_containers", "deliveries"),
			Map.entry("user", "users"), Map.entry("organization", "settings"), Map.entry("location", "settings"),
			Map.entry("settings", "settings"), Map.entry("tax_registration", "settings"),
			Map.entry("bank_account", "settings"), Map.entry("financial_year", "settings"),
			Map.entry("document_series", "settings"), Map.entry("series", "settings"),
			Map.entry("message", "messages"), Map.entry("webhook", "settings"), Map.entry("terminal", "tills"),
			Map.entry("till_session", "tills"), Map.entry("till_settings", "tills"),
			Map.entry("offline_exception", "offline_exceptions"));

	private Topics() {
	}

	static String of(String aggregateType) {
		return BY_AGGREGATE.getOrDefault(aggregateType, aggregateType);
	}

	/** Whether the user may follow a topic at all; a topic of no rule is for ADMIN and MANAGER. */
	static boolean mayFollow(CurrentUser user, String topic) {
		return READERS.getOrDefault(topic, BACK_OFFICE).stream().anyMatch(user::has);
	}

	/** The roles that may follow a topic, for the message that refuses it. */
	static Set<Role> readers(String topic) {
		return READERS.getOrDefault(topic, BACK_OFFICE);
	}

	/**
	 * Whether the user may see one event: its topic, its aggregate's own rule, and its location (a user
	 * limited to some locations sees theirs and the events of no location).
	 */
	static boolean maySee(CurrentUser user, StoredEvent event) {
		if (!mayFollow(user, event.topic())) {
			return false;
		}
		var narrower = NARROWER.get(event.aggregateType());
		if (narrower != null && narrower.stream().noneMatch(user::has)) {
			return false;
		}
		return event.locationId() == null || user.mayUse(event.locationId());
	}
}

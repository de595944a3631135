package dev.kassa.events;

import java.util.Map;
import java.util.Set;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Role;

/**
 * The live-stream topics and which aggregate types feed each. An aggregate type not listed here is its
 * own topic, seen only by clients that subscribe to everything.
 */
final class Topics {

	static final Set<String> ALL = Set.of("sales", "orders", "estimates", "stock", "catalog", "customers", "jobs",
			"deliveries", "messages", "users", "settings", "tills");

	/**
	 * Topics that only ADMIN and MANAGER may follow: who may do what is not every cashier's business, nor
	 * whom the shop writes to (messages), nor where its events are sent (webhooks, under settings).
	 */
	static final Set<String> RESTRICTED = Set.of("messages", "users", "settings");

	private static final Map<String, String> BY_AGGREGATE = Map.ofEntries(Map.entry("sale", "sales"),
			Map.entry("payment", "sales"), Map.entry("return", "sales"), Map.entry("credit_note", "sales"),
			Map.entry("order", "orders"), Map.entry("estimate", "estimates"), Map.entry("stock", "stock"),
			Map.entry("stock_movement", "stock"), Map.entry("stock_adjustment", "stock"),
			Map.entry("stock_transfer", "stock"), Map.entry("transfer", "stock"), Map.entry("product", "catalog"),
			Map.entry("category", "catalog"), Map.entry("tax_class", "catalog"), Map.entry("barcode", "catalog"),
			Map.entry("catalog_import", "catalog"), Map.entry("customer", "customers"), Map.entry("job", "jobs"),
			Map.entry("document_batch", "jobs"),
			Map.entry("delivery", "deliveries"), Map.entry("delivery_order", "deliveries"),
			Map.entry("route", "deliveries"), Map.entry("route_plan", "deliveries"),
			Map.entry("delivery_depot", "deliveries"), Map.entry("driver", "deliveries"), Map.entry("vehicle", "deliveries"),
			Map.entry("user", "users"), Map.entry("organization", "settings"), Map.entry("location", "settings"),
			Map.entry("settings", "settings"), Map.entry("tax_registration", "settings"),
			Map.entry("bank_account", "settings"), Map.entry("financial_year", "settings"),
			Map.entry("document_series", "settings"), Map.entry("series", "settings"),
			Map.entry("message", "messages"), Map.entry("webhook", "settings"), Map.entry("terminal", "tills"),
			Map.entry("till_session", "tills"), Map.entry("till_settings", "tills"));

	private Topics() {
	}

	static String of(String aggregateType) {
		return BY_AGGREGATE.getOrDefault(aggregateType, aggregateType);
	}

	static boolean mayFollow(CurrentUser user, String topic) {
		return !RESTRICTED.contains(topic) || user.hasAny(Role.ADMIN, Role.MANAGER);
	}
}

package dev.kassa.security;

import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;

/**
 * OWASP API5:2023 Broken Function Level Authorization: every operation of the OpenAPI document (which
 * {@code Api9InventoryIntegrationTests} proves equal to the routes answered) is called by every role the reviewed
 * permission table ({@code docs/permissions.md}) does not give it, and with no token: 403 and 401, and nothing
 * written. The table is read as a reviewer wrote it, not from the code's annotations, so an operation missing from
 * it, or with no role and not public, fails here; a role the code lets through and the table does not fails too.
 * <p>
 * Path ids are real objects of a shop (its sale, order, estimate, terminal, till session, customer, product,
 * location, users, webhook), so that a missing check would reach something; the writes that would hurt most
 * (create an ADMIN, change roles, reset a password, deactivate, change the organization, register a webhook, adjust
 * stock, change prices, void, close a financial year) are sent with a whole valid body. Then the ways around a
 * rule: another method (HEAD, {@code X-HTTP-Method-Override}), another spelling of the path (case, trailing slash,
 * double slash, dot segment, encoded letters and slashes, path parameters, suffixes), and the token of a user
 * demoted since it was issued.
 * <p>
 * Proved elsewhere: the rule on a method wins over its class's and an endpoint without a rule is refused to
 * everyone ({@code platform.AccessRulesTests}); the code's rules equal the table
 * ({@code platform.PermissionMatrixIntegrationTests#theDocumentedMatrixMatchesTheCode}).
 */
class Api5BrokenFunctionLevelAuthorizationIntegrationTests extends IntegrationTestSupport {

	private static final List<String> ROLES = List.of("ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER");

	private static final String UNKNOWN_ID = "0190b7a0-0000-7000-8000-0000000000ff";

	/** A row of the permission table: the roles allowed, or public. */
	record Rule(Set<String> roles, boolean isPublic) {
	}

	/** docs/permissions.md as "METHOD path" to its rule. */
	private static Map<String, Rule> table() throws IOException {
		var rules = new TreeMap<String, Rule>();
		for (var line : Files.readAllLines(Path.of("docs", "permissions.md"))) {
			if (!line.startsWith("| ") || line.startsWith("| method") || line.startsWith("| ---")) {
				continue;
			}
			var cells = line.split("\\|", -1);
			var route = cells[1].strip() + " " + cells[2].strip().replace("`", "");
			var roles = new TreeSet<String>();
			boolean isPublic = false;
			for (int i = 0; i < ROLES.size(); i++) {
				var cell = cells[3 + i].strip();
				isPublic |= cell.equals("PUBLIC");
				if (cell.equals("x")) {
					roles.add(ROLES.get(i));
				}
			}
			rules.put(route, new Rule(roles, isPublic));
		}
		return rules;
	}

	private List<String> documentedOperations() {
		var operations = new ArrayList<String>();
		for (var path : api().get("/v3/api-docs", null).json().path("paths").properties()) {
			for (var method : path.getValue().properties()) {
				if (!Set.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
					continue;
				}
				operations.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
			}
		}
		return operations;
	}

	@Test
	void everyOperationHasARuleInTheTable() throws IOException {
		var table = table();
		var operations = documentedOperations();
		assertThat(operations).hasSizeGreaterThan(100);
		var withoutRow = operations.stream().filter(op -> !table.containsKey(op)).toList();
		assertThat(withoutRow).as("operations missing from docs/permissions.md").isEmpty();
		var withoutRule = operations.stream()
			.filter(op -> table.get(op).roles().isEmpty() && !table.get(op).isPublic())
			.toList();
		assertThat(withoutRule).as("operations no role may call and not public").isEmpty();
		var gone = new TreeSet<>(table.keySet());
		operations.forEach(gone::remove);
		assertThat(gone).as("rows of docs/permissions.md for operations that do not exist").isEmpty();
	}

	@Test
	void everyRoleTheTableRefusesIsRefusedAndNothingIsWritten() throws IOException {
		var table = table();
		var tokens = new LinkedHashMap<String, String>();
		ROLES.forEach(role -> tokens.put(role, api().token(role)));
		var ids = ids();
		var bodies = bodies(ids);
		long events = count("SELECT count(*) FROM events");
		var counts = counts();
		var failures = new ArrayList<String>();
		int refusals = 0;
		for (var operation : documentedOperations()) {
			var rule = table.get(operation);
			if (rule == null || rule.isPublic()) {
				continue;
			}
			var method = operation.substring(0, operation.indexOf(' '));
			var template = operation.substring(operation.indexOf(' ') + 1);
			var path = withIds(template, ids);
			Object body = bodies.getOrDefault(operation, method.equals("GET") || method.equals("DELETE") ? null : "{}");
			for (var role : ROLES) {
				if (rule.roles().contains(role)) {
					continue;
				}
				var response = call(method, path, tokens.get(role), body);
				refusals++;
				if (response.status() != 403) {
					failures.add(role + " " + operation + " (" + path + ") -> " + response.status() + " "
							+ response.body().substring(0, Math.min(160, response.body().length())));
				}
			}
			var anonymous = call(method, path, null, body);
			if (anonymous.status() != 401) {
				failures.add("no token " + operation + " -> " + anonymous.status());
			}
		}
		assertThat(failures).isEmpty();
		assertThat(refusals).isGreaterThan(300);
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(events);
		assertThat(counts()).isEqualTo(counts);
		var shopSale = api().get("/api/v1/sales/" + ids.get("sales"), api().adminToken()).json();
		assertThat(shopSale.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(api().get("/api/v1/users/" + ids.get("users"), api().adminToken()).json().path("roles").toString())
			.isEqualTo("[\"CASHIER\"]");
	}

	@Test
	void anotherMethodOrSpellingOfTheRouteGetsNoFurther() {
		var cashier = api().token("CASHIER");
		long users = count("SELECT count(*) FROM users");
		var newUser = Map.of("username", "api5-sneak-" + System.nanoTime(), "password", "correct horse battery staple",
				"roles", List.of("ADMIN"));
		var attempts = new LinkedHashMap<String, TestClient.Response>();
		attempts.put("HEAD", api().send("HEAD", "/api/v1/users", cashier, null, Map.of()));
		attempts.put("override to GET", api().send("POST", "/api/v1/users", cashier, newUser,
				Map.of("X-HTTP-Method-Override", "GET", "Idempotency-Key", key())));
		attempts.put("override header on GET", api().send("GET", "/api/v1/users", cashier, null,
				Map.of("X-HTTP-Method-Override", "POST", "X-HTTP-Method", "POST", "X-Method-Override", "POST")));
		attempts.put("_method", api().send("POST", "/api/v1/users/" + UNKNOWN_ID + "/deactivate?_method=GET", cashier, null,
				Map.of()));
		for (var path : List.of("/API/V1/USERS", "/api/v1/users/", "/api/v1//users", "/api/v1/./users",
				"/api/v1/me/../users", "/api/v1/%75sers", "/api/v1/users;jsessionid=1", "/api/v1/users;x=y/",
				"/api/v1/users.json", "/api/v1/users%2F", "/api/v1/%2e/users", "/api/v1/users?role=ADMIN",
				"/api/v1/./me/../users", "/api/v1/users%00")) {
			attempts.put("GET " + path, api().send("GET", path, cashier, null, Map.of()));
			attempts.put("POST " + path, api().send("POST", path, cashier, newUser, Map.of("Idempotency-Key", key())));
		}
		for (var attempt : attempts.entrySet()) {
			var response = attempt.getValue();
			assertThat(response.status()).as(attempt.getKey() + ": " + response).isBetween(400, 499);
			assertThat(response.body()).as(attempt.getKey()).doesNotContain("\"items\"").doesNotContain("password");
		}
		assertThat(count("SELECT count(*) FROM users")).isEqualTo(users);
	}

	@Test
	void theTokenOfADemotedManagerOpensNoManagerRoute() {
		var admin = api().adminToken();
		var name = "api5-demoted-" + System.nanoTime();
		var token = api().tokenForNewUser(name, List.of("MANAGER"), null);
		assertThat(api().get("/api/v1/reports/daily", token).status()).isNotIn(401, 403);
		var userId = jdbc.sql("SELECT id::text FROM users WHERE username = :u").param("u", name).query(String.class).single();
		ok(api().put("/api/v1/users/" + userId + "/access", admin, Map.of("roles", List.of("CASHIER"))));
		var after = api().get("/api/v1/reports/daily", token);
		assertThat(after.status()).as(after.toString()).isIn(401, 403);
		var adjust = api().post("/api/v1/stock/adjustments", token, Map.of("location_id", UNKNOWN_ID, "product_id",
				UNKNOWN_ID, "quantity_change", 5, "reason", "x"), key());
		assertThat(adjust.status()).as(adjust.toString()).isIn(401, 403);
	}

	// the scene

	/** Real ids by the path segment they follow ({@code sales}, {@code users}, ...) or the parameter they fill. */
	private Map<String, String> ids() {
		var admin = api().adminToken();
		var shop = Shop.open(api(), "F5" + (System.nanoTime() % 10000), new BigDecimal("50"));
		var ids = new LinkedHashMap<String, String>();
		var sale = ok(api().post("/api/v1/sales", admin, shop.sale(1), key()));
		ids.put("sales", sale.json().path("id").asString());
		ids.put("saleLine", sale.json().path("lines").get(0).path("id").asString());
		var lines = Map.of("location_id", shop.location(), "lines", List.of(Map.of("product_id", shop.tea(), "quantity", 1)));
		ids.put("orders", id(api().post("/api/v1/orders", admin, lines, key())));
		ids.put("estimates", id(api().post("/api/v1/estimates", admin, lines, key())));
		ids.put("terminals", id(api().post("/api/v1/terminals", admin, Map.of("location_id", shop.location(), "code",
				"T" + (System.nanoTime() % 1000), "name", "Front till", "paper_width", 80), key())));
		ids.put("till-sessions", id(api().post("/api/v1/till-sessions", admin, Map.of("terminal_id", ids.get("terminals"),
				"opening_float", 100), key())));
		ids.put("customers", id(api().post("/api/v1/customers", admin, Map.of("name", "Asha Rao"), key())));
		ids.put("products", shop.tea());
		ids.put("productId", shop.tea());
		ids.put("locations", shop.location());
		ids.put("locationId", shop.location());
		ids.put("webhooks", id(api().post("/api/v1/webhooks", admin, Map.of("url", "https://hooks.example.com/api5",
				"event_types", List.of("sale.*")), key())));
		var name = "api5-target-" + System.nanoTime();
		api().tokenForNewUser(name, List.of("CASHIER"), null);
		ids.put("users", jdbc.sql("SELECT id::text FROM users WHERE username = :u").param("u", name).query(String.class)
			.single());
		ids.put("organization/financial-years", jdbc.sql("SELECT id::text FROM financial_years ORDER BY starts_on DESC LIMIT 1")
			.query(String.class).single());
		return ids;
	}

	private static String withIds(String template, Map<String, String> ids) {
		var path = template;
		for (var id : ids.entrySet()) {
			path = path.replace("/" + id.getKey() + "/{id}", "/" + id.getKey() + "/" + id.getValue())
				.replace("{" + id.getKey() + "}", id.getValue());
		}
		return path.replaceAll("\\{[^}]+}", UNKNOWN_ID);
	}

	/** Whole valid bodies of the writes that would hurt most, so that only the rule stops them. */
	private static Map<String, Object> bodies(Map<String, String> ids) {
		var bodies = new LinkedHashMap<String, Object>();
		bodies.put("POST /api/v1/users", Map.of("username", "api5-made-" + System.nanoTime(), "password",
				"correct horse battery staple", "roles", List.of("ADMIN")));
		bodies.put("PUT /api/v1/users/{id}/access", Map.of("roles", List.of("ADMIN")));
		bodies.put("POST /api/v1/users/{id}/password", Map.of("password", "a password the attacker knows"));
		bodies.put("PUT /api/v1/organization", Map.of("legal_name", "Someone Else Ltd", "country", "IN", "currency", "INR",
				"time_zone", "Asia/Kolkata"));
		bodies.put("POST /api/v1/webhooks", Map.of("url", "https://attacker.example.com/hook", "event_types",
				List.of("sale.*")));
		bodies.put("PATCH /api/v1/webhooks/{id}", Map.of("url", "https://attacker.example.com/hook"));
		bodies.put("POST /api/v1/stock/adjustments", Map.of("location_id", ids.get("locations"), "product_id",
				ids.get("products"), "quantity_change", -50, "reason", "shrinkage"));
		bodies.put("POST /api/v1/products/bulk/price-change", Map.of("percent", -99));
		bodies.put("PUT /api/v1/products/{id}", Map.of("sku", "STOLEN", "name", "Tea", "unit", "PIECE", "price", 0.01,
				"price_includes_tax", false, "tax_class_id", dev.kassa.support.Fixtures.GST_5));
		bodies.put("POST /api/v1/sales/{id}/void", Map.of("reason", "mine now"));
		bodies.put("POST /api/v1/sales/{id}/returns", Map.of("lines", List.of(Map.of("sale_line_id", ids.get("saleLine"),
				"quantity", 1, "restock", true)), "reason", "x", "refunds", List.of(Map.of("method", "CASH", "amount", 21))));
		bodies.put("POST /api/v1/till-sessions/{id}/paid-out", Map.of("amount", 50, "reason", "x"));
		bodies.put("POST /api/v1/messages", Map.of("channel", "EMAIL", "to", "victim@example.com", "subject", "x", "text",
				"x"));
		return bodies;
	}

	/** Row counts of the tables the writes above would change. */
	private Map<String, Long> counts() {
		var counts = new TreeMap<String, Long>();
		for (var table : List.of("users", "sales", "sale_returns", "orders", "estimates", "customers", "products",
				"webhooks", "messages", "stock_movements", "locations", "terminals", "till_sessions", "till_movements",
				"categories", "product_prices", "financial_years", "refresh_tokens")) {
			counts.put(table, count("SELECT count(*) FROM " + table));
		}
		counts.put("organization", count("SELECT count(*) FROM organization WHERE legal_name = 'Kassa Traders'"));
		return counts;
	}

	private TestClient.Response call(String method, String path, String token, Object body) {
		if (path.endsWith("/stream")) {
			return api().headersOnly(method, path, token);
		}
		return api().send(method, path, token, body, Map.of("Idempotency-Key", key()));
	}
}

package dev.kassa.security;

import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;

/**
 * OWASP API3:2023 Broken Object Property Level Authorization, both halves: what a caller may write and what an
 * answer may show.
 * <ul>
 * <li>Every JSON body of every operation in the OpenAPI document, sent by a role allowed to call it, with each
 * property the server owns ({@code id}, {@code number}, {@code status}, {@code total}, {@code created_at},
 * {@code created_by}, {@code password_hash}, {@code roles}, {@code active}, ...) that the body does not offer: 400
 * naming the property, and no event written. A new body is covered without anyone remembering to.</li>
 * <li>Properties a role may not set: a CASHIER's price below the floor and discount above the limit, on a sale, an
 * order and an estimate (403 naming the field); a MANAGER giving a user, or themselves, the role ADMIN (403); any
 * user's own roles, locations or active flag slipped into their password change (400 naming it). Nothing
 * changes.</li>
 * <li>Properties no answer shows: the password hashes, TOTP secrets, refresh tokens and their hashes, and a
 * webhook's signing secret (after the answer that created it) appear in no answer an ADMIN can read: users, me,
 * events, histories, webhooks; a user's own {@code me} shows only them.</li>
 * </ul>
 * Proved elsewhere: an unknown field at any depth ({@code platform.UnknownFieldsIntegrationTests}); client totals
 * that disagree are refused naming both figures ({@code sales.SaleIntegrationTests}); the discount limit per setting
 * ({@code sales.DiscountLimitIntegrationTests}); webhooks never carry users or secrets
 * ({@code notifications.WebhooksIntegrationTests}).
 */
class Api3BrokenObjectPropertyLevelAuthorizationIntegrationTests extends IntegrationTestSupport {

	/** The password {@link TestClient#tokenForNewUser} gives its users. */
	private static final String USER_PASSWORD = "correct horse battery staple";

	private static final String UNKNOWN_ID = "0190b7a0-0000-7000-8000-0000000000ff";

	/** Properties the server sets itself, with a value an attacker would like them to have. */
	private static final Map<String, Object> SERVER_OWNED = new LinkedHashMap<>();

	static {
		SERVER_OWNED.put("id", UNKNOWN_ID);
		SERVER_OWNED.put("number", "BLR1/2627/000001");
		SERVER_OWNED.put("status", "COMPLETED");
		SERVER_OWNED.put("total", 0);
		SERVER_OWNED.put("tax_total", 0);
		SERVER_OWNED.put("created_at", "2020-01-01T00:00:00Z");
		SERVER_OWNED.put("updated_at", "2020-01-01T00:00:00Z");
		SERVER_OWNED.put("created_by", UNKNOWN_ID);
		SERVER_OWNED.put("organization_id", UNKNOWN_ID);
		SERVER_OWNED.put("password_hash", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA");
		SERVER_OWNED.put("roles", List.of("ADMIN"));
		SERVER_OWNED.put("active", true);
		SERVER_OWNED.put("approved_by", UNKNOWN_ID);
		SERVER_OWNED.put("voided_at", "2020-01-01T00:00:00Z");
		SERVER_OWNED.put("position", 0);
		SERVER_OWNED.put("secret", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	}

	private static final List<String> ROLES = List.of("ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER");

	/** @param upload whether the body is a file upload, documented with a JSON schema but read as multipart parts */
	record Body(String method, String path, String role, Set<String> offered, boolean upload) {
	}

	/** Every operation with a JSON body: who may call it and the properties its body offers. */
	private List<Body> bodies() {
		var docs = api().get("/v3/api-docs", null).json();
		var bodies = new ArrayList<Body>();
		for (var path : docs.path("paths").properties()) {
			for (var operation : path.getValue().properties()) {
				var schema = operation.getValue().path("requestBody").path("content").path("application/json").path("schema");
				if (schema.isMissingNode()) {
					continue;
				}
				var roles = new ArrayList<String>();
				operation.getValue().path("x-roles").forEach(role -> roles.add(role.asString()));
				var role = roles.contains("PUBLIC") ? "PUBLIC"
						: ROLES.stream().filter(roles::contains).findFirst().orElse("ADMIN");
				bodies.add(new Body(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), role,
						properties(docs, schema), schema.toString().contains("\"binary\"")));
			}
		}
		return bodies;
	}

	private static Set<String> properties(JsonNode docs, JsonNode schema) {
		var names = new TreeSet<String>();
		if (schema.has("$ref")) {
			var name = schema.path("$ref").asString().replace("#/components/schemas/", "");
			return properties(docs, docs.path("components").path("schemas").path(name));
		}
		schema.path("properties").properties().forEach(property -> names.add(property.getKey()));
		for (var part : List.of("allOf", "oneOf", "anyOf")) {
			schema.path(part).forEach(each -> names.addAll(properties(docs, each)));
		}
		return names;
	}

	@Test
	void everyBodyRefusesThePropertiesTheServerOwnsNamingThem() {
		var tokens = new LinkedHashMap<String, String>();
		ROLES.forEach(role -> tokens.put(role, api().token(role)));
		var bodies = bodies();
		assertThat(bodies).hasSizeGreaterThan(50);
		long events = count("SELECT count(*) FROM events");
		var failures = new ArrayList<String>();
		for (var body : bodies) {
			var path = body.path().replaceAll("\\{[^}]+}", UNKNOWN_ID);
			for (var owned : SERVER_OWNED.entrySet()) {
				if (body.offered().contains(owned.getKey())) {
					continue;
				}
				var response = api().send(body.method(), path, tokens.get(body.role()), Map.of(owned.getKey(),
						owned.getValue()), Map.of("Idempotency-Key", key()));
				// an upload reads no JSON at all: refused for want of its file, which names the file
				boolean named = body.upload() ? response.errorFields().contains("file")
						: response.errorFields().contains(owned.getKey());
				if (response.status() != 400 || !named) {
					failures.add(body.role() + " " + body.method() + " " + body.path() + " with " + owned.getKey() + " -> "
							+ response.status() + " " + response.body().substring(0, Math.min(160, response.body().length())));
				}
			}
		}
		assertThat(failures).isEmpty();
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(events);
	}

	@Test
	void aRoleCannotSetWhatOnlyAHigherRoleMay() {
		var shop = Shop.open(api(), "P3" + (System.nanoTime() % 10000), new BigDecimal("10"));
		long sales = count("SELECT count(*) FROM sales");
		long orders = count("SELECT count(*) FROM orders");
		long estimates = count("SELECT count(*) FROM estimates");
		record Attempt(String field, String code, Map<String, Object> line, Map<String, Object> extra) {
		}
		var attempts = List.of(
				new Attempt("lines[0].unit_price", "price_override_not_allowed",
						Map.of("product_id", shop.tea(), "quantity", 1, "unit_price", new BigDecimal("0.01")), Map.of()),
				new Attempt("lines[0].discount", "discount_not_allowed",
						Map.of("product_id", shop.tea(), "quantity", 1, "discount", new BigDecimal("15")), Map.of()),
				new Attempt("discount", "discount_not_allowed", Map.of("product_id", shop.tea(), "quantity", 1),
						Map.of("discount", 60, "is_percentage_discount", true)));
		for (var attempt : attempts) {
			for (var route : List.of("/api/v1/sales", "/api/v1/orders", "/api/v1/estimates")) {
				var body = new LinkedHashMap<String, Object>(attempt.extra());
				body.put("location_id", shop.location());
				body.put("lines", List.of(attempt.line()));
				if (route.endsWith("sales")) {
					body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("0.01"))));
				}
				var refused = api().post(route, shop.cashier(), body, key());
				assertThat(refused.status()).as(route + " " + attempt.field() + ": " + refused).isEqualTo(403);
				assertThat(refused.json().path("code").asString()).as(route).isEqualTo(attempt.code());
				assertThat(refused.errorFields()).as(route).containsExactly(attempt.field());
			}
		}
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
		assertThat(count("SELECT count(*) FROM orders")).isEqualTo(orders);
		assertThat(count("SELECT count(*) FROM estimates")).isEqualTo(estimates);

		var managerName = "api3-mgr-" + System.nanoTime();
		var manager = api().tokenForNewUser(managerName, List.of("MANAGER"), List.of(shop.location()));
		var managerId = userId(managerName);
		long users = count("SELECT count(*) FROM users");
		var newAdmin = api().post("/api/v1/users", manager, Map.of("username", "api3-made-" + System.nanoTime(), "password",
				USER_PASSWORD, "roles", List.of("ADMIN")));
		assertThat(newAdmin.status()).as(newAdmin.toString()).isEqualTo(403);
		var promoted = api().put("/api/v1/users/" + managerId + "/access", manager, Map.of("roles", List.of("ADMIN")));
		assertThat(promoted.status()).as(promoted.toString()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM users")).isEqualTo(users);

		for (var self : Map.<String, Object>of("roles", List.of("ADMIN"), "location_ids", List.of(), "active", true,
				"username", "admin", "must_change_password", false).entrySet()) {
			var body = new LinkedHashMap<String, Object>();
			body.put("current_password", USER_PASSWORD);
			body.put("new_password", "a brand new passphrase 42");
			body.put(self.getKey(), self.getValue());
			var refused = api().put("/api/v1/me/password", manager, body);
			assertThat(refused.status()).as(self.getKey() + ": " + refused).isEqualTo(400);
			assertThat(refused.errorFields()).as(self.getKey()).containsExactly(self.getKey());
		}
		var me = ok(api().get("/api/v1/me", manager)).json();
		assertThat(me.path("roles").toString()).isEqualTo("[\"MANAGER\"]");
		assertThat(me.path("location_ids").toString()).isEqualTo("[\"" + shop.location() + "\"]");
		assertThat(me.path("username").asString()).isEqualTo(managerName);
		assertThat(api().login(managerName, USER_PASSWORD).status()).as("the password is unchanged").isEqualTo(200);
	}

	@Test
	void noAnswerShowsPasswordHashesSecretsOrTokens() {
		var admin = api().adminToken();
		var name = "api3-secret-" + System.nanoTime();
		var created = ok(api().post("/api/v1/users", admin, Map.of("username", name, "password", USER_PASSWORD, "roles",
				List.of("MANAGER")), key()));
		var userId = created.json().path("id").asString();
		var login = ok(api().login(name, USER_PASSWORD)).json();
		var token = login.path("access_token").asString();
		var refreshToken = login.path("refresh_token").asString();
		var totp = ok(api().post("/api/v1/me/totp", token, Map.of("password", USER_PASSWORD), key())).json();
		var totpSecret = totp.path("secret").asString();
		assertThat(totpSecret).isNotBlank();
		var webhook = ok(api().post("/api/v1/webhooks", admin, Map.of("url", "https://hooks.example.com/api3",
				"event_types", List.of("sale.*")), key())).json();
		var webhookSecret = webhook.path("secret").asString();
		assertThat(webhookSecret).isNotBlank();
		ok(api().put("/api/v1/users/" + userId + "/access", admin, Map.of("roles", List.of("MANAGER", "CASHIER"))));
		// the change of access ended the user's sessions: signed in again, with a refresh token of the new session
		login = ok(api().login(name, USER_PASSWORD)).json();
		token = login.path("access_token").asString();
		refreshToken = login.path("refresh_token").asString();

		var secrets = new LinkedHashMap<String, String>();
		secrets.put("a TOTP secret", totpSecret);
		secrets.put("a refresh token", refreshToken);
		secrets.put("a webhook's secret", webhookSecret);
		jdbc.sql("SELECT username, password_hash FROM users")
			.query((rs, n) -> secrets.put("the password hash of " + rs.getString(1), rs.getString(2)))
			.list();
		jdbc.sql("SELECT encode(token_hash, 'hex'), encode(token_hash, 'base64') FROM refresh_tokens")
			.query((rs, n) -> {
				secrets.put("a refresh token's hash " + n, rs.getString(1));
				return secrets.put("a refresh token's hash (base64) " + n, rs.getString(2));
			})
			.list();
		jdbc.sql("SELECT encode(secret, 'hex') FROM totp_factors")
			.query((rs, n) -> secrets.put("a TOTP secret (hex) " + n, rs.getString(1)))
			.list();

		var answers = new LinkedHashMap<String, TestClient.Response>();
		answers.put("the users", api().get("/api/v1/users?limit=100", admin));
		answers.put("the user", api().get("/api/v1/users/" + userId, admin));
		answers.put("the user's me", api().get("/api/v1/me", token));
		answers.put("the user's totp", api().get("/api/v1/me/totp", token));
		answers.put("the admin's me", api().get("/api/v1/me", admin));
		// the log is read once the sealer has sealed the user's last event (the access change)
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api()
			.get("/api/v1/events/history/user/" + userId, admin).body().contains("user.access_changed"));
		answers.put("the user's history", api().get("/api/v1/events/history/user/" + userId, admin));
		String cursor = null;
		int page = 0;
		do {
			var events = api().get("/api/v1/events?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), admin);
			answers.put("the events, page " + page++, events);
			cursor = events.json().path("next_cursor").isNull() ? null : events.json().path("next_cursor").asString(null);
		}
		while (cursor != null && page < 100);
		answers.put("the webhooks", api().get("/api/v1/webhooks", admin));
		answers.put("the webhook", api().get("/api/v1/webhooks/" + webhook.path("id").asString(), admin));
		answers.put("the refresh", api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", refreshToken)));
		for (var answer : answers.entrySet()) {
			assertThat(answer.getValue().status()).as(answer.getKey() + ": " + answer.getValue()).isEqualTo(200);
			var body = answer.getValue().body();
			for (var secret : secrets.entrySet()) {
				assertThat(body).as(answer.getKey() + " shows " + secret.getKey()).doesNotContain(secret.getValue());
			}
			for (var property : List.of("password_hash", "\"password\"", "token_hash", "totp_secret", "$argon2")) {
				assertThat(body).as(answer.getKey() + " has " + property).doesNotContain(property);
			}
		}
		assertThat(answers.get("the webhook").json().has("secret")).isFalse();
		assertThat(answers.get("the user's me").json().path("id").asString()).isEqualTo(userId);
		assertThat(answers.get("the user's me").body()).doesNotContain("\"admin\"");
	}

	private String userId(String username) {
		return jdbc.sql("SELECT id::text FROM users WHERE username = :u").param("u", username).query(String.class).single();
	}
}

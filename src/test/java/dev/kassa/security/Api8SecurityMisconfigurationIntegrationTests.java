package dev.kassa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * OWASP API8:2023 Security Misconfiguration: only the health, info and Prometheus actuator endpoints exist, even
 * for an ADMIN; error answers are problem documents without stack traces, class names or SQL; every answer,
 * refusals and errors included, carries the security headers; CORS is off (no origin is allowed by default);
 * TRACE is not answered; the server does not name its software.
 * <p>
 * Proved elsewhere: HSTS behind TLS or a trusted proxy ({@code identity.LoginBudgetIntegrationTests}), CORS with a
 * configured allow-list and metrics/docs behind settings ({@code platform.SecurityHolesIntegrationTests}).
 */
class Api8SecurityMisconfigurationIntegrationTests extends IntegrationTestSupport {

	private static final List<String> LEAKS = List.of("Exception", "\tat ", "at dev.kassa", "org.springframework",
			"java.lang", "SQLState", "PSQLException", "\"trace\"", "stackTrace", "select ", "SELECT ");

	@Test
	void noActuatorEndpointBeyondHealthInfoAndMetricsEvenForAnAdmin() {
		var admin = api().adminToken();
		for (var endpoint : List.of("env", "beans", "configprops", "heapdump", "threaddump", "loggers", "mappings",
				"metrics", "conditions", "scheduledtasks", "sbom", "flyway", "caches", "startup", "sessions")) {
			var response = api().get("/actuator/" + endpoint, admin);
			assertThat(response.status()).as(endpoint + " " + response).isEqualTo(404);
		}
		assertThat(api().post("/actuator/shutdown", admin, Map.of()).status()).isIn(404, 405);
		var links = api().get("/actuator", admin).body();
		assertThat(links).doesNotContain("/actuator/env").doesNotContain("heapdump");
		assertThat(api().get("/actuator/health", null).body()).doesNotContain("components").doesNotContain("jdbc:");
	}

	@Test
	void errorsAreProblemsWithoutInternals() {
		var manager = api().token("MANAGER");
		var answers = Map.of(
				"malformed JSON", api().send("POST", "/api/v1/customers", manager, "{\"name\": ", Map.of("Idempotency-Key", "k1")),
				"wrong type", api().send("POST", "/api/v1/customers", manager, "{\"name\": {\"a\": [1]}}", Map.of("Idempotency-Key", "k2")),
				"not a UUID", api().get("/api/v1/sales/not-a-uuid", manager),
				"unknown route", api().get("/api/v1/no-such-thing", manager),
				"wrong method", api().send("DELETE", "/api/v1/auth/login", null, null, Map.of()),
				"unsupported media type", api().send("POST", "/api/v1/customers", manager, "name=x",
						Map.of("Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "k3")),
				"huge number", api().send("POST", "/api/v1/customers", manager, "{\"name\": \"x\", \"credit_limit\": 1e999999999}",
						Map.of("Idempotency-Key", "k4")),
				"bad query", api().get("/api/v1/sales?limit=abc", manager));
		for (var answer : answers.entrySet()) {
			var response = answer.getValue();
			assertThat(response.status()).as(answer.getKey() + " " + response).isBetween(400, 499);
			assertThat(response.header("Content-Type")).as(answer.getKey()).startsWith("application/problem+json");
			assertThat(response.json().path("code").asString()).as(answer.getKey()).isNotBlank();
			for (var leak : LEAKS) {
				assertThat(response.body()).as(answer.getKey() + " leaks " + leak).doesNotContain(leak);
			}
			headers(answer.getKey(), response);
		}
		var quotes = api().get("/api/v1/customers?q=%27%22%5C%25", manager);
		assertThat(quotes.status()).as(quotes.toString()).isEqualTo(200);
	}

	@Test
	void refusalsAndStaticFilesCarryTheHeadersToo() {
		headers("401", api().get("/api/v1/sales", null));
		headers("403", api().get("/api/v1/users", api().token("CASHIER")));
		headers("200", api().get("/api/v1/me", api().token("CASHIER")));
		headers("health", api().get("/health", null));
		headers("docs", api().get("/v3/api-docs", null));
	}

	@Test
	void corsIsOffAndTraceIsNotAnswered() {
		var preflight = api().send("OPTIONS", "/api/v1/sales", null, null, Map.of("Origin", "https://evil.example",
				"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization"));
		assertThat(preflight.header("Access-Control-Allow-Origin")).as(preflight.toString()).isNull();
		var read = api().send("GET", "/api/v1/me", api().token("CASHIER"), null, Map.of("Origin", "https://evil.example"));
		assertThat(read.header("Access-Control-Allow-Origin")).isNull();
		assertThat(read.header("Access-Control-Allow-Credentials")).isNull();
		var trace = api().send("TRACE", "/api/v1/me", api().token("CASHIER"), null, Map.of());
		assertThat(trace.status()).as(trace.toString()).isIn(403, 405);
		assertThat(trace.body()).doesNotContain("Bearer");
	}

	private static void headers(String what, TestClient.Response response) {
		assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).as(what).isEqualTo("DENY");
		assertThat(response.header("Content-Security-Policy")).as(what).contains("default-src 'self'")
			.contains("frame-ancestors 'none'");
		assertThat(response.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
		assertThat(response.header("X-Powered-By")).as(what).isNull();
		var server = response.header("Server");
		assertThat(server == null || !server.matches(".*[0-9].*")).as(what + " Server: " + server).isTrue();
		if (response.status() == 401 || response.status() == 403 || what.equals("200")) {
			assertThat(response.header("Cache-Control")).as(what).contains("no-store");
		}
	}
}

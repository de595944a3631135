package dev.kassa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * OWASP API2 and API4 (unrestricted resource consumption) at login: the login budget is matched on the
 * route as Spring routes it, forwarded addresses count only from a trusted proxy, and at most one Argon2 hash
 * runs here at once with two logins waiting; the rest are answered 429 with Retry-After at once. And OWASP
 * API8 (misconfiguration) with the settings turned: HSTS behind a trusted TLS proxy, CORS for the configured
 * origin only, metrics and API docs for an ADMIN only.
 */
@TestPropertySource(properties = { "kassa.rate-limit.login.capacity=3", "kassa.rate-limit.login.per-second=0.001",
		"kassa.security.trusted-proxies=127.0.0.1/32,::1/128", "kassa.security.max-concurrent-hashes=1",
		"kassa.security.max-waiting-logins=2", "kassa.security.cors-origins=https://till.example",
		"kassa.security.public-metrics=false", "kassa.security.public-api-docs=false",
		"kassa.rate-limit.per-address.capacity=40", "kassa.rate-limit.per-address.per-second=0.001" })
class LoginBudgetIntegrationTests extends IntegrationTestSupport {

	@BeforeEach
	void signInAdminFirst() {
		api().adminToken();
	}

	private TestClient.Response login(String path, String from) {
		return api().send("POST", path, null, Map.of("username", "nobody-" + System.nanoTime(), "password", "wrong"),
				Map.of("X-Forwarded-For", from));
	}

	@Test
	void anEncodedLoginPathSpendsTheLoginBudget() {
		var from = "203.0.113.7";
		for (int i = 0; i < 3; i++) {
			var response = login("/api/v1/auth/%6Cogin", from);
			assertThat(response.status()).as(i + ": " + response).isEqualTo(401);
		}
		var refused = login("/api/v1/auth/%6Cogin", from);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isNotBlank();
		assertThat(login("/api/v1/auth/login", from).status()).isEqualTo(429);
		assertThat(login("/api/v1/auth/login;x=1", from).status()).isEqualTo(429);
	}

	@Test
	void behindATrustedProxyEachClientHasItsOwnBudget() {
		for (int i = 0; i < 3; i++) {
			login("/api/v1/auth/login", "198.51.100.1");
		}
		assertThat(login("/api/v1/auth/login", "198.51.100.1").status()).isEqualTo(429);
		assertThat(login("/api/v1/auth/login", "198.51.100.2").status()).isEqualTo(401);
		assertThat(count("SELECT count(*) FROM login_attempts WHERE key = 'addr:198.51.100.2'")).isEqualTo(1);
	}

	@Test
	void loginsBeyondTheHashingBoundAreAnswered429AtOnce() throws Exception {
		var start = new CountDownLatch(1);
		var tasks = new ArrayList<Callable<TestClient.Response>>();
		for (int i = 0; i < 20; i++) {
			var from = "192.0.2." + (i + 10);
			tasks.add(() -> {
				start.await();
				return api().send("POST", "/api/v1/auth/login", null,
						Map.of("username", "admin", "password", TestClient.ADMIN_PASSWORD), Map.of("X-Forwarded-For", from));
			});
		}
		List<TestClient.Response> answers = new ArrayList<>();
		long began = System.nanoTime();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = tasks.stream().map(executor::submit).toList();
			start.countDown();
			for (var future : futures) {
				answers.add(future.get());
			}
		}
		long seconds = (System.nanoTime() - began) / 1_000_000_000L;
		var statuses = answers.stream().map(TestClient.Response::status).toList();
		assertThat(statuses).as(statuses.toString()).contains(200, 429).containsOnly(200, 429);
		assertThat(answers.stream().filter(a -> a.status() == 429)).allMatch(a -> a.header("Retry-After") != null);
		assertThat(seconds).isLessThan(15);
	}

	@Test
	void behindATrustedTlsProxyHstsIsSentAndOnlyTheConfiguredOriginMayCallAndMetricsAndDocsNeedAnAdmin() {
		var secure = api().send("GET", "/health", null, null, Map.of("X-Forwarded-Proto", "https"));
		assertThat(secure.header("Strict-Transport-Security")).contains("max-age=");
		var allowed = api().send("OPTIONS", "/api/v1/me", null, null,
				Map.of("Origin", "https://till.example", "Access-Control-Request-Method", "GET"));
		assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://till.example");
		var other = api().send("OPTIONS", "/api/v1/me", null, null,
				Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
		assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(api().get("/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(api().get("/actuator/prometheus", api().token("MANAGER")).status()).isEqualTo(403);
		assertThat(api().get("/actuator/prometheus", api().adminToken()).status()).isEqualTo(200);
		assertThat(api().get("/v3/api-docs", null).status()).isEqualTo(401);
		assertThat(api().get("/v3/api-docs", api().adminToken()).status()).isEqualTo(200);
	}

	/** OWASP API4: forged tokens and WebSocket handshakes spend the address's budget before any token check. */
	@Test
	void forgedTokensAndWebSocketHandshakesAreCountedPerAddress() {
		var from = Map.of("X-Forwarded-For", "198.51.100.77");
		int refused = 0;
		for (int i = 0; i < 25; i++) {
			assertThat(api().send("GET", "/api/v1/me", "forged." + i + ".token", null, from).status()).isIn(401, 429);
			var ws = api().send("GET", "/ws?access_token=forged", null, null, from).status();
			if (ws == 429) {
				refused++;
			}
		}
		assertThat(refused).as("40 requests allowed of 50").isGreaterThan(0);
		assertThat(api().send("GET", "/api/v1/me", api().adminToken(), null, from).status()).isEqualTo(429);
	}
}

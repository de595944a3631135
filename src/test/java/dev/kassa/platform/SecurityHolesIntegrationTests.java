package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * The smaller holes of the security review, each tried as an attacker would against a real Kassa: OWASP API4
 * (resource consumption: multipart bodies, bucket memory), API6 (business flows retried twice), API8
 * (misconfiguration: headers, CORS, key file) and the last admin.
 */
class SecurityHolesIntegrationTests extends IntegrationTestSupport {

	@Autowired
	RateLimitFilter rateLimits;

	@Value("${kassa.data-dir}")
	String dataDir;

	private static String multipart(int bytes) {
		return "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n"
				+ "x".repeat(bytes) + "\r\n--b--\r\n";
	}

	private static final Map<String, String> MULTIPART = Map.of("Content-Type", "multipart/form-data; boundary=b");

	@Test
	void multipartBodiesHaveTheBodyLimitOutsideTheUploadEndpoint() {
		var body = multipart(2 * 1024 * 1024);
		var customers = api().send("POST", "/api/v1/customers", api().token("CASHIER"), body, MULTIPART);
		assertThat(customers.status()).as(customers.toString()).isEqualTo(413);
		var login = api().send("POST", "/api/v1/auth/login", null, body, MULTIPART);
		assertThat(login.status()).as(login.toString()).isEqualTo(413);
		var anonymousUpload = api().send("POST", "/api/v1/products/imports?mode=valid_rows", null, multipart(10), MULTIPART);
		assertThat(anonymousUpload.status()).isEqualTo(401);
		var cashierUpload = api().send("POST", "/api/v1/products/imports?mode=valid_rows", api().token("CASHIER"),
				multipart(10), Map.of("Content-Type", "multipart/form-data; boundary=b", "Idempotency-Key", "k1"));
		assertThat(cashierUpload.status()).isEqualTo(403);
	}

	@Test
	void aRetriedAdjustmentOrPriceChangeAppliesOnceAndNeedsAKey() {
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var store = fixtures.location("SH" + (System.nanoTime() % 10000), "29");
		var soap = fixtures.product("SH-" + UUID.randomUUID(), "100", Fixtures.GST_18, "track_stock", true);
		var manager = api().token("MANAGER");
		var adjustment = Map.of("location_id", store, "product_id", soap, "quantity_change", 5, "reason", "found");
		var noKey = api().post("/api/v1/stock/adjustments", manager, adjustment);
		assertThat(noKey.status()).isEqualTo(400);
		assertThat(noKey.errorFields()).containsExactly("Idempotency-Key");
		var key = UUID.randomUUID().toString();
		var first = api().post("/api/v1/stock/adjustments", manager, adjustment, key);
		var again = api().post("/api/v1/stock/adjustments", manager, adjustment, key);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(again.body()).isEqualTo(first.body());
		var level = api().get("/api/v1/stock/" + store + "/" + soap, manager);
		assertThat(level.json().path("on_hand").decimalValue()).isEqualByComparingTo("5");

		var category = api().post("/api/v1/categories", api().adminToken(), Map.of("name", "Soaps " + System.nanoTime()),
				UUID.randomUUID().toString());
		assertThat(category.status()).as(category.toString()).isEqualTo(201);
		var change = Map.of("category_id", category.json().path("id").asString(), "percent", 10);
		assertThat(api().post("/api/v1/products/bulk/price-change", manager, change).errorFields())
			.containsExactly("Idempotency-Key");
	}

	@Test
	void twoAdminsDemotingEachOtherAtOnceLeaveOneAndTheLastIsNeverRemoved() throws Exception {
		var admin = api().adminToken();
		var me = api().get("/api/v1/me", admin).json().path("id").asString();
		var otherName = "admin2-" + System.nanoTime();
		var other = api().post("/api/v1/users", admin, Map.of("username", otherName, "password",
				"correct horse battery staple", "roles", List.of("ADMIN"))).json().path("id").asString();
		var otherToken = api().login(otherName, "correct horse battery staple").json().path("access_token").asString();
		var start = new CountDownLatch(1);
		var tasks = List.<Callable<TestClient.Response>>of(() -> {
			start.await();
			return api().put("/api/v1/users/" + other + "/access", admin, Map.of("roles", List.of("CASHIER")));
		}, () -> {
			start.await();
			return api().put("/api/v1/users/" + me + "/access", otherToken, Map.of("roles", List.of("CASHIER")));
		});
		var statuses = new ArrayList<Integer>();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = tasks.stream().map(executor::submit).toList();
			start.countDown();
			for (var future : futures) {
				statuses.add(future.get().status());
			}
		}
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		assertThat(count("SELECT count(*) FROM users WHERE 'ADMIN' = ANY(roles) AND active")).isEqualTo(1);
		// the demoted one's access token ended with the demotion (before, it said ADMIN for its few minutes)
		var remaining = jdbc.sql("SELECT id FROM users WHERE 'ADMIN' = ANY(roles) AND active").query(String.class).single();
		var demotedToken = remaining.equals(me) ? otherToken : admin;
		assertThat(api().post("/api/v1/users/" + remaining + "/deactivate", demotedToken, null).status()).isEqualTo(401);
		assertThat(api().put("/api/v1/users/" + remaining + "/access", demotedToken, Map.of("roles", List.of("MANAGER")))
			.status()).isEqualTo(401);
		var restorer = remaining.equals(me) ? admin : otherToken;
		assertThat(api().put("/api/v1/users/" + me + "/access", restorer, Map.of("roles", List.of("ADMIN"))).status())
			.isEqualTo(200);
		// a change of access ends the user's sessions: the held admin token is gone either way
		api().forgetTokens();
	}

	@Test
	void aFloodOfBucketsForgetsTheQuietOnesNotTheBusyOnes() {
		api().get("/health", null);
		rateLimits.fillIdle(210_000);
		api().get("/health", null);
		rateLimits.forgetIdle();
		assertThat(rateLimits.bucketCount()).isLessThanOrEqualTo(180_000);
		assertThat(rateLimits.holds("a:127.0.0.1")).isTrue();
	}

	@Test
	void theSigningKeyFileIsTheOwnersOnly() throws Exception {
		var key = Path.of(dataDir).resolve("jwt-signing-key");
		if (Files.exists(key)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
		}
		var fresh = Files.createTempDirectory("kassa-key").resolve("k");
		SigningKey.createPrivate(fresh);
		assertThat(Files.size(fresh)).isZero();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");
	}

	@Test
	void everyAnswerCarriesTheSecurityHeadersAndCorsIsOffByDefault() {
		for (var answer : List.of(api().get("/health", null), api().get("/api/v1/me", null),
				api().get("/api/v1/me", api().token("CASHIER")))) {
			assertThat(answer.header("Content-Security-Policy")).contains("frame-ancestors 'none'", "default-src 'self'");
			assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
			assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("plain http, no trusted proxy").isEmpty();
		}
		var spoofed = api().send("GET", "/health", null, null, Map.of("X-Forwarded-Proto", "https"));
		assertThat(spoofed.headers().firstValue("Strict-Transport-Security")).isEmpty();
		var preflight = api().send("OPTIONS", "/api/v1/me", null, null,
				Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}
}

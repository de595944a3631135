package dev.kassa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.support.IntegrationTestSupport;

/**
 * With {@code kassa.security.totp-required-roles=MANAGER}, a MANAGER without a factor signs in with the password
 * to a token that reaches only the enrolment (403 {@code totp_enrolment_required} elsewhere, the actuator and
 * {@code /ws} included); once the factor is confirmed, the next sign-in asks for a code and reaches everything.
 * A required manager who has not set it up may not approve at a till. Other roles are not asked.
 */
@TestPropertySource(properties = "kassa.security.totp-required-roles=MANAGER")
class TotpRequiredIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = TotpIntegrationTests.PASSWORD;

	@Test
	void aRequiredUserWithoutAFactorReachesOnlyTheEnrolmentUntilItIsSetUp() throws Exception {
		var name = "mgr-required-" + System.nanoTime();
		var token = api().tokenForNewUser(name, List.of("MANAGER"), null);

		for (var path : List.of("/api/v1/products", "/api/v1/sales", "/api/v1/events/stream", "/actuator/info")) {
			var refused = api().get(path, token);
			assertThat(refused.status()).as(path).isEqualTo(403);
			assertThat(refused.json().path("code").asString()).as(path).isEqualTo("totp_enrolment_required");
		}
		long products = count("SELECT count(*) FROM products");
		var create = api().post("/api/v1/products", token, Map.of("sku", "X-" + System.nanoTime(), "name", "x"),
				UUID.randomUUID().toString());
		assertThat(create.status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM products")).isEqualTo(products);
		assertThat(closeCode(token)).isEqualTo(4403);

		assertThat(api().get("/api/v1/me", token).status()).isEqualTo(200);
		var status = api().get("/api/v1/me/totp", token);
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().path("required").asBoolean()).isTrue();
		assertThat(status.json().path("enabled").asBoolean()).isFalse();

		long step = TotpIntegrationTests.freshStep();
		var started = api().post("/api/v1/me/totp", token, Map.of("password", PASSWORD));
		assertThat(started.status()).as(started.toString()).isEqualTo(201);
		var user = new TotpIntegrationTests.Enrolled(name, UUID.randomUUID(), started.json().path("secret").asString(),
				List.of(), step);
		var confirmed = api().post("/api/v1/me/totp/confirm", token, Map.of("code", user.code(-1)));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);

		var login = api().login(name, PASSWORD);
		assertThat(login.json().path("code").asString()).isEqualTo("totp_required");
		var pair = api().post("/api/v1/auth/login/totp", null,
				Map.of("challenge_token", login.json().path("challenge_token").asString(), "code", user.code(0)));
		assertThat(pair.status()).as(pair.toString()).isEqualTo(200);
		var full = pair.json().path("access_token").asString();
		assertThat(api().get("/api/v1/products", full).status()).isEqualTo(200);
		assertThat(api().get("/actuator/info", full).status()).isEqualTo(200);
	}

	@Test
	void aRequiredManagerWithoutAFactorMayNotApproveAndOtherRolesAreNotAsked() {
		var name = "mgr-required-approver-" + System.nanoTime();
		api().tokenForNewUser(name, List.of("MANAGER"), null);
		var cashier = api().token("CASHIER");
		assertThat(api().get("/api/v1/products", cashier).status()).as("a CASHIER is not required").isEqualTo(200);
		assertThat(api().get("/api/v1/users", api().adminToken()).status()).as("nor an ADMIN here").isEqualTo(200);

		var approval = api().post("/api/v1/approvals", cashier, Map.of("approver_username", name, "approver_password",
				PASSWORD, "location_id", UUID.randomUUID().toString(), "max_percent", 50));
		assertThat(approval.status()).as(approval.toString()).isEqualTo(403);
		assertThat(approval.json().path("code").asString()).isEqualTo("approval_refused");
		assertThat(approval.json().path("detail").asString()).contains("two-step");
		assertThat(count("SELECT count(*) FROM approvals WHERE approver_name = '" + name + "'")).isZero();
	}

	/** The code {@code /ws} closes with for a token in its query. */
	private int closeCode(String token) throws Exception {
		{
			var closed = new java.util.concurrent.CompletableFuture<Integer>();
			var socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
				.buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token),
						new java.net.http.WebSocket.Listener() {
							@Override
							public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code,
									String reason) {
								closed.complete(code);
								return null;
							}
						})
				.join();
			try {
				return closed.get(20, java.util.concurrent.TimeUnit.SECONDS);
			}
			finally {
				socket.abort();
			}
		}
	}
}

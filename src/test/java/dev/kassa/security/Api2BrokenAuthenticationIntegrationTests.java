package dev.kassa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.platform.SigningKey;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * OWASP API2:2023 Broken Authentication, tried as an attacker holding a cashier's token and nothing else: tokens
 * with {@code alg: none}, signed with another key or another algorithm, edited after signing, expired, for another
 * issuer or audience, or for a user who does not exist are all refused, on REST and on {@code /ws}.
 * <p>
 * Proved elsewhere and not repeated here: race-free lockout after 5 wrong passwords and the address slow-down
 * ({@code identity.LoginDefenceIntegrationTests}), the bound on concurrent hashing and the login budget on every
 * spelling of the route ({@code identity.LoginBudgetIntegrationTests}), single-use refresh tokens whose reuse
 * revokes the family ({@code identity.IdentityIntegrationTests$Refresh}), the generated password that must be
 * changed ({@code identity.PasswordChangeRequiredIntegrationTests}).
 */
class Api2BrokenAuthenticationIntegrationTests extends IntegrationTestSupport {

	@Autowired
	SigningKey signingKey;

	@Test
	void forgedAndTamperedTokensAreRefused() throws Exception {
		var cashier = api().token("CASHIER");
		var admin = api().adminToken();
		var adminClaims = claims(admin);
		var now = Instant.now().getEpochSecond();
		var realKey = signingKey.key().getEncoded();

		var cases = new LinkedHashMap<String, String>();
		cases.put("alg none", unsigned(Map.of("alg", "none", "typ", "JWT"), adminClaims));
		cases.put("alg NONE", unsigned(Map.of("alg", "NONE", "typ", "JWT"), adminClaims));
		cases.put("another key", signed("HS256", "HmacSHA256", "another secret key of 32 bytes!!".getBytes(
				StandardCharsets.UTF_8), adminClaims));
		cases.put("HS512 with the real key", signed("HS512", "HmacSHA512", realKey, adminClaims));
		var promoted = claims(cashier);
		promoted.put("roles", List.of("ADMIN"));
		cases.put("roles edited after signing", cashier.substring(0, cashier.indexOf('.') + 1)
				+ part(promoted) + cashier.substring(cashier.lastIndexOf('.')));
		var expired = new LinkedHashMap<>(adminClaims);
		expired.put("iat", now - 7200);
		expired.put("exp", now - 3600);
		cases.put("expired", signed("HS256", "HmacSHA256", realKey, expired));
		var issuer = new LinkedHashMap<>(adminClaims);
		issuer.put("iss", "someone-else");
		cases.put("another issuer", signed("HS256", "HmacSHA256", realKey, issuer));
		var audience = new LinkedHashMap<>(adminClaims);
		audience.put("aud", List.of("another-api"));
		cases.put("another audience", signed("HS256", "HmacSHA256", realKey, audience));
		var noExpiry = new LinkedHashMap<>(adminClaims);
		noExpiry.remove("exp");
		cases.put("no expiry", signed("HS256", "HmacSHA256", realKey, noExpiry));
		cases.put("garbage", "not.a.token");
		cases.put("empty signature", admin.substring(0, admin.lastIndexOf('.') + 1));

		for (var forged : cases.entrySet()) {
			var response = api().get("/api/v1/users", forged.getValue());
			assertThat(response.status()).as(forged.getKey() + ": " + response).isEqualTo(401);
			assertThat(response.body()).as(forged.getKey()).doesNotContain("Exception");
		}
		assertThat(api().get("/api/v1/users", admin).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/users", cashier).status()).isEqualTo(403);
	}

	@Test
	void theTokenOfADeactivatedUserReachesNothing() throws Exception {
		var name = "api2-gone-" + System.nanoTime();
		var token = api().tokenForNewUser(name, List.of("MANAGER"), null);
		var id = jdbc.sql("SELECT id::text FROM users WHERE username = :u").param("u", name).query(String.class).single();
		assertThat(api().get("/api/v1/customers", token).status()).isEqualTo(200);
		var deactivated = api().post("/api/v1/users/" + id + "/deactivate", api().adminToken(), null);
		assertThat(deactivated.status()).as(deactivated.toString()).isIn(200, 204);
		var afterwards = api().get("/api/v1/customers", token);
		assertThat(afterwards.status()).as(afterwards.toString()).isEqualTo(401);
	}

	@Test
	void theLiveStreamRefusesForgedTokensToo() throws Exception {
		var admin = api().adminToken();
		var none = unsigned(Map.of("alg", "none", "typ", "JWT"), claims(admin));
		// in the query the token meets the bearer filter first: the handshake itself is refused with 401
		var handshake = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
			.buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + none),
					new java.net.http.WebSocket.Listener() {
					});
		assertThat(handshake).failsWithin(java.time.Duration.ofSeconds(20))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
					ex -> assertThat(ex.getResponse().statusCode()).isEqualTo(401));
		// in the first message it meets the live stream's own check: closed 4401
		var closed = new java.util.concurrent.CompletableFuture<Integer>();
		var socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
			.buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/ws"), new java.net.http.WebSocket.Listener() {
				@Override
				public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code,
						String reason) {
					closed.complete(code);
					return null;
				}
			})
			.join();
		try {
			socket.sendText(TestClient.JSON.writeValueAsString(Map.of("type", "auth", "access_token", none)), true)
				.join();
			assertThat(closed.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4401);
		}
		finally {
			socket.abort();
		}
		var sse = api().headersOnly("GET", "/api/v1/events/stream?access_token=" + none, null);
		assertThat(sse.status()).isEqualTo(401);
	}

	@SuppressWarnings("unchecked")
	static LinkedHashMap<String, Object> claims(String token) {
		var payload = token.split("\\.")[1];
		return TestClient.JSON.readValue(Base64.getUrlDecoder().decode(payload), LinkedHashMap.class);
	}

	static String part(Object json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(TestClient.JSON.writeValueAsBytes(json));
	}

	static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
		return part(header) + "." + part(claims) + ".";
	}

	static String signed(String alg, String macAlgorithm, byte[] key, Map<String, Object> claims) throws Exception {
		var signingInput = part(Map.of("alg", alg, "typ", "JWT")) + "." + part(claims);
		var mac = Mac.getInstance(macAlgorithm);
		mac.init(new SecretKeySpec(key, macAlgorithm));
		return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
	}
}

package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

@org.springframework.context.annotation.Import(PlatformIntegrationTests.Failing.class)
class PlatformIntegrationTests extends IntegrationTestSupport {

	/** An endpoint that fails the way a bug would, with SQL in its message. */
	@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
	@org.springframework.web.bind.annotation.RestController
	static class Failing {

		@org.springframework.web.bind.annotation.GetMapping("/api/v1/test-failure")
		@jakarta.annotation.security.PermitAll
		String fail() {
			throw new IllegalStateException("ERROR: relation \"users\" SELECT password_hash FROM users");
		}
	}

	@Autowired
	SigningKey signingKey;

	@Test
	void healthSaysTheDatabaseIsUp() {
		var response = api().get("/health", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("database").asString()).isEqualTo("up");
		assertThat(response.json().path("version").asString()).isNotBlank();
		assertThat(response.json().has("uptime_seconds")).isTrue();
	}

	@Test
	void actuatorHealthAndPrometheusAnswer() {
		assertThat(api().get("/actuator/health", null).status()).isEqualTo(200);
		var metrics = api().get("/actuator/prometheus", null);
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_threads_live_threads");
	}

	@Test
	void requestIdIsEchoedOrGenerated() {
		var given = api().send("GET", "/health", null, null, Map.of("X-Request-Id", "till-7.req-42"));
		assertThat(given.header("X-Request-Id")).isEqualTo("till-7.req-42");
		var generated = api().get("/health", null);
		assertThat(generated.header("X-Request-Id")).hasSize(36);
	}

	@Test
	void openApiDocumentsEveryOperationWithRolesAndProblems() {
		var docs = api().get("/v3/api-docs", null);
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		var login = docs.json().at("/paths/~1api~1v1~1auth~1login/post");
		assertThat(login.path("summary").asString()).isNotBlank();
		assertThat(login.path("x-roles").get(0).asString()).isEqualTo("PUBLIC");
		var users = docs.json().at("/paths/~1api~1v1~1users/post");
		assertThat(users.path("x-roles").toString()).contains("ADMIN");
		assertThat(users.at("/responses/403/content/application~1problem+json").isMissingNode()).isFalse();
		// the caller comes from the token: no operation asks for it as a parameter, nor documents its type
		var parameters = new java.util.ArrayList<String>();
		docs.json().path("paths").forEach(item -> item.forEach(operation -> operation.path("parameters")
			.forEach(parameter -> parameters.add(parameter.path("name").asString()))));
		assertThat(parameters).isNotEmpty().doesNotContain("user");
		assertThat(docs.json().at("/components/schemas/CurrentUser").isMissingNode()).isTrue();
		// bodies are documented with the names the server reads: snake_case, as are the query parameters
		assertThat(docs.json().at("/components/schemas/ProductInput/properties/tax_class_id").isMissingNode()).isFalse();
		var names = new java.util.ArrayList<String>();
		docs.json().path("components").path("schemas").forEach(schema -> names.addAll(schema.path("properties").propertyNames()));
		assertThat(names).isNotEmpty().noneMatch(name -> name.matches(".*[a-z][A-Z].*"));
		var queryNames = new java.util.ArrayList<String>();
		docs.json().path("paths").forEach(item -> item.forEach(operation -> operation.path("parameters")
			.forEach(parameter -> {
				if (parameter.path("in").asString().equals("query")) {
					queryNames.add(parameter.path("name").asString());
				}
			})));
		assertThat(queryNames).isNotEmpty().noneMatch(name -> name.matches(".*[a-z][A-Z].*"));
		assertThat(api().get("/swagger-ui/index.html", null).status()).isEqualTo(200);
	}

	@Nested
	class Problems {

		@Test
		void unknownRouteIsA404Problem() {
			var response = api().get("/api/v1/nothing-here", api().adminToken());
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().path("code").asString()).isEqualTo("no_such_route");
			assertThat(response.json().path("request_id").asString()).isNotBlank();
		}

		@Test
		void wrongMethodIsA405Problem() {
			var response = api().delete("/api/v1/auth/login", null);
			assertThat(response.status()).isEqualTo(405);
			assertThat(response.json().path("code").asString()).isEqualTo("method_not_allowed");
		}

		@Test
		void wrongMediaTypeIsA415Problem() {
			var response = api().send("POST", "/api/v1/auth/login", null, "username=a",
					Map.of("Content-Type", "application/x-www-form-urlencoded"));
			assertThat(response.status()).isEqualTo(415);
			assertThat(response.json().path("code").asString()).isEqualTo("unsupported_media_type");
		}

		@Test
		void malformedJsonIsA400Problem() {
			var response = api().post("/api/v1/auth/login", null, "{\"username\": ");
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().path("code").asString()).isEqualTo("malformed_json");
			assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.kassa");
		}

		@Test
		void wrongTypeNamesTheField() {
			var response = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "typed", "password", "long enough password", "roles", "CASHIER"));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errorFields()).containsExactly("roles");
		}

		/** A number where an enum or a boolean belongs would be read as some value; it is refused instead. */
		@Test
		void anEnumOrABooleanGivenAsANumberIsRefused() {
			var asOrdinal = api().post("/api/v1/users", api().adminToken(),
					"{\"username\": \"ordinal\", \"password\": \"long enough password\", \"roles\": [0]}");
			assertThat(asOrdinal.status()).isEqualTo(400);
			assertThat(asOrdinal.errorFields()).containsExactly("roles[0]");
			var taxClass = jdbc.sql("SELECT id FROM tax_classes ORDER BY id LIMIT 1").query(java.util.UUID.class).single();
			var asNumber = api().post("/api/v1/products", api().adminToken(), "{\"sku\": \"NUM-1\", \"name\": \"N\", "
					+ "\"unit\": \"PIECE\", \"price\": 10, \"tax_class_id\": \"" + taxClass + "\", \"price_includes_tax\": -1}",
					java.util.UUID.randomUUID().toString());
			assertThat(asNumber.status()).as(asNumber.toString()).isEqualTo(400);
			assertThat(asNumber.errorFields()).containsExactly("price_includes_tax");
			assertThat(count("SELECT count(*) FROM users WHERE username = 'ordinal'")).isZero();
			assertThat(count("SELECT count(*) FROM products WHERE sku = 'NUM-1'")).isZero();
		}

		@Test
		void validationNamesEveryField() {
			var response = api().post("/api/v1/users", api().adminToken(), Map.of());
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().path("code").asString()).isEqualTo("validation_failed");
			assertThat(response.errorFields()).contains("username", "password", "roles");
		}

		@Test
		void anUnexpectedFailureIsA500ProblemWithoutInternals() {
			var response = api().get("/api/v1/test-failure", api().adminToken());
			assertThat(response.status()).isEqualTo(500);
			assertThat(response.json().path("code").asString()).isEqualTo("internal_error");
			assertThat(response.json().path("request_id").asString()).isNotBlank();
			assertThat(response.body()).doesNotContain("SELECT").doesNotContain("IllegalState").doesNotContain("at dev.kassa");
		}

		/** {@code %ff} decodes to no UTF-8: Tomcat refuses to read the parameters, and that is the client's fault. */
		@Test
		void aQueryStringThatIsNotUtf8IsA400Problem() {
			for (var path : List.of("/api/v1/products?q=%ff", "/api/v1/sales?cursor=%00%ff", "/api/v1/customers?name=%c3")) {
				var response = api().get(path, api().adminToken());
				assertThat(response.status()).as(path).isEqualTo(400);
				assertThat(response.json().path("code").asString()).as(path).isEqualTo("malformed_query");
			}
		}

		/** A NUL in a text passes JSON and validation; PostgreSQL refuses it, and that is a 400, not a 409 conflict. */
		@Test
		void aTextWithANulCharacterIsA400ProblemAndNothingIsWritten() {
			long before = count("SELECT count(*) FROM categories");
			var response = api().post("/api/v1/categories", api().adminToken(), "{\"name\": \"Dal\\u0000\"}",
					java.util.UUID.randomUUID().toString());
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.json().path("code").asString()).isEqualTo("invalid_value");
			assertThat(response.json().path("detail").asString()).contains("NUL");
			assertThat(count("SELECT count(*) FROM categories")).isEqualTo(before);
		}

		/** Read by a security filter before any handler: the container's error page answers, as a problem too. */
		@Test
		void anUndecodableQueryOnTheEventStreamIsA400Problem() {
			var response = api().get("/api/v1/events/stream?topics=%00%ff", api().adminToken());
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().path("code").asString()).isEqualTo("malformed_query");
		}

		@Test
		void anOverlongPathValueNamesItself() {
			for (var path : List.of("/api/v1/products/by-sku/", "/api/v1/products/by-barcode/")) {
				var response = api().get(path + "9".repeat(65), api().adminToken());
				assertThat(response.status()).as(path).isEqualTo(400);
				assertThat(response.json().path("code").asString()).isEqualTo("validation_failed");
				assertThat(response.errorFields()).as(path).containsExactly(path.contains("sku") ? "sku" : "code");
			}
		}

		@Test
		void oversizedBodyIsA413Problem() {
			var big = "{\"username\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"password\": \"y\"}";
			var response = api().post("/api/v1/auth/login", null, big);
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.json().path("code").asString()).isEqualTo("payload_too_large");
		}
	}

	@Nested
	class Tokens {

		@Test
		void noTokenIsA401Problem() {
			var response = api().get("/api/v1/me", null);
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.json().path("code").asString()).isEqualTo("unauthenticated");
		}

		@Test
		void aValidTokenIsAccepted() {
			assertThat(api().get("/api/v1/me", token(claims(Instant.now().plusSeconds(60), "kassa", "kassa-api"),
					signingKey.key().getEncoded(), "HS256")).status()).isEqualTo(200);
		}

		@Test
		void algNoneIsRefused() {
			assertThat(api().get("/api/v1/me", unsigned(claims(Instant.now().plusSeconds(60), "kassa", "kassa-api")))
				.status()).isEqualTo(401);
		}

		@Test
		void aWrongKeyIsRefused() {
			var forged = token(claims(Instant.now().plusSeconds(60), "kassa", "kassa-api"),
					"a key that is not the server's signing key".getBytes(StandardCharsets.UTF_8), "HS256");
			assertThat(api().get("/api/v1/me", forged).status()).isEqualTo(401);
		}

		@Test
		void anExpiredTokenIsRefused() {
			var expired = token(claims(Instant.now().minusSeconds(600), "kassa", "kassa-api"),
					signingKey.key().getEncoded(), "HS256");
			assertThat(api().get("/api/v1/me", expired).status()).isEqualTo(401);
		}

		@Test
		void anExpiredTokenSaysSoInItsChallenge() {
			var expired = api().get("/api/v1/me", token(claims(Instant.now().minusSeconds(600), "kassa", "kassa-api"),
					signingKey.key().getEncoded(), "HS256"));
			assertThat(expired.status()).isEqualTo(401);
			assertThat(expired.header("WWW-Authenticate"))
				.isEqualTo("Bearer error=\"invalid_token\", error_description=\"expired\"");
			assertThat(expired.json().path("code").asString()).isEqualTo("token_expired");
		}

		@Test
		void aForgedOrMissingTokenIsNotCalledExpired() {
			var forged = api().get("/api/v1/me", token(claims(Instant.now().minusSeconds(600), "kassa", "kassa-api"),
					"a key that is not the server's signing key".getBytes(StandardCharsets.UTF_8), "HS256"));
			assertThat(forged.status()).isEqualTo(401);
			assertThat(forged.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
			assertThat(forged.json().path("code").asString()).isEqualTo("unauthenticated");
			var missing = api().get("/api/v1/me", null);
			assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
			var badAudience = api().get("/api/v1/me", token(claims(Instant.now().plusSeconds(60), "kassa", "other"),
					signingKey.key().getEncoded(), "HS256"));
			assertThat(badAudience.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		}

		@Test
		void aWrongIssuerOrAudienceIsRefused() {
			var key = signingKey.key().getEncoded();
			assertThat(api().get("/api/v1/me", token(claims(Instant.now().plusSeconds(60), "evil", "kassa-api"), key,
					"HS256")).status()).isEqualTo(401);
			assertThat(api().get("/api/v1/me", token(claims(Instant.now().plusSeconds(60), "kassa", "other"), key,
					"HS256")).status()).isEqualTo(401);
		}

		private String claims(Instant expires, String issuer, String audience) {
			var admin = api().get("/api/v1/me", api().adminToken()).json();
			return TestClient.JSON.writeValueAsString(Map.of("sub", admin.path("id").asString(), "iss", issuer, "aud",
					List.of(audience), "exp", expires.getEpochSecond(), "iat", Instant.now().getEpochSecond() - 700,
					"preferred_username", "admin", "roles", List.of("ADMIN")));
		}

		private static String unsigned(String claims) {
			return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".";
		}

		private static String token(String claims, byte[] key, String alg) {
			try {
				var signingInput = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(claims);
				var mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(key, "HmacSHA256"));
				return signingInput + "." + Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String b64(String text) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}
	}
}

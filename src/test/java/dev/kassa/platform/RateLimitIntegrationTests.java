package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.support.IntegrationTestSupport;

@TestPropertySource(properties = { "kassa.rate-limit.per-user.capacity=5", "kassa.rate-limit.per-user.per-second=0.01",
		"kassa.rate-limit.login.capacity=3", "kassa.rate-limit.login.per-second=0.01" })
class RateLimitIntegrationTests extends IntegrationTestSupport {

	@Test
	void aUserOverTheBudgetGets429WithRetryAfter() {
		var token = api().adminToken();
		int ok = 0;
		TestClientResponse limited = null;
		for (int i = 0; i < 10 && limited == null; i++) {
			var response = api().get("/api/v1/me", token);
			if (response.status() == 200) {
				ok++;
			}
			else {
				limited = new TestClientResponse(response.status(), response.header("Retry-After"),
						response.json().path("code").asString());
			}
		}
		assertThat(ok).isEqualTo(5);
		assertThat(limited).isNotNull();
		assertThat(limited.status()).isEqualTo(429);
		assertThat(Long.parseLong(limited.retryAfter())).isPositive();
		assertThat(limited.code()).isEqualTo("rate_limited");
	}

	@Test
	void loginIsLimitedPerAddress() {
		api().adminToken();
		int statusOfFourth = 0;
		for (int i = 0; i < 3; i++) {
			statusOfFourth = api().post("/api/v1/auth/login", null, Map.of("username", "x", "password", "y")).status();
		}
		// the admin's login was the first of the three allowed attempts
		assertThat(statusOfFourth).isEqualTo(429);
	}

	record TestClientResponse(int status, String retryAfter, String code) {
	}
}

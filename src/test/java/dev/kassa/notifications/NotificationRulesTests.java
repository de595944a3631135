package dev.kassa.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class NotificationRulesTests {

	@Test
	void backOffDoublesUpToItsCeilingWithAtMostHalfTakenOff() {
		var base = Duration.ofSeconds(10);
		var max = Duration.ofMinutes(5);
		for (int i = 0; i < 200; i++) {
			assertThat(Backoff.after(1, base, max)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
			assertThat(Backoff.after(3, base, max)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
			assertThat(Backoff.after(40, base, max)).isBetween(Duration.ofMinutes(5).dividedBy(2), Duration.ofMinutes(5));
		}
	}

	@Test
	void patternsMatchAllAnAggregateOrOneType() {
		assertThat(EventPatterns.matches(List.of("*"), "sale.completed")).isTrue();
		assertThat(EventPatterns.matches(List.of("sale.*"), "sale.completed")).isTrue();
		assertThat(EventPatterns.matches(List.of("sale.*"), "sales.completed")).isFalse();
		assertThat(EventPatterns.matches(List.of("sale.completed"), "sale.voided")).isFalse();
		assertThat(EventPatterns.matches(List.of("order.*", "sale.voided"), "sale.voided")).isTrue();
		assertThat(EventPatterns.valid("stock_transfer.*")).isTrue();
		assertThat(EventPatterns.valid("sale")).isFalse();
		assertThat(EventPatterns.valid("*.created")).isFalse();
	}

	@Test
	void theSignatureIsStripesScheme() {
		// HMAC-SHA256("key", "1700000000.{}"), computed independently
		assertThat(WebhookSignature.header("key", 1700000000L, "{}")).startsWith("t=1700000000,v1=");
		assertThat(WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
			.isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
		assertThat(WebhookSignature.newSecret()).startsWith("whsec_").hasSize(6 + 43);
	}

	@Test
	void onlyPublicAddressesArePublic() throws Exception {
		for (var literal : List.of("127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254",
				"100.64.1.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd12::1", "240.0.0.1", "198.18.0.1")) {
			assertThat(WebhookAddresses.isPublic(InetAddress.ofLiteral(literal))).as(literal).isFalse();
		}
		for (var literal : List.of("203.0.113.10", "8.8.8.8", "2001:4860:4860::8888")) {
			assertThat(WebhookAddresses.isPublic(InetAddress.ofLiteral(literal))).as(literal).isTrue();
		}
	}

	@Test
	void anAuditTrailKeepsOnlyAHintOfTheAddress() {
		assertThat(Messages.masked("asha@example.com")).isEqualTo("a***@example.com");
		assertThat(Messages.masked("+919845012345")).isEqualTo("***2345");
	}
}

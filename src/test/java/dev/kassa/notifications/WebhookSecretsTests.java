package dev.kassa.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class WebhookSecretsTests {

	private static String key(String thirtyTwoCharacters) {
		return Base64.getEncoder().encodeToString(thirtyTwoCharacters.getBytes(StandardCharsets.US_ASCII));
	}

	private final WebhookSecrets sealing = new WebhookSecrets(key("kassa-webhook-unit-0123456789abc"));

	private final UUID endpoint = UUID.randomUUID();

	@Test
	void aSealedSecretOpensOnlyForItsEndpointWithItsKey() {
		var secret = WebhookSignature.newSecret();
		var stored = sealing.seal(endpoint, secret);
		assertThat(stored).startsWith("sealed:v1:").doesNotContain(secret.substring("whsec_".length()));
		assertThat(sealing.seal(endpoint, secret)).as("a fresh IV each time").isNotEqualTo(stored);
		assertThat(sealing.open(endpoint, stored)).isEqualTo(secret);

		assertThatThrownBy(() -> sealing.open(UUID.randomUUID(), stored)).isInstanceOf(WebhookSecrets.Unreadable.class)
			.hasMessageContaining("damaged or not its own");
		var other = new WebhookSecrets(key("another-key-for-the-same-shop-xx"));
		assertThatThrownBy(() -> other.open(endpoint, stored)).isInstanceOf(WebhookSecrets.Unreadable.class)
			.hasMessageContaining("sealed with key " + stored.split(":")[2]);
		assertThatThrownBy(() -> new WebhookSecrets((String) null).open(endpoint, stored))
			.isInstanceOf(WebhookSecrets.Unreadable.class)
			.hasMessageContaining("no kassa.notifications.webhooks.secret-key is set");

		// one character of the ciphertext changed
		int last = stored.length() - 2;
		var tampered = stored.substring(0, last) + (stored.charAt(last) == 'A' ? 'B' : 'A') + stored.substring(last + 1);
		assertThatThrownBy(() -> sealing.open(endpoint, tampered)).isInstanceOf(WebhookSecrets.Unreadable.class);
		assertThatThrownBy(() -> sealing.open(endpoint, stored.substring(0, stored.lastIndexOf(':') + 4)))
			.isInstanceOf(WebhookSecrets.Unreadable.class);
	}

	/** Without a key secrets are kept in clear; with one, those written before it are still read as they are. */
	@Test
	void secretsInClearAreWrittenWithoutAKeyAndStillReadWithOne() {
		var clear = new WebhookSecrets((String) null);
		var secret = WebhookSignature.newSecret();
		assertThat(clear.seal(endpoint, secret)).isEqualTo(secret);
		assertThat(clear.open(endpoint, secret)).isEqualTo(secret);
		assertThat(sealing.open(endpoint, secret)).isEqualTo(secret);
	}

	@Test
	void aKeyThatIsNotBase64Of32BytesStopsTheStart() {
		assertThatThrownBy(() -> new WebhookSecrets("not base64!")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("must be base64");
		assertThatThrownBy(() -> new WebhookSecrets(key("only-sixteen-byt"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("must be 32 bytes");
	}
}

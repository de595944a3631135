package dev.kassa.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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

	/** A key moved to the previous ones still opens what it sealed; only the current key seals. */
	@Test
	void aPreviousKeyOnlyOpensAndWhatItSealedIsNotCurrent() {
		var secret = WebhookSignature.newSecret();
		var oldSealed = sealing.seal(endpoint, secret);
		var rotated = new WebhookSecrets(key("the-key-after-the-rotation-xxxxx"), List.of(key("kassa-webhook-unit-0123456789abc")));
		assertThat(rotated.open(endpoint, oldSealed)).isEqualTo(secret);
		assertThat(rotated.isCurrent(oldSealed)).isFalse();
		assertThat(rotated.isCurrent(secret)).as("in clear, while a key is set").isFalse();
		var newSealed = rotated.seal(endpoint, secret);
		assertThat(newSealed.split(":")[2]).isNotEqualTo(oldSealed.split(":")[2]);
		assertThat(rotated.isCurrent(newSealed)).isTrue();
		assertThat(rotated.open(endpoint, newSealed)).isEqualTo(secret);
		assertThatThrownBy(() -> sealing.open(endpoint, newSealed)).isInstanceOf(WebhookSecrets.Unreadable.class)
			.hasMessageContaining("not with the configured key");

		// going back to clear: the old key only opens
		var unsealing = new WebhookSecrets(null, List.of(key("kassa-webhook-unit-0123456789abc")));
		assertThat(unsealing.open(endpoint, oldSealed)).isEqualTo(secret);
		assertThat(unsealing.isCurrent(oldSealed)).isFalse();
		assertThat(unsealing.seal(endpoint, secret)).isEqualTo(secret);
		assertThat(unsealing.isCurrent(secret)).isTrue();
		assertThatThrownBy(() -> new WebhookSecrets(null, List.of("short"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("previous-secret-keys");
	}

	@Test
	void aKeyThatIsNotBase64Of32BytesStopsTheStart() {
		assertThatThrownBy(() -> new WebhookSecrets("not base64!")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("must be base64");
		assertThatThrownBy(() -> new WebhookSecrets(key("only-sixteen-byt"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("must be 32 bytes");
	}
}

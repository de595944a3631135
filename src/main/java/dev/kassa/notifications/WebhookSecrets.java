package dev.kassa.notifications;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.kassa.platform.Sealing;

/**
 * Webhook signing secrets as the database keeps them. A secret must be readable to sign with, so it cannot
 * be hashed; with {@code kassa.notifications.webhooks.secret-key} set (32 random bytes, base64) it is sealed
 * with AES-256-GCM, bound to its endpoint's id, and a copy of the database (a backup, a replica, a dump
 * handed to support) no longer signs as the shop. Stored as {@code sealed:v1:<key id>:<iv and ciphertext>};
 * the key id (the first 4 bytes of the key's SHA-256) tells a wrong key from a damaged value. A secret
 * written in clear before the key was set, or sealed with a key now listed in
 * {@code kassa.notifications.webhooks.previous-secret-keys}, is read as it is and sealed again with the
 * current key at start ({@link WebhookResealing}).
 */
@Component
class WebhookSecrets {

	private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

	private static final String PREFIX = "sealed:v1:";

	private final @Nullable SecretKeySpec key;

	private final String keyId;

	/** Every key that opens: the current one and the previous ones, by key id. */
	private final Map<String, SecretKeySpec> opening = new HashMap<>();

	@Autowired
	WebhookSecrets(NotificationSettings settings) {
		this(settings.webhooks().secretKey(), settings.webhooks().previousSecretKeys());
	}

	/** @param configured the key as configured: base64 of 32 bytes, or null or blank for none */
	WebhookSecrets(@Nullable String configured) {
		this(configured, List.of());
	}

	/**
	 * @param configured the key that seals: base64 of 32 bytes, or null or blank for none
	 * @param previous keys that only open, until {@link WebhookResealing} has sealed every secret with the
	 *        current one
	 */
	WebhookSecrets(@Nullable String configured, List<String> previous) {
		for (var old : previous) {
			if (!old.isBlank()) {
				var spec = spec(old, "kassa.notifications.webhooks.previous-secret-keys");
				opening.put(id(spec), spec);
			}
		}
		if (configured == null || configured.isBlank()) {
			key = null;
			keyId = "";
			log.info("Webhook secrets are stored in clear: set kassa.notifications.webhooks.secret-key to seal them");
			return;
		}
		key = spec(configured, "kassa.notifications.webhooks.secret-key");
		keyId = id(key);
		opening.put(keyId, key);
	}

	private static SecretKeySpec spec(String configured, String property) {
		return Sealing.key(configured, property);
	}

	private static String id(SecretKeySpec key) {
		return Sealing.id(key);
	}

	/** What to store for an endpoint's secret: sealed when a key is set, else the secret itself. */
	String seal(UUID webhookId, String secret) {
		if (key == null) {
			return secret;
		}
		var out = Sealing.seal(key, webhookId, secret.getBytes(StandardCharsets.UTF_8));
		return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
	}

	/**
	 * Whether a stored value is as {@link #seal} would store it now: sealed with the current key, or in
	 * clear when none is set. Any other is for {@link WebhookResealing}.
	 */
	boolean isCurrent(String stored) {
		return key == null ? !stored.startsWith(PREFIX) : stored.startsWith(PREFIX + keyId + ":");
	}

	/**
	 * The secret of a stored value: opened when sealed, as it is when in clear.
	 *
	 * @throws Unreadable when it is sealed and no key, another key or a damaged value stands in the way
	 */
	String open(UUID webhookId, String stored) {
		if (!stored.startsWith(PREFIX)) {
			return stored;
		}
		int colon = stored.indexOf(':', PREFIX.length());
		var storedKeyId = colon < 0 ? "" : stored.substring(PREFIX.length(), colon);
		var sealedWith = opening.get(storedKeyId);
		if (sealedWith == null && key == null) {
			throw new Unreadable("webhook " + webhookId + "'s secret is sealed and no "
					+ "kassa.notifications.webhooks.secret-key is set");
		}
		if (sealedWith == null) {
			throw new Unreadable("webhook " + webhookId + "'s secret is sealed with key " + storedKeyId
					+ ", not with the configured key " + keyId + " or a previous one");
		}
		byte[] in;
		try {
			in = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new Unreadable("webhook " + webhookId + "'s sealed secret is damaged", ex);
		}
		byte[] secret;
		try {
			secret = Sealing.open(sealedWith, webhookId, in);
		}
		catch (Sealing.Unreadable ex) {
			throw new Unreadable("webhook " + webhookId + "'s sealed secret is " + ex.getMessage(), ex);
		}
		return new String(secret, StandardCharsets.UTF_8);
	}

	/** A sealed secret that cannot be opened with the configured key; the message says why. */
	static final class Unreadable extends RuntimeException {

		Unreadable(String message) {
			super(message, null, false, false);
		}

		Unreadable(String message, Throwable cause) {
			super(message, cause, false, false);
		}
	}
}

package dev.kassa.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The key that seals secrets at rest ({@link Sealing}): {@code kassa.security.secrets-key}, or generated once
 * into the data directory's {@code secrets-key} file, created owner-only before the key is written, like the
 * token signing key. It is never in the database: a copy of the database or a backup alone opens nothing.
 * Lose it and the sealed secrets are gone (TOTP users then sign in with a recovery code or an admin's reset),
 * so it is kept, like the signing key, beside the backups and not in them.
 */
@Component
public class SecretsKey {

	private static final Logger log = LoggerFactory.getLogger(SecretsKey.class);

	private final SecretKeySpec key;

	private final String id;

	SecretsKey(SecuritySettings security, PlatformSettings platform) throws IOException {
		if (security.secretsKey() != null && !security.secretsKey().isBlank()) {
			key = Sealing.key(security.secretsKey(), "kassa.security.secrets-key");
		}
		else {
			var file = platform.dataDir().resolve("secrets-key");
			if (Files.exists(file)) {
				key = Sealing.key(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
			}
			else {
				var bytes = new byte[32];
				new SecureRandom().nextBytes(bytes);
				Files.createDirectories(file.getParent());
				SigningKey.createPrivate(file);
				Files.writeString(file, Base64.getEncoder().encodeToString(bytes), StandardCharsets.US_ASCII);
				log.info("Generated the key that seals secrets at rest in {}", file.toAbsolutePath());
				key = Sealing.key(bytes, file.toString());
			}
		}
		id = Sealing.id(key);
	}

	/** Which key this is (4 bytes of its SHA-256, hex), stored beside what it sealed. */
	public String id() {
		return id;
	}

	public byte[] seal(UUID owner, byte[] plain) {
		return Sealing.seal(key, owner, plain);
	}

	/** @throws Sealing.Unreadable when it was sealed with another key, for another owner, or is damaged */
	public byte[] open(UUID owner, String keyId, byte[] sealed) {
		if (!keyId.equals(id)) {
			throw new Sealing.Unreadable("sealed with key " + keyId + ", not with this instance's key " + id
					+ " (kassa.security.secrets-key or the data directory's secrets-key file)");
		}
		return Sealing.open(key, owner, sealed);
	}
}

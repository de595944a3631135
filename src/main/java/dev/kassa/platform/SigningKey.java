package dev.kassa.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The HMAC key that signs access tokens: from configuration, or generated once and kept in the data directory. */
@Component
public class SigningKey {

	private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

	private final SecretKey key;

	SigningKey(SecuritySettings security, PlatformSettings platform) throws IOException {
		byte[] bytes;
		if (security.jwtSecret() != null && !security.jwtSecret().isBlank()) {
			bytes = Base64.getDecoder().decode(security.jwtSecret().trim());
		}
		else {
			var file = platform.dataDir().resolve("jwt-signing-key");
			if (Files.exists(file)) {
				bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
			}
			else {
				bytes = new byte[32];
				new SecureRandom().nextBytes(bytes);
				Files.createDirectories(file.getParent());
				createPrivate(file);
				Files.writeString(file, Base64.getEncoder().encodeToString(bytes), StandardCharsets.US_ASCII);
				log.info("Generated a token signing key in {}", file.toAbsolutePath());
			}
		}
		if (bytes.length < 32) {
			throw new IllegalStateException("kassa.security.jwt-secret must hold at least 32 bytes (base64)");
		}
		this.key = new SecretKeySpec(bytes, "HmacSHA256");
	}

	/**
	 * Creates the empty file readable by its owner only, before the key is written into it, so that no other
	 * user can open it in between.
	 */
	public static void createPrivate(java.nio.file.Path file) throws IOException {
		try {
			Files.createFile(file,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system; the directory's own permissions protect it
			Files.createFile(file);
		}
	}

	public SecretKey key() {
		return key;
	}
}

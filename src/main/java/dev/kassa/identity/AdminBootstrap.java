package dev.kassa.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import dev.kassa.platform.SecuritySettings;

/**
 * The first start creates {@code admin}: with KASSA_ADMIN_PASSWORD, or a random password written to
 * {@code admin-password} in the data directory (readable by its owner only), never to the log, which is
 * often shipped elsewhere and kept for long. It
 * runs once every bean exists and before the web server starts, so that no request (a script that signs
 * in as soon as the port answers) can come before the admin it expects.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final IdentityService identity;

	private final SecuritySettings settings;

	private final dev.kassa.platform.PlatformSettings platform;

	AdminBootstrap(IdentityService identity, SecuritySettings settings, dev.kassa.platform.PlatformSettings platform) {
		this.identity = identity;
		this.settings = settings;
		this.platform = platform;
	}

	@Override
	public void afterSingletonsInstantiated() {
		var generated = identity.ensureAdmin(settings.adminPassword());
		if (generated != null) {
			var file = platform.dataDir().resolve("admin-password");
			try {
				java.nio.file.Files.createDirectories(file.getParent());
				java.nio.file.Files.deleteIfExists(file);
				dev.kassa.platform.SigningKey.createPrivate(file);
				java.nio.file.Files.writeString(file, generated + "\n", java.nio.charset.StandardCharsets.US_ASCII);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException("Could not write the first admin's password to " + file, ex);
			}
			log.warn("Created the user 'admin' with a one-time password in {} (readable by this user only); sign in, "
					+ "change it (PUT /api/v1/me/password) and delete the file", file.toAbsolutePath());
		}
	}
}

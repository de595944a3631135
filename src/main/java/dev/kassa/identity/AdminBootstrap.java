package dev.kassa.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import dev.kassa.platform.SecuritySettings;

/**
 * The first start creates {@code admin}: with KASSA_ADMIN_PASSWORD, or a random password logged once. It
 * runs once every bean exists and before the web server starts, so that no request (a script that signs
 * in as soon as the port answers) can come before the admin it expects.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final IdentityService identity;

	private final SecuritySettings settings;

	AdminBootstrap(IdentityService identity, SecuritySettings settings) {
		this.identity = identity;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		var generated = identity.ensureAdmin(settings.adminPassword());
		if (generated != null) {
			log.warn("Created the user 'admin' with the one-time password: {}  (change it: PUT /api/v1/me/password)",
					generated);
		}
	}
}

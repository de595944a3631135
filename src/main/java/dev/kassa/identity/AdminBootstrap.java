package dev.kassa.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.kassa.platform.SecuritySettings;

/** The first start creates {@code admin}: with KASSA_ADMIN_PASSWORD, or a random password logged once. */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final IdentityService identity;

	private final SecuritySettings settings;

	AdminBootstrap(IdentityService identity, SecuritySettings settings) {
		this.identity = identity;
		this.settings = settings;
	}

	@Override
	public void run(ApplicationArguments args) {
		var generated = identity.ensureAdmin(settings.adminPassword());
		if (generated != null) {
			log.warn("Created the user 'admin' with the one-time password: {}  (change it: PUT /api/v1/me/password)",
					generated);
		}
	}
}

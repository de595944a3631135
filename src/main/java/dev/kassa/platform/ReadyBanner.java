package dev.kassa.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who started Kassa where to go next. */
@Component
class ReadyBanner {

	private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

	@EventListener
	void ready(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		var port = environment.getProperty("local.server.port");
		if (port == null) {
			return;
		}
		var base = "http://localhost:" + port;
		log.info("""
				Kassa is ready on {}
				  API docs:  {}/swagger-ui.html   (OpenAPI: {}/v3/api-docs)
				  Health:    {}/health
				  Log in:    curl -s {}/api/v1/auth/login -H 'Content-Type: application/json' \\
				                  -d '{"username":"admin","password":"..."}'
				             (the password is KASSA_ADMIN_PASSWORD, or the one-time one in <data dir>/admin-password)""",
				base, base, base, base, base);
	}
}

package dev.kassa.platform;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** {@code KASSA_LOG_FORMAT=json} switches the console log to structured JSON (Elastic Common Schema). */
class LogFormat implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		var format = environment.getProperty("kassa.log-format", "text");
		if (format.equalsIgnoreCase("json")) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("kassa-log-format", Map.of("logging.structured.format.console", "ecs")));
		}
		else if (!format.equalsIgnoreCase("text")) {
			throw new IllegalStateException("kassa.log-format must be text or json, not " + format);
		}
	}
}

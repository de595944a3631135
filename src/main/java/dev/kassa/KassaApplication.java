package dev.kassa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.kassa.events.EventVerifier;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class KassaApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("verify-events")) {
			System.exit(verifyEvents(java.util.Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(KassaApplication.class, args);
	}

	/** {@code java -jar kassa.jar verify-events}: checks the event log's hash chain without serving HTTP. */
	static int verifyEvents(String[] args) {
		try (var context = new SpringApplicationBuilder(KassaApplication.class).web(WebApplicationType.NONE)
			.run(args)) {
			var verification = context.getBean(EventVerifier.class).verify();
			System.out.println(verification.describe());
			return verification.ok() ? 0 : 1;
		}
	}
}

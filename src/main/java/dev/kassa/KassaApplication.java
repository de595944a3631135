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

	/**
	 * Tomcat's WebSocket engine gives every connection an input, an output and an encoder buffer of this many
	 * bytes (8 KiB unless set), read once when its classes load, so it is set here, before any server starts.
	 * Thousands of live connections are idle most of the time: 2 KiB each saves 18 KiB per connection
	 * (bench/README.md); a longer outgoing message goes through the buffer in 2 KiB writes.
	 */
	static final String WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	static {
		if (System.getProperty(WEBSOCKET_BUFFER) == null) {
			System.setProperty(WEBSOCKET_BUFFER, "2048");
		}
	}

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("verify-events")) {
			System.exit(verifyEvents(java.util.Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && args[0].equals("backup")) {
			System.exit(BackupCommands.backup(java.util.Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && args[0].equals("restore")) {
			System.exit(BackupCommands.restore(java.util.Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(KassaApplication.class, args);
	}

	/** {@code java -jar kassa.jar verify-events}: checks the event log's hash chain, serving no HTTP; exit 0 when intact, 1 when broken. */
	static int verifyEvents(String[] args) {
		var verification = verification(args);
		System.out.println(verification.describe());
		return verification.ok() ? 0 : 1;
	}

	/** Starts Kassa without serving HTTP (its database, migrations) and verifies the event log's chain. */
	static EventVerifier.Verification verification(String[] args) {
		return offline(args, context -> context.getBean(EventVerifier.class).verify());
	}

	/** Runs {@code work} on Kassa started without serving HTTP: its database and migrations, no port. */
	static <T> T offline(String[] args,
			java.util.function.Function<org.springframework.context.ConfigurableApplicationContext, T> work) {
		// A servlet context without a port: the security configuration needs the web stack, HTTP is not served.
		var withoutPort = java.util.Arrays.copyOf(args, args.length + 1);
		withoutPort[args.length] = "--server.port=-1";
		try (var context = new SpringApplicationBuilder(KassaApplication.class).web(WebApplicationType.SERVLET)
			.run(withoutPort)) {
			return work.apply(context);
		}
	}
}

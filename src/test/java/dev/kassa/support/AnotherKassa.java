package dev.kassa.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.springframework.core.env.Environment;

import dev.kassa.KassaApplication;

/**
 * Kassa in a JVM of its own on the calling test's database and data directory (so the same token signing
 * key), on a random port, its output in a log under {@code target/}. Killed with SIGKILL, as a crash or an
 * out-of-memory kill would: no shutdown hook, no clean-up. Should the test's JVM stop first (a build
 * timeout), the other stops with it.
 */
public final class AnotherKassa implements AutoCloseable {

	private static final Pattern STARTED_ON_PORT = Pattern.compile("started on port\\D*(\\d+)");

	private final Process process;

	private final Path log;

	private final Thread killer;

	private final int port;

	private AnotherKassa(Process process, Path log) {
		this.process = process;
		this.log = log;
		this.killer = new Thread(process::destroyForcibly);
		Runtime.getRuntime().addShutdownHook(killer);
		this.port = awaitPort();
	}

	/** Starts it with the given extra arguments ({@code --name=value}) and waits until it serves HTTP. */
	public static AnotherKassa start(Environment environment, String name, String... arguments) throws IOException {
		var log = Path.of("target", name + "-" + System.currentTimeMillis() + ".log");
		Files.createDirectories(log.getParent());
		var java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		var command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), KassaApplication.class.getName(), "--server.port=0",
				"--kassa.db.url=" + environment.getProperty("kassa.db.url"), "--kassa.db.user=postgres",
				"--kassa.data-dir=" + environment.getProperty("kassa.data-dir"),
				"--kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD, "--kassa.db.pool-size=8",
				"--spring.flyway.enabled=false",
				"--kassa.rate-limit.per-user.capacity=100000", "--kassa.rate-limit.per-user.per-second=100000",
				"--kassa.rate-limit.per-address.capacity=100000", "--kassa.rate-limit.per-address.per-second=100000"));
		command.addAll(List.of(arguments));
		var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			return new AnotherKassa(process, log);
		}
		catch (RuntimeException | Error ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	public TestClient client() {
		return new TestClient(port);
	}

	/** SIGKILL, and waits until it is gone. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the other Kassa is gone").isTrue();
	}

	@Override
	public void close() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
		Runtime.getRuntime().removeShutdownHook(killer);
	}

	/** The port it logs when its web server has started. */
	private int awaitPort() {
		var found = new int[1];
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("the other Kassa died; see " + log.toAbsolutePath()).isTrue();
			var matcher = STARTED_ON_PORT.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
			if (matcher.find()) {
				found[0] = Integer.parseInt(matcher.group(1));
				return true;
			}
			return false;
		});
		return found[0];
	}
}

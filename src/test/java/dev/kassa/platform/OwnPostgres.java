package dev.kassa.platform;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL of one test class's own, started the way Kassa starts it, for tests that kill,
 * hang or restart the database: the shared one of {@code TestDatabase} serves every other class of the JVM.
 * Always on the same port, so that Kassa's JDBC URL holds across a restart. Durable, as Kassa's own: with
 * {@code kassa.db.durable=false} (no {@code synchronous_commit}) a killed server loses the last commits it
 * had already acknowledged, and the checker says so.
 */
public final class OwnPostgres implements AutoCloseable {

	private final Path directory;

	private final int port;

	private EmbeddedPostgres postgres;

	private final List<ProcessHandle> stopped = new ArrayList<>();

	private OwnPostgres(Path directory, int port) throws IOException {
		this.directory = directory.toAbsolutePath().normalize();
		this.port = port;
		this.postgres = EmbeddedDatabaseConfiguration.startEmbedded(this.directory, true, port);
	}

	public static OwnPostgres start(Path directory) throws IOException {
		// bound where PostgreSQL listens: a port free on the wildcard address may be taken on the loopback one
		int port;
		try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		return new OwnPostgres(directory, port);
	}

	public String url() {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

	public int port() {
		return port;
	}

	public Path directory() {
		return directory;
	}

	/** A superuser connection, autocommit. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), "postgres", "");
	}

	public void execute(String sql) throws SQLException {
		try (var connection = connect(); var statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** The postmaster's process. */
	public ProcessHandle postmaster() throws IOException {
		var pid = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).getFirst().strip());
		return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
	}

	/** SIGKILL on the postmaster, as the kernel's out-of-memory killer would; waits until its backends are gone too. */
	public void kill() throws IOException, InterruptedException {
		var postmaster = postmaster();
		var children = postmaster.descendants().toList();
		postmaster.destroyForcibly();
		postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join();
		// backends notice their postmaster's death and leave; a new postmaster refuses to start while they live
		CompletableFuture.allOf(children.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
			.completeOnTimeout(null, 30, TimeUnit.SECONDS)
			.join();
		children.forEach(ProcessHandle::destroyForcibly);
	}

	/** Starts it again on its data (crash recovery, when it was killed) and its port. */
	public void restart() throws IOException {
		try {
			postgres.close();
		}
		catch (IOException | RuntimeException ex) {
			// it was killed: pg_ctl finds nothing to stop; the library still lets go of the directory
		}
		postgres = EmbeddedDatabaseConfiguration.startEmbedded(directory, true, port);
	}

	/** SIGSTOP on the postmaster and every backend: the whole server hangs, its sockets stay open. */
	public void hang() throws IOException, InterruptedException {
		var postmaster = postmaster();
		stopped.clear();
		// the postmaster first, so that it forks no backend after its children were listed; then its children
		// until none is new: a backend forked just before the postmaster stopped would still answer queries
		stopped.add(postmaster);
		signal("STOP", List.of(postmaster));
		while (true) {
			var fresh = postmaster.descendants().filter(p -> !stopped.contains(p)).toList();
			if (fresh.isEmpty()) {
				return;
			}
			stopped.addAll(fresh);
			signal("STOP", fresh);
		}
	}

	/** SIGCONT to what {@link #hang()} stopped. */
	public void resume() throws IOException, InterruptedException {
		signal("CONT", stopped);
		stopped.clear();
	}

	private static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
		var command = new ArrayList<>(List.of("kill", "-" + signal));
		processes.forEach(p -> command.add(Long.toString(p.pid())));
		var process = new ProcessBuilder(command).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed");
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		if (!stopped.isEmpty()) {
			resume();
		}
		postgres.close();
	}
}

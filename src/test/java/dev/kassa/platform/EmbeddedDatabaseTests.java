package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL that `./kassa start` runs on: durable, and restartable after a crash. */
class EmbeddedDatabaseTests {

	@TempDir
	Path data;

	@Test
	void commitsAreFlushedToDiskAndSurviveARestart() throws Exception {
		try (var postgres = EmbeddedDatabaseConfiguration.startEmbedded(data, true)) {
			assertThat(setting(postgres, "fsync")).isEqualTo("on");
			assertThat(setting(postgres, "synchronous_commit")).isEqualTo("on");
			execute(postgres, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
		}
		try (var postgres = EmbeddedDatabaseConfiguration.startEmbedded(data, false)) {
			assertThat(setting(postgres, "fsync")).isEqualTo("off");
			assertThat(query(postgres, "SELECT n FROM kept")).isEqualTo("42");
		}
	}

	@Test
	void aStatementThatFailsOnPurposeIsNotLoggedByTheServer() throws Exception {
		try (var postgres = EmbeddedDatabaseConfiguration.startEmbedded(data, false)) {
			assertThat(setting(postgres, "log_min_messages")).isEqualTo("fatal");
			assertThat(setting(postgres, "log_min_error_statement")).isEqualTo("panic");
			// the client still learns what failed: the refusal is the application's to report, or not
			assertThatThrownBy(() -> execute(postgres,
					"DO $$ BEGIN RAISE EXCEPTION 'the statement gave no row' USING ERRCODE = 'KA003'; END $$"))
				.isInstanceOfSatisfying(SQLException.class, ex -> assertThat(ex.getSQLState()).isEqualTo("KA003"));
		}
	}

	@Test
	void aPostgresLeftRunningByAKassaThatDiedIsStoppedAndTheDataKept() throws Exception {
		var directory = data.toAbsolutePath().normalize();
		String binary;
		try (var first = EmbeddedDatabaseConfiguration.startEmbedded(data, true)) {
			execute(first, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");
			binary = ProcessHandle.of(pid(directory)).orElseThrow().info().command().orElseThrow();
		}
		// a postmaster of this directory whose JVM died without a word (halt: no shutdown hooks, as kill -9)
		var java = ProcessHandle.current().info().command().orElseThrow();
		var child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Orphan.class.getName(),
				directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolveSibling(directory.getFileName() + "-orphan.log").toFile())
			.start();
		assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).isEqualTo(3);
		var orphan = ProcessHandle.of(pid(directory)).orElseThrow();
		assertThat(orphan.isAlive()).isTrue();
		try {
			try (var postgres = EmbeddedDatabaseConfiguration.startEmbedded(data, true)) {
				assertThat(orphan.isAlive()).isFalse();
				assertThat(query(postgres, "SELECT n FROM kept")).isEqualTo("7");
			}
		}
		finally {
			orphan.destroyForcibly();
		}
	}

	/** Starts the embedded PostgreSQL on the directory given and dies at once, leaving it running. */
	static final class Orphan {

		public static void main(String[] args) throws Exception {
			EmbeddedDatabaseConfiguration.startEmbedded(Path.of(args[0]), true);
			Runtime.getRuntime().halt(3);
		}
	}

	private static long pid(Path directory) throws java.io.IOException {
		return Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).getFirst().strip());
	}

	@Test
	void aPidFileOfAnotherProgramIsLeftAlone() throws Exception {
		Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");
		EmbeddedDatabaseConfiguration.stopOrphan(data);
		assertThat(ProcessHandle.current().isAlive()).isTrue();
		Files.writeString(data.resolve("postmaster.pid"), "not a pid\n");
		EmbeddedDatabaseConfiguration.stopOrphan(data);
	}

	private static String setting(EmbeddedPostgres postgres, String name) throws SQLException {
		return query(postgres, "SHOW " + name);
	}

	private static String query(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (var connection = postgres.getPostgresDatabase().getConnection();
				var result = connection.createStatement().executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (var connection = postgres.getPostgresDatabase().getConnection()) {
			connection.createStatement().execute(sql);
		}
	}
}

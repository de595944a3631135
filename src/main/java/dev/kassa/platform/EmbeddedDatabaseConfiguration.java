package dev.kassa.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one DataSource of Kassa: the configured PostgreSQL, or, with no URL configured, an embedded
 * PostgreSQL whose data lives under the data directory and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	DataSource dataSource(PlatformSettings settings) throws IOException {
		var db = settings.db();
		var config = new HikariConfig();
		config.setPoolName("kassa");
		config.setMaximumPoolSize(db.poolSize());
		config.setMinimumIdle(Math.min(4, db.poolSize()));
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		timeouts(config, db);
		if (!db.embedded()) {
			config.setJdbcUrl(db.url());
			config.setUsername(db.user());
			config.setPassword(db.password());
			return new HikariDataSource(config);
		}
		var pgData = settings.dataDir().resolve("postgres").toAbsolutePath().normalize();
		var postgres = startEmbedded(pgData, db.durable(), 0);
		try {
			EmbeddedRoles.secure(pgData, postgres.getPort());
		}
		catch (IOException | RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
		config.setUsername(EmbeddedRoles.APP);
		config.setPassword(EmbeddedRoles.secret(pgData, EmbeddedRoles.APP));
		return new HikariDataSource(config) {
			@Override
			public void close() {
				super.close();
				try {
					postgres.close();
				}
				catch (IOException ex) {
					log.warn("Embedded PostgreSQL did not stop cleanly", ex);
				}
			}
		};
	}

	/**
	 * Bounds every wait on the database, so that a database that is down, hung or cut off fails requests in a
	 * known time instead of holding them and the pool: opening a connection (TCP and sign-in), waiting for a
	 * pooled one, each answer on an open one (the socket timeout, which also gives up a connection whose peer
	 * vanished), and a statement on the server. TCP keepalive lets the operating system notice a dead peer of
	 * an idle connection. The pool evicts a broken connection and opens new ones once the database is back.
	 */
	static void timeouts(HikariConfig config, PlatformSettings.Db db) {
		config.setConnectionTimeout(Math.max(250, db.poolTimeout().toMillis()));
		config.setValidationTimeout(Math.max(250, Math.min(db.connectTimeout().toMillis(), 5000)));
		config.addDataSourceProperty("connectTimeout", Long.toString(seconds(db.connectTimeout())));
		config.addDataSourceProperty("loginTimeout", Long.toString(seconds(db.connectTimeout())));
		config.addDataSourceProperty("socketTimeout", Long.toString(seconds(db.socketTimeout())));
		config.addDataSourceProperty("tcpKeepAlive", "true");
		config.addDataSourceProperty("options", "-c statement_timeout=" + db.statementTimeout().toMillis());
	}

	private static long seconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

	/** The embedded server's superuser password (see {@link EmbeddedRoles}). */
	static String superuserPassword(Path dataDir) throws IOException {
		return EmbeddedRoles.secret(dataDir.resolve("postgres").toAbsolutePath().normalize(), EmbeddedRoles.SUPERUSER);
	}

	/**
	 * Migrations on the embedded database run as the schema's owner; the pool connects as the application's
	 * role, which cannot change the schema. With an external database both are {@code kassa.db.user} unless
	 * {@code kassa.db.owner-user} is set (see docs/reliability.md).
	 */
	@Bean
	org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer migrationsAsOwner(
			PlatformSettings settings, DataSource dataSource) {
		return configuration -> {
			var db = settings.db();
			if (dataSource instanceof HikariDataSource hikari && db.embedded()) {
				try {
					var pgData = settings.dataDir().resolve("postgres").toAbsolutePath().normalize();
					configuration.dataSource(hikari.getJdbcUrl(), EmbeddedRoles.OWNER,
							EmbeddedRoles.secret(pgData, EmbeddedRoles.OWNER));
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}
			else if (dataSource instanceof HikariDataSource hikari && db.ownerUser() != null
					&& !db.ownerUser().isBlank()) {
				configuration.dataSource(hikari.getJdbcUrl(), db.ownerUser(), db.ownerPassword());
			}
		};
	}

	static EmbeddedPostgres startEmbedded(Path directory, boolean durable) throws IOException {
		return startEmbedded(directory, durable, 0);
	}

	/**
	 * Starts (or, on its existing data, starts again) the embedded PostgreSQL on the given port, any free one
	 * when 0. The server gives up a connection whose client vanished without a word (TCP keepalive after 10 s
	 * idle, then 3 probes 5 s apart; a running query checks its client every 5 s), so that a session's locks,
	 * such as the event sealer's, are not held for a client that is gone.
	 */
	static EmbeddedPostgres startEmbedded(Path directory, boolean durable, int port) throws IOException {
		var dataDir = directory.toAbsolutePath().normalize();
		Files.createDirectories(dataDir);
		stopOrphan(dataDir);
		long started = System.nanoTime();
		var builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setServerConfig("max_connections", "300")
			.setServerConfig("shared_buffers", "256MB")
			.setServerConfig("tcp_keepalives_idle", "10")
			.setServerConfig("tcp_keepalives_interval", "5")
			.setServerConfig("tcp_keepalives_count", "3")
			.setServerConfig("client_connection_check_interval", "5s")
			// An expected refusal (a sale short of stock fails its one statement on purpose) is no error of the
			// server's: by default PostgreSQL wrote an ERROR line and the whole 45-line statement for each into
			// Kassa's log. Kassa reports the failures it does not expect itself, with their SQL state; the
			// server's own log keeps what only it knows (FATAL and PANIC: startup, crashes, authentication).
			.setServerConfig("log_min_messages", "fatal")
			.setServerConfig("log_min_error_statement", "panic")
			.setPGStartupWait(Duration.ofSeconds(60));
		if (port > 0) {
			builder.setPort(port);
		}
		// once secured (EmbeddedRoles), the server asks the library's readiness check for a password too
		var superuser = dataDir.resolve("kassa-" + EmbeddedRoles.SUPERUSER + ".secret");
		if (Files.isRegularFile(superuser)) {
			builder.setConnectConfig("password", Files.readString(superuser).strip());
		}
		if (durable) {
			// the library starts postgres with -F (no fsync) and synchronous_commit off, as suits tests;
			// a later -c wins over -F, so a till's committed sale survives a crash or a power loss
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		var postgres = builder.start();
		log.info("Embedded PostgreSQL on port {} with data in {} started in {} ms{}", postgres.getPort(),
				dataDir, (System.nanoTime() - started) / 1_000_000,
				durable ? "" : " (not durable: kassa.db.durable=false)");
		return postgres;
	}

	/**
	 * Stops a PostgreSQL left running on this data directory by an earlier Kassa that died without stopping
	 * it (killed, or crashed): it would hold the data directory and this start would fail. Only a live
	 * process named postgres whose arguments name this very directory is stopped.
	 */
	static void stopOrphan(Path dataDir) throws IOException {
		var pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		long pid;
		try (var lines = Files.lines(pidFile)) {
			pid = Long.parseLong(lines.findFirst().orElse("").strip());
		}
		catch (NumberFormatException | java.io.UncheckedIOException ex) {
			return;
		}
		var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
		if (process == null) {
			return;
		}
		var info = process.info();
		boolean postgres = info.command().map(command -> command.endsWith("/postgres")).orElse(false);
		var directory = dataDir.toAbsolutePath().normalize().toString();
		boolean ours = info.arguments().map(args -> java.util.Arrays.asList(args).contains(directory)).orElse(false);
		if (!postgres || !ours) {
			return;
		}
		log.warn("A PostgreSQL (pid {}) was left running on {} by an earlier Kassa that did not stop it; stopping it",
				pid, directory);
		process.destroy();
		try {
			process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for the earlier PostgreSQL to stop", ex);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IOException("The PostgreSQL left running (pid " + pid + ") on " + directory
					+ " did not stop within 60 s; stop it and start Kassa again", ex);
		}
	}
}

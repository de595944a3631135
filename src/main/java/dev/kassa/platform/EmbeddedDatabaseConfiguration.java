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
		if (!db.embedded()) {
			config.setJdbcUrl(db.url());
			config.setUsername(db.user());
			config.setPassword(db.password());
			return new HikariDataSource(config);
		}
		var postgres = startEmbedded(settings.dataDir().resolve("postgres"), db.durable());
		config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		config.setUsername("postgres");
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

	static EmbeddedPostgres startEmbedded(Path directory, boolean durable) throws IOException {
		var dataDir = directory.toAbsolutePath().normalize();
		Files.createDirectories(dataDir);
		stopOrphan(dataDir);
		long started = System.nanoTime();
		var builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setServerConfig("max_connections", "300")
			.setServerConfig("shared_buffers", "256MB")
			// An expected refusal (a sale short of stock fails its one statement on purpose) is no error of the
			// server's: by default PostgreSQL wrote an ERROR line and the whole 45-line statement for each into
			// Kassa's log. Kassa reports the failures it does not expect itself, with their SQL state; the
			// server's own log keeps what only it knows (FATAL and PANIC: startup, crashes, authentication).
			.setServerConfig("log_min_messages", "fatal")
			.setServerConfig("log_min_error_statement", "panic")
			.setPGStartupWait(Duration.ofSeconds(60));
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

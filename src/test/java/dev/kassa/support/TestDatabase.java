package dev.kassa.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL per test JVM. The schema is migrated once into a template database, and each
 * test class gets its own database cloned from it, so classes never see each other's rows.
 */
public final class TestDatabase {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static EmbeddedPostgres postgres;

	private TestDatabase() {
	}

	private static synchronized EmbeddedPostgres server() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder()
					.setServerConfig("max_connections", "500")
					.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off")
					// BenchSqlIntegrationTests compares the statements a sale sends with bench/sql's scripts
					.setServerConfig("shared_preload_libraries", "pg_stat_statements")
					.setPGStartupWait(java.time.Duration.ofSeconds(60))
					.start();
				try (var connection = postgres.getPostgresDatabase().getConnection();
						var statement = connection.createStatement()) {
					statement.execute("CREATE DATABASE kassa_template");
				}
				Flyway.configure()
					.dataSource(postgres.getJdbcUrl("postgres", "kassa_template"), "postgres", "")
					.locations("classpath:db/migration")
					.load()
					.migrate();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return postgres;
	}

	/** A new database with the migrated schema; answers its JDBC URL. */
	public static synchronized String newDatabase(String name) {
		var server = server();
		var database = "kassa_" + COUNTER.incrementAndGet() + "_" + name.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
		database = database.substring(0, Math.min(database.length(), 60));
		try (var connection = server.getPostgresDatabase().getConnection();
				var statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + database + " TEMPLATE kassa_template");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return server.getJdbcUrl("postgres", database);
	}
}

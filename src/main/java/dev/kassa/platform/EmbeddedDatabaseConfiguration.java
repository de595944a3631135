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
		var postgres = startEmbedded(settings.dataDir().resolve("postgres"));
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

	private static EmbeddedPostgres startEmbedded(Path dataDir) throws IOException {
		Files.createDirectories(dataDir);
		long started = System.nanoTime();
		var postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setServerConfig("max_connections", "300")
			.setServerConfig("shared_buffers", "256MB")
			.setPGStartupWait(Duration.ofSeconds(60))
			.start();
		log.info("Embedded PostgreSQL on port {} with data in {} started in {} ms", postgres.getPort(),
				dataDir.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
		return postgres;
	}
}

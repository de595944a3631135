package dev.kassa.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the platform, bound from {@code kassa.*} (environment variables {@code KASSA_*}).
 *
 * @param dataDir where the embedded database and the generated signing key live
 * @param db the database; a blank URL starts the embedded PostgreSQL
 * @param maxBodySize largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("kassa")
public record PlatformSettings(
		@DefaultValue("./data") Path dataDir,
		@DefaultValue Db db,
		@DefaultValue("1MB") DataSize maxBodySize) {

	/**
	 * @param durable for the embedded PostgreSQL: each commit is flushed to disk before it is answered
	 *     ({@code fsync} and {@code synchronous_commit} on). Off, a crash or power loss may lose the last
	 *     commits and an OS crash may corrupt the data: for tests and throw-away demos only
	 * @param connectTimeout longest wait for a new connection to be opened and signed in
	 * @param socketTimeout longest wait for any answer of the database on an open connection, after which
	 *     the connection is given up: a hung or blackholed database fails a request instead of holding it
	 * @param statementTimeout longest a statement may run on the server ({@code statement_timeout})
	 * @param poolTimeout longest a request waits for a free connection of the pool
	 * @param retryAfter what a 503 answered while the database is unreachable asks the client to wait
	 * @param ownerUser an external database's role that owns the schema and runs the migrations, when Kassa
	 *     itself ({@code user}) may only read and write rows; empty: {@code user} runs them
	 * @param ownerPassword its password
	 */
	public record Db(@Nullable String url, @DefaultValue("kassa") String user, @DefaultValue("") String password,
			@DefaultValue("16") int poolSize, @DefaultValue("true") boolean durable,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("40s") Duration socketTimeout,
			@DefaultValue("30s") Duration statementTimeout, @DefaultValue("5s") Duration poolTimeout,
			@DefaultValue("5s") Duration retryAfter, @DefaultValue("") String ownerUser,
			@DefaultValue("") String ownerPassword) {

		public boolean embedded() {
			return url == null || url.isBlank();
		}
	}
}

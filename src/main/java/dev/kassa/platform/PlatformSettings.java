package dev.kassa.platform;

import java.nio.file.Path;

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
	 */
	public record Db(@Nullable String url, @DefaultValue("kassa") String user, @DefaultValue("") String password,
			@DefaultValue("16") int poolSize, @DefaultValue("true") boolean durable) {

		public boolean embedded() {
			return url == null || url.isBlank();
		}
	}
}

package dev.kassa.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Refresh tokens and failed-login counters. */
@Repository
class Sessions {

	private final JdbcClient jdbc;

	Sessions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record StoredToken(UUID familyId, UUID userId, Instant expiresAt, @Nullable Instant usedAt,
			@Nullable Instant revokedAt) {
	}

	void insert(byte[] hash, UUID familyId, UUID userId, Instant expiresAt, Instant now) {
		jdbc.sql("""
				INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, created_at)
				VALUES (:hash, :family, :user, :expires, :now)
				""")
			.param("hash", hash)
			.param("family", familyId)
			.param("user", userId)
			.param("expires", Timestamp.from(expiresAt))
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<StoredToken> lock(byte[] hash) {
		return jdbc.sql("""
				SELECT family_id, user_id, expires_at, used_at, revoked_at FROM refresh_tokens
				WHERE token_hash = :hash FOR UPDATE
				""")
			.param("hash", hash)
			.query((rs, n) -> new StoredToken(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getTimestamp(3).toInstant(), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))))
			.optional();
	}

	void markUsed(byte[] hash, Instant now) {
		jdbc.sql("UPDATE refresh_tokens SET used_at = :now WHERE token_hash = :hash")
			.param("now", Timestamp.from(now))
			.param("hash", hash)
			.update();
	}

	void revokeFamily(UUID familyId, Instant now) {
		jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("family", familyId)
			.update();
	}

	void revokeUser(UUID userId, Instant now) {
		jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("user", userId)
			.update();
	}

	/** Seconds until the key is unlocked, or 0. */
	long lockedFor(String key, Instant now) {
		return jdbc.sql("SELECT locked_until FROM login_attempts WHERE key = :key")
			.param("key", key)
			.query((rs, n) -> rs.getTimestamp(1))
			.optional()
			.filter(until -> until != null && until.toInstant().isAfter(now))
			.map(until -> Math.max(1, java.time.Duration.between(now, until.toInstant()).toSeconds() + 1))
			.orElse(0L);
	}

	/**
	 * Counts a failure; from {@code threshold} failures on, locks the key for 30 s, doubling with each
	 * further failure up to 15 minutes.
	 */
	void fail(String key, int threshold, Instant now) {
		jdbc.sql("""
				INSERT INTO login_attempts AS a (key, failures, locked_until, last_failure_at)
				VALUES (:key, 1, NULL, :now)
				ON CONFLICT (key) DO UPDATE SET
				    failures = a.failures + 1,
				    last_failure_at = :now,
				    locked_until = CASE WHEN a.failures + 1 >= CAST(:threshold AS int)
				        THEN CAST(:now AS timestamptz) + least(interval '15 minutes',
				            interval '30 seconds' * power(2, least(a.failures + 1 - CAST(:threshold AS int), 10)))
				        ELSE a.locked_until END
				""").param("key", key).param("now", Timestamp.from(now)).param("threshold", threshold).update();
	}

	void clear(String key) {
		jdbc.sql("DELETE FROM login_attempts WHERE key = :key").param("key", key).update();
	}

	void forgetOld(Instant before) {
		jdbc.sql("DELETE FROM login_attempts WHERE last_failure_at < :before AND (locked_until IS NULL OR locked_until < :before)")
			.param("before", Timestamp.from(before))
			.update();
		jdbc.sql("DELETE FROM refresh_tokens WHERE expires_at < :before").param("before", Timestamp.from(before)).update();
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}

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

	private final dev.kassa.platform.TokenRevocations revocations;

	Sessions(JdbcClient jdbc, dev.kassa.platform.TokenRevocations revocations) {
		this.jdbc = jdbc;
		this.revocations = revocations;
	}

	record StoredToken(UUID familyId, UUID userId, Instant expiresAt, @Nullable Instant usedAt,
			@Nullable Instant revokedAt, @Nullable String usedBy) {
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
				SELECT family_id, user_id, expires_at, used_at, revoked_at, used_by FROM refresh_tokens
				WHERE token_hash = :hash FOR UPDATE
				""")
			.param("hash", hash)
			.query((rs, n) -> new StoredToken(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getTimestamp(3).toInstant(), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
					rs.getString(6)))
			.optional();
	}

	void markUsed(byte[] hash, Instant now, String client) {
		jdbc.sql("UPDATE refresh_tokens SET used_at = :now, used_by = :client WHERE token_hash = :hash")
			.param("now", Timestamp.from(now))
			.param("client", client)
			.param("hash", hash)
			.update();
	}

	void revokeFamily(UUID familyId, Instant now) {
		jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("family", familyId)
			.update();
	}

	/**
	 * Ends the user's sessions: their refresh tokens, the access tokens issued so far, and any sign-in waiting for
	 * its second step.
	 */
	void revokeUser(UUID userId, Instant now) {
		revocations.revokeBefore(userId, now);
		jdbc.sql("DELETE FROM totp_challenges WHERE user_id = :user").param("user", userId).update();
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
	 * Counts an attempt before its password is checked, so that parallel attempts cannot all pass a lock read
	 * before any failure is written: one atomic statement per key takes the attempt unless the key is locked,
	 * and the attempt that reaches {@code threshold} locks it (30 s doubling per further failure, up to 15 min;
	 * or a fixed {@code slowDown} when given, for a shared address that must slow down, not lock out).
	 *
	 * @return the number of attempts counted so far, or -1 when the key is locked and this attempt not taken
	 */
	int attempt(String key, int threshold, java.time.@Nullable Duration slowDown, Instant now) {
		var lock = slowDown == null ? "30 seconds" : slowDown.toMillis() + " milliseconds";
		return jdbc.sql("""
				INSERT INTO login_attempts AS a (key, failures, locked_until, last_failure_at)
				VALUES (:key, 1, CASE WHEN 1 >= CAST(:threshold AS int)
				    THEN CAST(:now AS timestamptz) + CAST(:lock AS interval) END, :now)
				ON CONFLICT (key) DO UPDATE SET
				    failures = a.failures + 1,
				    last_failure_at = :now,
				    locked_until = CASE WHEN a.failures + 1 >= CAST(:threshold AS int)
				        THEN CAST(:now AS timestamptz) + coalesce(CAST(:slow AS interval), least(interval '15 minutes',
				            interval '30 seconds' * power(2, least(a.failures + 1 - CAST(:threshold AS int), 10))))
				        ELSE a.locked_until END
				WHERE a.locked_until IS NULL OR a.locked_until <= :now
				RETURNING failures
				""")
			.param("key", key)
			.param("now", Timestamp.from(now))
			.param("threshold", threshold)
			.param("lock", lock)
			.param("slow", slowDown == null ? null : lock, java.sql.Types.VARCHAR)
			.query(Integer.class)
			.optional()
			.orElse(-1);
	}

	/**
	 * After a right password from an address: lifts its slow-down and keeps its count under the threshold,
	 * so the shop's other users sign in at once, while further failures slow it down again.
	 */
	void relax(String key, int threshold) {
		jdbc.sql("""
				UPDATE login_attempts SET locked_until = NULL,
				    failures = greatest(0, least(failures - 1, CAST(:threshold AS int) - 2))
				WHERE key = :key
				""").param("key", key).param("threshold", threshold).update();
	}

	/** Takes back one counted attempt that turned out right or was never checked, and the lock it set. */
	void forgive(String key, int threshold) {
		jdbc.sql("""
				UPDATE login_attempts SET failures = greatest(failures - 1, 0),
				    locked_until = CASE WHEN failures - 1 < CAST(:threshold AS int) THEN NULL ELSE locked_until END
				WHERE key = :key
				""").param("key", key).param("threshold", threshold).update();
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

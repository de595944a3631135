package dev.kassa.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.platform.SecretsKey;

/**
 * The TOTP factors, their recovery codes (hashes only) and the second steps of sign-ins waiting for a code. A
 * factor's secret is sealed with the {@link SecretsKey} for its user, opened only here; one written in clear
 * before secrets were sealed is sealed at start.
 */
@Repository
class TotpFactors {

	private static final Logger log = LoggerFactory.getLogger(TotpFactors.class);

	private final JdbcClient jdbc;

	private final SecretsKey key;

	TotpFactors(JdbcClient jdbc, SecretsKey key) {
		this.jdbc = jdbc;
		this.key = key;
	}

	/** Seals the secrets still in clear (written before V94); each row once, whatever the instances starting. */
	@EventListener(ApplicationReadyEvent.class)
	void sealTheOnesInClear() {
		try {
			var clear = jdbc.sql("SELECT user_id, secret FROM totp_factors WHERE key_id IS NULL")
				.query((rs, n) -> java.util.Map.entry(rs.getObject(1, UUID.class), rs.getBytes(2)))
				.list();
			for (var row : clear) {
				jdbc.sql("UPDATE totp_factors SET secret = :sealed, key_id = :key WHERE user_id = :user AND key_id IS NULL")
					.param("sealed", key.seal(row.getKey(), row.getValue()))
					.param("key", key.id())
					.param("user", row.getKey())
					.update();
			}
			if (!clear.isEmpty()) {
				log.info("Sealed {} TOTP secrets stored in clear", clear.size());
			}
		}
		catch (org.springframework.dao.DataAccessException ex) {
			log.warn("TOTP secrets in clear were not sealed at start (they are read as they are): {}", ex.getMessage());
		}
	}

	private byte[] open(UUID userId, @Nullable String keyId, byte[] stored) {
		return keyId == null ? stored : key.open(userId, keyId, stored);
	}

	/** A user's factor; {@code confirmedAt} is null while the enrolment waits for its first code. */
	record Factor(UUID userId, byte[] secret, Instant createdAt, @Nullable Instant confirmedAt, @Nullable Long lastStep) {

		boolean active() {
			return confirmedAt != null;
		}

		@Override
		public String toString() {
			return "Factor[" + userId + (active() ? ", active" : ", pending") + "]";
		}
	}

	Optional<Factor> find(UUID userId) {
		return jdbc.sql("""
				SELECT user_id, secret, created_at, confirmed_at, last_step, key_id FROM totp_factors WHERE user_id = :user
				""")
			.param("user", userId)
			.query((rs, n) -> {
				var confirmed = rs.getTimestamp(4);
				var last = rs.getLong(5);
				var lastStep = rs.wasNull() ? null : last;
				var user = rs.getObject(1, UUID.class);
				return new Factor(user, open(user, rs.getString(6), rs.getBytes(2)), rs.getTimestamp(3).toInstant(),
						confirmed == null ? null : confirmed.toInstant(), lastStep);
			})
			.optional();
	}

	boolean active(UUID userId) {
		return jdbc.sql("SELECT count(*) FROM totp_factors WHERE user_id = :user AND confirmed_at IS NOT NULL")
			.param("user", userId)
			.query(Long.class)
			.single() > 0;
	}

	/** Starts an enrolment, replacing one still pending; never a confirmed factor (the caller checks, this guards). */
	boolean startPending(UUID userId, byte[] secret, Instant now) {
		return jdbc.sql("""
				INSERT INTO totp_factors AS f (user_id, secret, key_id, created_at, confirmed_at, last_step)
				VALUES (:user, :secret, :key, :now, NULL, NULL)
				ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, key_id = EXCLUDED.key_id,
				    created_at = EXCLUDED.created_at
				WHERE f.confirmed_at IS NULL
				""")
			.param("user", userId)
			.param("secret", key.seal(userId, secret))
			.param("key", key.id())
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** Activates a pending factor whose code of {@code step} was typed; false when it is no longer pending. */
	boolean confirm(UUID userId, long step, Instant now) {
		return jdbc.sql("""
				UPDATE totp_factors SET confirmed_at = :now, last_step = :step
				WHERE user_id = :user AND confirmed_at IS NULL
				""")
			.param("now", Timestamp.from(now))
			.param("step", step)
			.param("user", userId)
			.update() == 1;
	}

	/**
	 * Spends the code of {@code step}: one statement, so that a code is accepted once even by two requests at
	 * the same moment, and no code of that step or an earlier one is accepted after it.
	 */
	boolean spendStep(UUID userId, long step) {
		return jdbc.sql("""
				UPDATE totp_factors SET last_step = :step
				WHERE user_id = :user AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < :step)
				""")
			.param("step", step)
			.param("user", userId)
			.update() == 1;
	}

	/** Removes the factor, confirmed or pending, and its recovery codes; false when there was none. */
	boolean remove(UUID userId) {
		jdbc.sql("DELETE FROM totp_recovery_codes WHERE user_id = :user").param("user", userId).update();
		return jdbc.sql("DELETE FROM totp_factors WHERE user_id = :user").param("user", userId).update() == 1;
	}

	/** Replaces the user's recovery codes with these hashes. */
	void replaceRecoveryCodes(UUID userId, List<byte[]> hashes, Instant now) {
		jdbc.sql("DELETE FROM totp_recovery_codes WHERE user_id = :user").param("user", userId).update();
		for (var hash : hashes) {
			jdbc.sql("INSERT INTO totp_recovery_codes (user_id, code_hash, created_at) VALUES (:user, :hash, :now)")
				.param("user", userId)
				.param("hash", hash)
				.param("now", Timestamp.from(now))
				.update();
		}
	}

	/** Spends a recovery code, once: one statement, so that two requests with it cannot both succeed. */
	boolean spendRecoveryCode(UUID userId, byte[] hash, Instant now) {
		return jdbc.sql("""
				UPDATE totp_recovery_codes SET used_at = :now
				WHERE user_id = :user AND code_hash = :hash AND used_at IS NULL
				""")
			.param("now", Timestamp.from(now))
			.param("user", userId)
			.param("hash", hash)
			.update() == 1;
	}

	long recoveryCodesLeft(UUID userId) {
		return jdbc.sql("SELECT count(*) FROM totp_recovery_codes WHERE user_id = :user AND used_at IS NULL")
			.param("user", userId)
			.query(Long.class)
			.single();
	}

	void insertChallenge(byte[] hash, UUID userId, Instant now, Instant expires) {
		jdbc.sql("""
				INSERT INTO totp_challenges (token_hash, user_id, created_at, expires_at)
				VALUES (:hash, :user, :now, :expires)
				""")
			.param("hash", hash)
			.param("user", userId)
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expires))
			.update();
	}

	/** The user of an unused, unexpired challenge. */
	Optional<UUID> challenge(byte[] hash, Instant now) {
		return jdbc.sql("""
				SELECT user_id FROM totp_challenges WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
				""")
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.optional();
	}

	/** Uses the challenge up; false when another request did first (or it expired meanwhile). */
	boolean useChallenge(byte[] hash, Instant now) {
		return jdbc.sql("""
				UPDATE totp_challenges SET used_at = :now
				WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
				""")
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	void forgetOld(Instant before) {
		jdbc.sql("DELETE FROM totp_challenges WHERE expires_at < :before").param("before", Timestamp.from(before)).update();
		jdbc.sql("DELETE FROM totp_factors WHERE confirmed_at IS NULL AND created_at < :before")
			.param("before", Timestamp.from(before))
			.update();
	}
}

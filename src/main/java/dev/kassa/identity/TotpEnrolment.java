package dev.kassa.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;

/**
 * A user's own TOTP second factor: set up (a new secret, shown once, active only once a code from it is typed),
 * new recovery codes and removal (both proven with the password and a code), and an admin's reset of someone
 * else's. Each change is one event ({@code auth.totp_*}); the secret and the codes are in none, nor in any
 * answer but the one that hands them out.
 */
@Service
class TotpEnrolment {

	static final String ISSUER = "Kassa";

	/** How long a started enrolment waits for its first code. */
	static final Duration PENDING_TTL = Duration.ofMinutes(10);

	private final IdentityService identity;

	private final SecondFactors secondFactors;

	private final TotpFactors factors;

	private final Sessions sessions;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	TotpEnrolment(IdentityService identity, SecondFactors secondFactors, TotpFactors factors, Sessions sessions,
			EventLog events, TransactionTemplate transactions) {
		this.identity = identity;
		this.secondFactors = secondFactors;
		this.factors = factors;
		this.sessions = sessions;
		this.events = events;
		this.transactions = transactions;
	}

	/** Whether the user has the factor, whether their role requires it, and how many recovery codes are left. */
	record Status(boolean enabled, @Nullable Instant enabledAt, boolean required, long recoveryCodesLeft) {
	}

	/** A started enrolment: the secret as Base32 and as a Key URI, for an authenticator app; shown only here. */
	record Started(String secret, String otpauthUri, String issuer, String account, String algorithm, int digits,
			int period, Instant expiresAt) {

		@Override
		public String toString() {
			return "Started[" + account + "]";
		}
	}

	/** The recovery codes, each good once; shown only in this answer. */
	record RecoveryCodes(List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "RecoveryCodes[" + recoveryCodes.size() + "]";
		}
	}

	Status status(UUID userId) {
		var user = identity.get(userId);
		var factor = factors.find(userId).filter(TotpFactors.Factor::active).orElse(null);
		return new Status(factor != null, factor == null ? null : factor.confirmedAt(), secondFactors.required(user),
				factor == null ? 0 : factors.recoveryCodesLeft(userId));
	}

	/**
	 * Starts setting up the factor, proving the password (a token alone, perhaps stolen, does not get to bind a
	 * factor to the account). Replaces an enrolment still pending; refused with 409 when the factor is active.
	 */
	Started start(UUID userId, String password) {
		var user = identity.get(userId);
		refuseWhenActive(userId);
		var secret = secondFactors.newSecret();
		var now = clock.instant();
		return identity.proveSelf(userId, password, null, "enrolment", () -> {
			if (!factors.startPending(userId, secret, now)) {
				throw active();
			}
			events.append("auth.totp_enrolment_started", "user", userId, null, Map.of("username", user.username()));
			return new Started(TotpCodes.base32(secret), TotpCodes.uri(ISSUER, user.username(), secret), ISSUER,
					user.username(), "SHA1", TotpCodes.DIGITS, (int) TotpCodes.PERIOD_SECONDS, now.plus(PENDING_TTL));
		});
	}

	/**
	 * Activates the pending factor with a code from it, and answers the 10 recovery codes (only their hashes are
	 * kept). The user's sessions end, this one too: the next sign-in asks for a code.
	 */
	RecoveryCodes confirm(UUID userId, String code) {
		var typed = SecondFactors.parse("code", code);
		if (typed.kind() != SecondFactors.Kind.TOTP) {
			throw ApiException.invalid("code", "must be the 6 digits the authenticator app shows");
		}
		var user = identity.get(userId);
		var now = clock.instant();
		var pending = factors.find(userId).orElse(null);
		if (pending != null && pending.active()) {
			throw active();
		}
		if (pending == null || pending.createdAt().plus(PENDING_TTL).isBefore(now)) {
			throw ApiException.conflict("totp_enrolment_not_started",
					"No set-up of two-step sign-in is waiting (or it took over 10 minutes): start again with POST /api/v1/me/totp");
		}
		var step = TotpCodes.matchingStep(pending.secret(), typed.value(), TotpCodes.step(now));
		if (step.isEmpty()) {
			throw ApiException.invalid("code", "is not the app's current code; check that the phone's clock is right");
		}
		var codes = secondFactors.newRecoveryCodes();
		return transactions.execute(tx -> {
			if (!factors.confirm(userId, step.getAsLong(), now)) {
				throw active();
			}
			factors.replaceRecoveryCodes(userId, hashes(userId, codes), now);
			sessions.revokeUser(userId, now);
			events.append("auth.totp_enrolled", "user", userId, null, payload(user.username(), codes.size()));
			return new RecoveryCodes(codes);
		});
	}

	/** New recovery codes in place of the old ones, proven with the password and a code. */
	RecoveryCodes regenerate(UUID userId, String password, String code) {
		var typed = SecondFactors.parse("code", code);
		var user = identity.get(userId);
		refuseWhenNotActive(userId);
		var codes = secondFactors.newRecoveryCodes();
		var now = clock.instant();
		return identity.proveSelf(userId, password, typed, "recovery_codes", () -> {
			factors.replaceRecoveryCodes(userId, hashes(userId, codes), now);
			events.append("auth.recovery_codes_regenerated", "user", userId, null, payload(user.username(), codes.size()));
			return new RecoveryCodes(codes);
		});
	}

	/** Removes the factor, proven with the password and a code; the user's sessions end. */
	void remove(UUID userId, String password, String code) {
		var typed = SecondFactors.parse("code", code);
		var user = identity.get(userId);
		refuseWhenNotActive(userId);
		identity.proveSelf(userId, password, typed, "removal", () -> {
			var now = clock.instant();
			factors.remove(userId);
			sessions.revokeUser(userId, now);
			events.append("auth.totp_removed", "user", userId, null, Map.of("username", user.username()));
			return Boolean.TRUE;
		});
	}

	/**
	 * An admin removes someone else's factor (a lost phone and lost recovery codes); that user's sessions end
	 * and their next sign-in needs the password only (or, when their role requires a factor, sets one up).
	 */
	void reset(UUID userId, UUID actorId) {
		if (userId.equals(actorId)) {
			throw ApiException.conflict("self_reset",
					"Remove your own two-step sign-in with your password and a code (POST /api/v1/me/totp/remove)");
		}
		var user = identity.get(userId);
		var now = clock.instant();
		transactions.executeWithoutResult(tx -> {
			if (!factors.remove(userId)) {
				throw ApiException.conflict("totp_not_enrolled", "User " + user.username() + " has no two-step sign-in");
			}
			sessions.revokeUser(userId, now);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("username", user.username());
			payload.put("reset_by", actorId.toString());
			events.append("auth.totp_reset", "user", userId, null, payload);
		});
	}

	private void refuseWhenActive(UUID userId) {
		if (factors.active(userId)) {
			throw active();
		}
	}

	private void refuseWhenNotActive(UUID userId) {
		if (!factors.active(userId)) {
			throw ApiException.conflict("totp_not_enrolled", "Two-step sign-in is not set up for you");
		}
	}

	private static ApiException active() {
		return new ApiException(HttpStatus.CONFLICT, "totp_already_enrolled",
				"Two-step sign-in is set up already; remove it first (POST /api/v1/me/totp/remove) to set up another");
	}

	private static List<byte[]> hashes(UUID userId, List<String> codes) {
		return codes.stream().map(code -> SecondFactors.hashRecoveryCode(userId, code)).toList();
	}

	private static Map<String, Object> payload(String username, int codes) {
		var payload = new LinkedHashMap<String, Object>();
		payload.put("username", username);
		payload.put("recovery_codes", codes);
		return payload;
	}
}

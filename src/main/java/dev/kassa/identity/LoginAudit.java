package dev.kassa.identity;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;

/**
 * Records sign-in failures (wrong passwords and wrong second-factor codes), lockouts and refresh-token reuse: each as an event in the log (of the user, or of
 * the name tried when no such user exists; never the password) and as a counter
 * ({@code kassa_auth_failures_total}, {@code kassa_auth_lockouts_total}, {@code kassa_auth_refresh_reuse_total},
 * {@code kassa_auth_busy_total}).
 */
@Component
class LoginAudit {

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	LoginAudit(EventLog events, TransactionTemplate transactions, MeterRegistry meters) {
		this.events = events;
		this.transactions = transactions;
		this.meters = meters;
	}

	void failed(String username, String address, @Nullable UUID userId, boolean userLocked, boolean addressSlowed) {
		meters.counter("kassa.auth.failures", "reason", userId == null ? "unknown_user" : "wrong_password").increment();
		var payload = new LinkedHashMap<String, Object>();
		payload.put("username", username);
		payload.put("address", address);
		payload.put("known_user", userId != null);
		var id = userId != null ? userId : nameId(username);
		transactions.executeWithoutResult(tx -> {
			events.append("auth.login_failed", "user", id, null, payload);
			if (userLocked) {
				events.append("auth.locked_out", "user", id, null, payload);
			}
		});
		if (userLocked) {
			meters.counter("kassa.auth.lockouts", "scope", "user").increment();
		}
		if (addressSlowed) {
			meters.counter("kassa.auth.lockouts", "scope", "address").increment();
		}
	}

	void refreshReused(UUID userId, UUID familyId) {
		meters.counter("kassa.auth.refresh_reuse").increment();
		var payload = new LinkedHashMap<String, Object>();
		payload.put("family_id", familyId);
		transactions.executeWithoutResult(tx -> events.append("auth.refresh_reused", "user", userId, null, payload));
	}

	/**
	 * A wrong or already used second-factor code ({@code auth.totp_refused}; with {@code auth.locked_out} when it
	 * locked the user out), at sign-in, an approval or a change of the factor ({@code where}); never the code.
	 */
	void codeRefused(User user, String where, @Nullable String address, SecondFactors.Kind kind, boolean locked) {
		meters.counter("kassa.auth.failures", "reason", "wrong_code").increment();
		var payload = new LinkedHashMap<String, Object>();
		payload.put("username", user.username());
		payload.put("where", where);
		payload.put("kind", kind == SecondFactors.Kind.TOTP ? "totp" : "recovery_code");
		if (address != null) {
			payload.put("address", address);
		}
		transactions.executeWithoutResult(tx -> {
			events.append("auth.totp_refused", "user", user.id(), null, payload);
			if (locked) {
				events.append("auth.locked_out", "user", user.id(), null, payload);
			}
		});
		if (locked) {
			meters.counter("kassa.auth.lockouts", "scope", "user").increment();
		}
	}

	/** A recovery code spent ({@code auth.recovery_code_used}), in the transaction that spends it. */
	static void recoveryCodeUsed(EventLog events, User user, String where, long left) {
		var payload = new LinkedHashMap<String, Object>();
		payload.put("username", user.username());
		payload.put("where", where);
		payload.put("recovery_codes_left", left);
		events.append("auth.recovery_code_used", "user", user.id(), null, payload);
	}

	void busy() {
		meters.counter("kassa.auth.busy").increment();
	}

	private static UUID nameId(String username) {
		return UUID.nameUUIDFromBytes(("login:" + username.toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
	}
}

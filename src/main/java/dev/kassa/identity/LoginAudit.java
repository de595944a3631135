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
 * Records sign-in failures, lockouts and refresh-token reuse: each as an event in the log (of the user, or of
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

	void busy() {
		meters.counter("kassa.auth.busy").increment();
	}

	private static UUID nameId(String username) {
		return UUID.nameUUIDFromBytes(("login:" + username.toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
	}
}

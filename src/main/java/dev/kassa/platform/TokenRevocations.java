package dev.kassa.platform;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Access tokens of a user that were issued before their sessions were ended (deactivated, access changed, new
 * password): the token decoder refuses them at once instead of letting them run out their lifetime. Kept in this
 * instance's memory for one access token lifetime, since older tokens have expired anyway; another instance
 * behind the same load balancer honours the revocation when the tokens expire (5 minutes by default).
 */
@Component
public class TokenRevocations {

	private final ConcurrentHashMap<UUID, Instant> revokedBefore = new ConcurrentHashMap<>();

	private final SecuritySettings settings;

	TokenRevocations(SecuritySettings settings) {
		this.settings = settings;
	}

	/** Refuses from now on the user's access tokens issued before {@code at}. */
	public void revokeBefore(UUID userId, Instant at) {
		var cutoff = at.minus(settings.accessTokenTtl()).minusSeconds(60);
		revokedBefore.values().removeIf(time -> time.isBefore(cutoff));
		revokedBefore.merge(userId, at, (a, b) -> a.isAfter(b) ? a : b);
	}

	/**
	 * Whether a token of the user issued at {@code issuedAt} was revoked. Kassa's tokens say when to the millisecond;
	 * one that says it only to the second (its "iat") counts as issued at the start of that second, so that a token
	 * from the same second as the revocation is refused rather than kept.
	 */
	boolean revoked(UUID userId, Instant issuedAt) {
		var at = revokedBefore.get(userId);
		return at != null && issuedAt.isBefore(at);
	}
}

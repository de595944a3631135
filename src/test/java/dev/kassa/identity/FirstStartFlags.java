package dev.kassa.identity;

import java.util.UUID;

/** For tests outside identity: flags a user as the first start flags the admin whose password it generated. */
public final class FirstStartFlags {

	private FirstStartFlags() {
	}

	public static void requirePasswordChange(IdentityService identity, UUID userId) {
		identity.requirePasswordChange(userId);
	}
}

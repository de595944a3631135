package dev.kassa.identity;

import java.time.Instant;

/** For tests outside identity: the code an authenticator app would show for a Base32 secret. */
public final class TotpTestCodes {

	private TotpTestCodes() {
	}

	/** The code of the step {@code offset} steps from now. */
	public static String code(String base32Secret, int offset) {
		var secret = org.bouncycastle.util.encoders.Base32.decode(base32Secret);
		return TotpCodes.code(secret, TotpCodes.step(Instant.now()) + offset);
	}

	public static String now(String base32Secret) {
		return code(base32Secret, 0);
	}
}

package dev.kassa.platform;

/** Names of the claims in Kassa's access tokens, and their issuer and audience. */
public final class TokenClaims {

	public static final String ISSUER = "kassa";

	public static final String AUDIENCE = "kassa-api";

	public static final String USERNAME = "preferred_username";

	public static final String ROLES = "roles";

	public static final String LOCATIONS = "locations";

	/** True while the user still has a generated password: the token reaches nothing but changing it. */
	public static final String PASSWORD_CHANGE = "kassa_password_change";

	/**
	 * True while the user must set up a TOTP second factor (their role requires one, they have none yet): the
	 * token reaches nothing but the enrolment.
	 */
	public static final String TOTP_ENROLMENT = "kassa_totp_enrolment";

	/**
	 * When the token was issued, in milliseconds since the epoch: "iat" holds whole seconds, too coarse to tell a
	 * token issued just before its user's sessions were ended from one issued just after, in the same second.
	 */
	public static final String ISSUED_MILLIS = "kassa_iat_ms";

	private TokenClaims() {
	}
}

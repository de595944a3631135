package dev.kassa.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.TokenClaims;

/** Checks the access token of a live connection with the same decoder as every API request. */
@Component
class LiveAuth {

	/**
	 * Who is connected, and until when their token holds.
	 *
	 * @param mustChangePassword the token is of a user who must change a generated password first: it reaches
	 *        no stream
	 * @param mustEnrolTotp the token is of a user whose role requires a TOTP second factor they have not set up:
	 *        it reaches no stream either
	 */
	record Caller(CurrentUser user, Instant expiresAt, boolean mustChangePassword, boolean mustEnrolTotp) {
	}

	private final JwtDecoder decoder;

	LiveAuth(JwtDecoder decoder) {
		this.decoder = decoder;
	}

	/** The caller of a valid token, or {@code null} for a missing, malformed, expired or foreign one. */
	@Nullable Caller authenticate(@Nullable String token) {
		if (token == null || token.isBlank()) {
			return null;
		}
		try {
			return caller(decoder.decode(token));
		}
		catch (JwtException | IllegalArgumentException ex) {
			return null;
		}
	}

	static Caller caller(Jwt jwt) {
		var user = CurrentUser.from(jwt);
		var expires = jwt.getExpiresAt();
		return new Caller(user, expires == null ? Instant.MAX : expires,
				Boolean.TRUE.equals(jwt.getClaimAsBoolean(TokenClaims.PASSWORD_CHANGE)),
				Boolean.TRUE.equals(jwt.getClaimAsBoolean(TokenClaims.TOTP_ENROLMENT)));
	}
}

package dev.kassa.events;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Role;
import dev.kassa.platform.TokenClaims;

/** Checks the access token of a live connection with the same decoder as every API request. */
@Component
class LiveAuth {

	/**
	 * Who is connected, and until when their token holds.
	 *
	 * @param mustChangePassword the token is of a user who must change a generated password first: it reaches
	 *        no stream
	 */
	record Caller(CurrentUser user, Instant expiresAt, boolean mustChangePassword) {
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
		var roles = jwt.getClaimAsStringList(TokenClaims.ROLES);
		var locations = jwt.getClaimAsStringList(TokenClaims.LOCATIONS);
		Set<UUID> limited = locations == null ? null
				: locations.stream().map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
		var user = new CurrentUser(UUID.fromString(jwt.getSubject()), jwt.getClaimAsString(TokenClaims.USERNAME),
				roles == null ? Set.of() : roles.stream().map(Role::valueOf).collect(Collectors.toUnmodifiableSet()),
				limited);
		var expires = jwt.getExpiresAt();
		return new Caller(user, expires == null ? Instant.MAX : expires,
				Boolean.TRUE.equals(jwt.getClaimAsBoolean(TokenClaims.PASSWORD_CHANGE)));
	}
}

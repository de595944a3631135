package dev.kassa.platform;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller of the current request, as its access token says.
 *
 * @param locations the locations the user is limited to; {@code null} means every location
 */
public record CurrentUser(UUID id, String username, Set<Role> roles, @Nullable Set<UUID> locations) {

	/** The user of the current request, or empty outside one (background work). */
	public static java.util.Optional<CurrentUser> current() {
		var auth = SecurityContextHolder.getContext().getAuthentication();
		if (auth instanceof JwtAuthenticationToken token) {
			return java.util.Optional.of(from(token.getToken()));
		}
		return java.util.Optional.empty();
	}

	public static @Nullable UUID currentId() {
		return current().map(CurrentUser::id).orElse(null);
	}

	/** The user a token Kassa signed names; a token without its subject or user name is refused as malformed. */
	public static CurrentUser from(Jwt jwt) {
		var roles = jwt.getClaimAsStringList(TokenClaims.ROLES);
		var locations = jwt.getClaimAsStringList(TokenClaims.LOCATIONS);
		return new CurrentUser(UUID.fromString(subject(jwt)), claim(jwt, TokenClaims.USERNAME),
				roles == null ? Set.of() : roles.stream().map(Role::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet()),
				locations == null ? null
						: locations.stream().map(UUID::fromString).collect(java.util.stream.Collectors.toUnmodifiableSet()));
	}

	static String subject(Jwt jwt) {
		return claim(jwt, "sub");
	}

	private static String claim(Jwt jwt, String name) {
		var value = jwt.getClaimAsString(name);
		if (value == null) {
			throw new IllegalArgumentException("the token has no " + name);
		}
		return value;
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	public boolean hasAny(Role... any) {
		for (var role : any) {
			if (roles.contains(role)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the user may see and act at the given location. */
	public boolean mayUse(UUID locationId) {
		return locations == null || locations.contains(locationId);
	}

	/** Refuses, with 403, a location the user is not limited to. */
	public void requireLocation(UUID locationId) {
		if (!mayUse(locationId)) {
			throw ApiException.forbidden("You are not allowed at location " + locationId);
		}
	}
}

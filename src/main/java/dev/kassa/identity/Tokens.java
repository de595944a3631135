package dev.kassa.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import dev.kassa.platform.Ids;
import dev.kassa.platform.SecuritySettings;
import dev.kassa.platform.SigningKey;
import dev.kassa.platform.TokenClaims;

/** Signs access tokens and makes refresh tokens (random, stored only as their SHA-256). */
@Component
class Tokens {

	private final JwtEncoder encoder;

	private final SecuritySettings settings;

	private final SecureRandom random = new SecureRandom();

	Tokens(SigningKey key, SecuritySettings settings) {
		this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key.key()));
		this.settings = settings;
	}

	/** A claim, present and true while the user must change a generated password before anything else. */
	static final String PASSWORD_CHANGE = dev.kassa.platform.TokenClaims.PASSWORD_CHANGE;

	/** A claim, present and true while the user must set up the TOTP factor their role requires. */
	static final String TOTP_ENROLMENT = dev.kassa.platform.TokenClaims.TOTP_ENROLMENT;

	String access(User user, Instant now) {
		return access(user, now, false, false);
	}

	String access(User user, Instant now, boolean mustChangePassword, boolean mustEnrolTotp) {
		var claims = JwtClaimsSet.builder()
			.issuer(TokenClaims.ISSUER)
			.audience(List.of(TokenClaims.AUDIENCE))
			.subject(user.id().toString())
			.id(Ids.next().toString())
			.issuedAt(now)
			.claim(TokenClaims.ISSUED_MILLIS, now.toEpochMilli())
			.expiresAt(now.plus(settings.accessTokenTtl()))
			.claim(TokenClaims.USERNAME, user.username())
			.claim(TokenClaims.ROLES, user.roles().stream().map(Enum::name).sorted().toList());
		if (user.locationIds() != null) {
			claims.claim(TokenClaims.LOCATIONS, user.locationIds().stream().map(UUID::toString).toList());
		}
		if (mustChangePassword) {
			claims.claim(PASSWORD_CHANGE, true);
		}
		if (mustEnrolTotp) {
			claims.claim(TOTP_ENROLMENT, true);
		}
		var header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	String newRefreshToken() {
		var bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] hash(String refreshToken) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	long accessTtlSeconds() {
		return settings.accessTokenTtl().toSeconds();
	}

	java.time.Duration refreshTtl() {
		return settings.refreshTokenTtl();
	}
}

package dev.kassa.platform;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret base64 of at least 32 bytes signing the access tokens (HS256); generated into the
 * data directory when not given
 * @param accessTokenTtl lifetime of an access token; deactivation takes effect within it
 * @param refreshTokenTtl lifetime of a refresh token
 * @param adminPassword the first admin's password; random and logged once when not given
 * @param maxConcurrentHashes how many password hashes (19 MiB of Argon2 each) may run at once; a login beyond
 *        waits its turn
 * @param maxWaitingLogins how many logins may be in progress (hashing or waiting to) at once; one more gets
 *        429 with Retry-After at once, so a flood of logins costs neither memory nor minutes of waiting
 * @param trustedProxies the addresses or CIDR blocks of proxies (a load balancer, a TLS terminator) whose
 *        {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed; none by default, so that no
 *        client can choose the address its login attempts are counted under
 * @param corsOrigins origins (e.g. {@code https://till.example.com}) whose pages may call the API from a
 *        browser; none by default, so CORS is off and only Kassa's own front end (same origin) calls it
 * @param publicMetrics whether {@code /actuator/prometheus} answers without a token (for a scraper on a
 *        trusted network); when false it needs an ADMIN's token
 * @param publicApiDocs whether the OpenAPI document and Swagger UI answer without a token; when false they
 *        need an ADMIN's token
 * @param refreshGrace how long a refresh token already traded in may be traded again by the same client
 *        (a reply lost on the way) without revoking its family
 * @param totpRequiredRoles the roles (ADMIN, MANAGER, or both; no other) whose users must have a TOTP second
 *        factor: one who has none yet signs in to a token that reaches only the enrolment (403
 *        {@code totp_enrolment_required} elsewhere). None by default: the factor is then every user's choice
 * @param secretsKey base64 of 32 bytes sealing the secrets Kassa must read back (TOTP seeds) with AES-256-GCM;
 *        generated into the data directory's {@code secrets-key} file (owner-only) when not given, and never in
 *        the database or its backups (see {@link SecretsKey})
 */
@ConfigurationProperties("kassa.security")
public record SecuritySettings(@Nullable String jwtSecret, @DefaultValue("5m") Duration accessTokenTtl,
		@DefaultValue("14d") Duration refreshTokenTtl, @Nullable String adminPassword,
		@DefaultValue("4") int maxConcurrentHashes, @DefaultValue("64") int maxWaitingLogins, @DefaultValue List<String> trustedProxies,
		@DefaultValue List<String> corsOrigins, @DefaultValue("true") boolean publicMetrics,
		@DefaultValue("true") boolean publicApiDocs, @DefaultValue("10s") Duration refreshGrace,
		@DefaultValue List<Role> totpRequiredRoles, @Nullable String secretsKey) {

	public SecuritySettings {
		totpRequiredRoles = List.copyOf(totpRequiredRoles);
		for (var role : totpRequiredRoles) {
			if (role != Role.ADMIN && role != Role.MANAGER) {
				throw new IllegalArgumentException("kassa.security.totp-required-roles may name ADMIN and MANAGER only, not "
						+ role + ": the other roles may enrol by choice");
			}
		}
	}
}

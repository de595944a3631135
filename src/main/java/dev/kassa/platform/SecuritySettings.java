package dev.kassa.platform;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret base64 of at least 32 bytes signing the access tokens (HS256); generated into the
 * data directory when not given
 * @param accessTokenTtl lifetime of an access token; deactivation takes effect within it
 * @param refreshTokenTtl lifetime of a refresh token
 * @param adminPassword the first admin's password; random and logged once when not given
 */
@ConfigurationProperties("kassa.security")
public record SecuritySettings(@Nullable String jwtSecret, @DefaultValue("5m") Duration accessTokenTtl,
		@DefaultValue("14d") Duration refreshTokenTtl, @Nullable String adminPassword) {
}

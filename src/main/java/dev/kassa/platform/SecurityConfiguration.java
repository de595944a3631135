package dev.kassa.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer JWT on every API route. Which role may call what is decided per endpoint by
 * {@code @RolesAllowed} (see {@link AccessRules}); here only "who are you".
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] PUBLIC = { "/health", "/actuator/health/**", "/api/v1/auth/login", "/api/v1/auth/login/totp",
			"/api/v1/auth/refresh",
			"/api/v1/auth/logout", "/ws", "/ws/**", "/error", "/", "/index.html", "/app/**", "/sw.js" };

	static final String[] METRICS = { "/actuator/prometheus" };

	static final String[] API_DOCS = { "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html" };

	/**
	 * What a page may load and who may frame it: its own origin only (the front end ships its fonts and icons),
	 * inline styles for Swagger UI, no plug-ins, no framing (clickjacking).
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	/** Browsers cannot set headers on a WebSocket or an EventSource: those two take the token as a query parameter. */
	private static final List<String> QUERY_TOKEN_PATHS = List.of("/ws", "/api/v1/events/stream");

	private static final String EXPIRED = "expired";

	/** As Spring's own timestamp check allows. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/**
	 * Spring Security observes nothing. Turning its observations off in the registry
	 * ({@code management.observations.enable.spring.security}) still wrapped every filter of every request in
	 * a decorator that made a no-op observation; with these settings the chain is built without it.
	 */
	@Bean
	static SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, JsonMapper json, RateLimitFilter.PerUser rateLimits,
			SecuritySettings settings) throws Exception {
		http.csrf(csrf -> csrf.disable())
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions(frame -> frame.deny())
				.contentTypeOptions(org.springframework.security.config.Customizer.withDefaults())
				.httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
				.referrerPolicy(referrer -> referrer.policy(
						org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.cors(cors -> {
				if (settings.corsOrigins().isEmpty()) {
					cors.disable();
				}
				else {
					cors.configurationSource(corsSource(settings.corsOrigins()));
				}
			})
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.formLogin(form -> form.disable())
			.httpBasic(basic -> basic.disable())
			.logout(logout -> logout.disable())
			.anonymous(anonymous -> {
			})
			.authorizeHttpRequests(auth -> {
				auth.requestMatchers(PUBLIC).permitAll();
				if (settings.publicMetrics()) {
					auth.requestMatchers(METRICS).permitAll();
				}
				else {
					auth.requestMatchers(METRICS).hasRole("ADMIN");
				}
				if (settings.publicApiDocs()) {
					auth.requestMatchers(API_DOCS).permitAll();
				}
				else {
					auth.requestMatchers(API_DOCS).hasRole("ADMIN");
				}
				auth.anyRequest().authenticated();
			})
			.oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(bearerTokenResolver())
				.jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration::authentication))
				.authenticationEntryPoint((request, response, ex) -> refused(json, response, ex))
				.accessDeniedHandler((request, response, ex) -> write(json, response, HttpStatus.FORBIDDEN,
						"forbidden", "Your role may not do this")))
			.exceptionHandling(ex -> ex
				.authenticationEntryPoint((request, response, e) -> write(json, response, HttpStatus.UNAUTHORIZED,
						"unauthenticated", "A valid bearer access token is required"))
				.accessDeniedHandler((request, response, e) -> write(json, response, HttpStatus.FORBIDDEN,
						"forbidden", "Your role may not do this")))
			.addFilterAfter(rateLimits, BearerTokenAuthenticationFilter.class)
			.addFilterAfter(actuatorPasswordChangeGate(json), RateLimitFilter.PerUser.class);
		return http.build();
	}

	/**
	 * The actuator's endpoints are not Spring MVC controllers, so the identity module's password-change gate
	 * and TOTP enrolment gates (handler interceptors) never see them: a token that still must change its generated
	 * password gets 403 {@code password_change_required} on every one of them here, matched as the actuator maps
	 * them, and one that must set up a second factor first 403 {@code totp_enrolment_required}.
	 */
	private static jakarta.servlet.Filter actuatorPasswordChangeGate(JsonMapper json) {
		var actuator = org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest.toAnyEndpoint();
		return (request, response, chain) -> {
			if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
					&& org.springframework.security.core.context.SecurityContextHolder.getContext()
						.getAuthentication() instanceof JwtAuthenticationToken token
					&& actuator.matches(http)) {
				if (Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(TokenClaims.PASSWORD_CHANGE))) {
					write(json, answer, HttpStatus.FORBIDDEN, "password_change_required",
							"Change the generated password first (PUT /api/v1/me/password), then sign in again");
					return;
				}
				if (Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(TokenClaims.TOTP_ENROLMENT))) {
					write(json, answer, HttpStatus.FORBIDDEN, "totp_enrolment_required",
							"Set up two-step sign-in first (POST /api/v1/me/totp), then sign in again");
					return;
				}
			}
			chain.doFilter(request, response);
		};
	}

	/** The per-user budget runs inside the security chain only, once the user is known. */
	@Bean
	FilterRegistrationBean<RateLimitFilter.PerUser> perUserRateLimitOutsideChain(RateLimitFilter.PerUser filter) {
		var registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

	/**
	 * The per-address and login budgets run before the security chain, so that floods of forged tokens and of
	 * {@code /ws} handshakes are counted too.
	 */
	@Bean
	FilterRegistrationBean<RateLimitFilter> addressRateLimitBeforeChain(RateLimitFilter filter) {
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(
				org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

	/** CORS for the configured origins only: the API's methods and headers, no cookies (tokens are headers). */
	private static org.springframework.web.cors.CorsConfigurationSource corsSource(List<String> origins) {
		var config = new org.springframework.web.cors.CorsConfiguration();
		config.setAllowedOrigins(origins);
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
		config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"));
		config.setExposedHeaders(List.of("Retry-After", "Location", "X-Request-Id"));
		config.setAllowCredentials(false);
		config.setMaxAge(3600L);
		var source = new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", config);
		return source;
	}

	@Bean
	@SuppressWarnings("NullAway") // a claim converter answers null for a claim the token does not have
	JwtDecoder jwtDecoder(SigningKey key, TokenRevocations revocations) {
		var decoder = NimbusJwtDecoder.withSecretKey(key.key()).macAlgorithm(MacAlgorithm.HS256).build();
		// the default turns "iss" into a URL where it can and keeps the text where it cannot; ours is not a URL,
		// so every request paid for a thrown and caught exception
		decoder.setClaimSetConverter(org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter
			.withDefaults(java.util.Map.of(org.springframework.security.oauth2.jwt.JwtClaimNames.ISS,
					issuer -> issuer == null ? null : issuer.toString())));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithValidators(
						new org.springframework.security.oauth2.jwt.JwtIssuerValidator(TokenClaims.ISSUER), timestamps()),
				SecurityConfiguration::audience,
				SecurityConfiguration::notExpired, jwt -> notRevoked(jwt, revocations)));
		return decoder;
	}

	/** Spring's check of "exp" and "nbf", by Kassa's clock (the database's), so that instances agree on them. */
	private static org.springframework.security.oauth2.jwt.JwtTimestampValidator timestamps() {
		var validator = new org.springframework.security.oauth2.jwt.JwtTimestampValidator(CLOCK_SKEW);
		validator.setClock(KassaClock.utc());
		return validator;
	}

	/** A token issued before its user's sessions were ended (deactivated, new access or password) holds no more. */
	private static OAuth2TokenValidatorResult notRevoked(Jwt jwt, TokenRevocations revocations) {
		var issued = jwt.getIssuedAt();
		if (jwt.getClaim(TokenClaims.ISSUED_MILLIS) instanceof Number millis) {
			issued = java.time.Instant.ofEpochMilli(millis.longValue());
		}
		java.util.UUID user;
		try {
			user = java.util.UUID.fromString(jwt.getSubject());
		}
		catch (RuntimeException ex) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "bad subject", null));
		}
		if (issued == null || revocations.revoked(user, issued)) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "revoked", null));
		}
		return OAuth2TokenValidatorResult.success();
	}

	/** Spring's own check refuses an expired token too; this one names why, so that the answer can say so. */
	private static OAuth2TokenValidatorResult notExpired(Jwt jwt) {
		var expires = jwt.getExpiresAt();
		if (expires == null) {
			// every token Kassa signs expires; one without "exp" would hold for ever
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "no expiry", null));
		}
		if (expires.plus(CLOCK_SKEW).isBefore(KassaClock.now())) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", EXPIRED, null));
		}
		return OAuth2TokenValidatorResult.success();
	}

	/**
	 * A 401 with RFC 6750's challenge: plain {@code Bearer} without a token, {@code error="invalid_token"} for
	 * one that is forged or malformed, and {@code error_description="expired"} for an expired one, so that a
	 * client knows that refreshing will help.
	 */
	private static void refused(JsonMapper json, HttpServletResponse response, AuthenticationException ex)
			throws java.io.IOException {
		if (!(ex instanceof OAuth2AuthenticationException)) {
			write(json, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer access token is required");
			return;
		}
		if (expired(ex)) {
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"expired\"");
			write(json, response, HttpStatus.UNAUTHORIZED, "token_expired",
					"The access token has expired: get a new one from POST /api/v1/auth/refresh");
			return;
		}
		response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		write(json, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer access token is required");
	}

	private static boolean expired(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid
					&& invalid.getErrors().stream().anyMatch(error -> EXPIRED.equals(error.getDescription()))) {
				return true;
			}
		}
		return false;
	}

	private static OAuth2TokenValidatorResult audience(Jwt jwt) {
		var audience = jwt.getAudience();
		if (audience != null && audience.contains(TokenClaims.AUDIENCE)) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
	}

	private static AbstractAuthenticationToken authentication(Jwt jwt) {
		var roles = jwt.getClaimAsStringList(TokenClaims.ROLES);
		var authorities = roles == null ? List.<SimpleGrantedAuthority>of()
				: roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
		return new JwtAuthenticationToken(jwt, authorities, CurrentUser.subject(jwt));
	}

	private static BearerTokenResolver bearerTokenResolver() {
		var header = new DefaultBearerTokenResolver();
		var query = new DefaultBearerTokenResolver();
		query.setAllowUriQueryParameter(true);
		return (HttpServletRequest request) -> QUERY_TOKEN_PATHS.contains(request.getRequestURI())
				? query.resolve(request) : header.resolve(request);
	}

	static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, String code, String detail)
			throws java.io.IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		if (status == HttpStatus.UNAUTHORIZED && !response.containsHeader("WWW-Authenticate")) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		json.writeValue(response.getOutputStream(),
				Problems.of(status, code, Problems.title(code), detail, List.of(), Map.of()));
	}
}

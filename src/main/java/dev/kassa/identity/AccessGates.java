package dev.kassa.identity;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.kassa.platform.ApiException;

/**
 * Tokens that reach only one thing until it is done. A claim in the token names the gate, and every endpoint but
 * the gate's few answers 403 with the gate's code:
 * <ul>
 * <li>{@code kassa_password_change}: the user still has a generated password (the first admin): changing it,
 * reading who they are, refreshing and signing out, else {@code password_change_required};</li>
 * <li>{@code kassa_totp_enrolment}: the user's role requires a TOTP second factor
 * ({@code kassa.security.totp-required-roles}) and they have none yet: setting it up, besides the above, else
 * {@code totp_enrolment_required}.</li>
 * </ul>
 * Decided on the handler Spring routed to, not on the path, so no spelling of a path gets past it. Changing the
 * password, or confirming the factor, ends the user's sessions; the next sign-in's token carries no claim.
 */
@Configuration(proxyBeanMethods = false)
class AccessGates implements WebMvcConfigurer, HandlerInterceptor {

	private record Gate(String claim, String code, String detail, Predicate<HandlerMethod> allows) {
	}

	private static final List<Gate> GATES = List.of(
			new Gate(Tokens.PASSWORD_CHANGE, "password_change_required",
					"Change the generated password first (PUT /api/v1/me/password), then sign in again",
					AccessGates::signingInOrOwnPassword),
			new Gate(Tokens.TOTP_ENROLMENT, "totp_enrolment_required",
					"Your role requires two-step sign-in: set it up first (POST /api/v1/me/totp, then "
							+ "/api/v1/me/totp/confirm), then sign in again with a code",
					method -> signingInOrOwnPassword(method)
							|| is(method, TotpController.class, Set.of("status", "start", "confirm"))));

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
			return true;
		}
		for (var gate : GATES) {
			if (Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(gate.claim()))
					&& !(handler instanceof HandlerMethod method && gate.allows().test(method))) {
				throw new ApiException(HttpStatus.FORBIDDEN, gate.code(), gate.detail());
			}
		}
		return true;
	}

	private static boolean signingInOrOwnPassword(HandlerMethod method) {
		return method.getBeanType() == AuthController.class
				|| is(method, UserController.class, Set.of("changeOwnPassword", "me"));
	}

	private static boolean is(HandlerMethod method, Class<?> type, Set<String> names) {
		return method.getBeanType() == type && names.contains(method.getMethod().getName());
	}
}

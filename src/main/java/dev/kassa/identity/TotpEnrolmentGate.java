package dev.kassa.identity;

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
 * A user whose role requires a TOTP second factor ({@code kassa.security.totp-required-roles}) and who has none
 * yet signs in to a token that says so: it may set the factor up, read who it is, change its password, refresh
 * and sign out, and nothing else; every other endpoint answers 403 {@code totp_enrolment_required}. Decided on
 * the handler Spring routed to, as {@link PasswordChangeGate} is. Confirming the factor ends the user's sessions;
 * the next sign-in (with a code) no longer carries the claim.
 */
@Configuration(proxyBeanMethods = false)
class TotpEnrolmentGate implements WebMvcConfigurer, HandlerInterceptor {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)
				|| !Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(Tokens.TOTP_ENROLMENT))) {
			return true;
		}
		if (handler instanceof HandlerMethod method && allowed(method)) {
			return true;
		}
		throw new ApiException(HttpStatus.FORBIDDEN, "totp_enrolment_required",
				"Your role requires two-step sign-in: set it up first (POST /api/v1/me/totp, then /api/v1/me/totp/confirm), "
						+ "then sign in again with a code");
	}

	private static boolean allowed(HandlerMethod method) {
		var type = method.getBeanType();
		var name = method.getMethod().getName();
		return type == AuthController.class
				|| type == UserController.class && (name.equals("changeOwnPassword") || name.equals("me"))
				|| type == TotpController.class && (name.equals("status") || name.equals("start") || name.equals("confirm"));
	}
}

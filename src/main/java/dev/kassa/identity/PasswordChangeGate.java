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
 * A user whose token says they still have a generated password (the first admin) may change it, read who
 * they are, refresh and sign out, and nothing else: every other endpoint answers 403
 * {@code password_change_required}. Decided on the handler Spring routed to, not on the path, so no
 * spelling of a path gets past it. Changing the password ends the user's sessions; the next sign-in's token
 * no longer carries the claim.
 */
@Configuration(proxyBeanMethods = false)
class PasswordChangeGate implements WebMvcConfigurer, HandlerInterceptor {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)
				|| !Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(Tokens.PASSWORD_CHANGE))) {
			return true;
		}
		if (handler instanceof HandlerMethod method && allowed(method)) {
			return true;
		}
		throw new ApiException(HttpStatus.FORBIDDEN, "password_change_required",
				"Change the generated password first (PUT /api/v1/me/password), then sign in again");
	}

	private static boolean allowed(HandlerMethod method) {
		var type = method.getBeanType();
		var name = method.getMethod().getName();
		return type == AuthController.class
				|| type == UserController.class && (name.equals("changeOwnPassword") || name.equals("me"));
	}
}

package dev.kassa.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces each endpoint's {@code @RolesAllowed} or {@code @PermitAll} before its body is read, so that
 * a caller with the wrong role gets 403 whatever they sent. An endpoint of Kassa with neither is refused
 * to everyone: a forgotten rule fails closed, and the permission-matrix test names it.
 */
public final class AccessRules implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(AccessRules.class);

	/** The roles allowed to call a handler; empty for none, {@code null} when it is public. */
	/**
	 * A rule on the method wins over one on its class, as JSR-250 says: a class-level {@code @PermitAll}
	 * does not open a method that names its roles. A method or class with both is refused to everyone.
	 */
	public static @Nullable Set<Role> allowed(HandlerMethod handler) {
		var onMethod = rule(AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PermitAll.class),
				AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RolesAllowed.class));
		if (onMethod != NONE) {
			return onMethod;
		}
		var onClass = rule(AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PermitAll.class),
				AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RolesAllowed.class));
		return onClass == NONE ? Set.of() : onClass;
	}

	/** Marks "no rule here" apart from "public" (null) and "nobody" (empty). */
	private static final Set<Role> NONE = java.util.Collections.unmodifiableSet(java.util.EnumSet.noneOf(Role.class));

	private static @Nullable Set<Role> rule(@Nullable PermitAll permitAll, @Nullable RolesAllowed rolesAllowed) {
		if (permitAll != null && rolesAllowed != null) {
			return Set.of();
		}
		if (permitAll != null) {
			return null;
		}
		if (rolesAllowed == null) {
			return NONE;
		}
		return Arrays.stream(rolesAllowed.value()).map(Role::valueOf).collect(Collectors.toUnmodifiableSet());
	}

	public static boolean governs(HandlerMethod handler) {
		return handler.getBeanType().getPackageName().startsWith("dev.kassa");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || !governs(method)) {
			return true;
		}
		var roles = allowed(method);
		if (roles == null) {
			return true;
		}
		if (roles.isEmpty()) {
			log.error("{} has no access rule; refusing it to everyone", method.getShortLogMessage());
			throw ApiException.forbidden("This endpoint has no access rule");
		}
		var user = CurrentUser.current()
			.orElseThrow(() -> ApiException.forbidden("This endpoint needs an authenticated user"));
		if (roles.stream().noneMatch(user::has)) {
			throw ApiException.forbidden("This needs one of the roles " + List.copyOf(roles.stream().sorted().toList()));
		}
		return true;
	}

	/** Lets handlers take a {@link CurrentUser} parameter. */
	static final class CurrentUserResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == CurrentUser.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
				NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
			return CurrentUser.current()
				.orElseThrow(() -> ApiException.forbidden("This endpoint needs an authenticated user"));
		}
	}
}

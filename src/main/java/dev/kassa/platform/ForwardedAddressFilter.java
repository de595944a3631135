package dev.kassa.platform;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only from the proxies named in
 * {@code kassa.security.trusted-proxies}: the client address is then the nearest address in the chain that
 * is not a trusted proxy. From anyone else the headers are ignored, so a client cannot pick the address its
 * rate limits and login attempts are counted under.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ForwardedAddressFilter extends OncePerRequestFilter {

	private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private final List<IpAddressMatcher> trusted;

	ForwardedAddressFilter(SecuritySettings settings) {
		this.trusted = settings.trustedProxies().stream().map(String::trim).filter(s -> !s.isEmpty())
			.map(IpAddressMatcher::new).toList();
	}

	boolean isTrusted(String address) {
		try {
			return trusted.stream().anyMatch(m -> m.matches(address));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return trusted.isEmpty() || !isTrusted(request.getRemoteAddr());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String client = request.getRemoteAddr();
		var forwarded = request.getHeaders("X-Forwarded-For");
		var hops = new java.util.ArrayList<String>();
		while (forwarded.hasMoreElements()) {
			for (var hop : forwarded.nextElement().split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.trim());
				}
			}
		}
		for (int i = hops.size() - 1; i >= 0; i--) {
			var hop = hops.get(i);
			if (!IP_LITERAL.matcher(hop).matches()) {
				break;
			}
			client = hop;
			if (!isTrusted(client)) {
				break;
			}
		}
		var proto = request.getHeader("X-Forwarded-Proto");
		boolean https = proto != null ? proto.trim().equalsIgnoreCase("https") : request.isSecure();
		var address = client;
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getRemoteAddr() {
				return address;
			}

			@Override
			public String getRemoteHost() {
				return address;
			}

			@Override
			public boolean isSecure() {
				return https;
			}

			@Override
			public String getScheme() {
				return https ? "https" : super.getScheme();
			}
		}, response);
	}
}

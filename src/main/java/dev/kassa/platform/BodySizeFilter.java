package dev.kassa.platform;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses bodies over the configured size with 413, before anything reads them: by the declared
 * length, and for chunked bodies by counting as they are read. Uploads (CSV imports, {@link #UPLOADS}) have
 * their own, larger limit, set by multipart configuration; a multipart body anywhere else has the body limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeFilter extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper json;

	BodySizeFilter(PlatformSettings settings, JsonMapper json) {
		this.limit = settings.maxBodySize().toBytes();
		this.json = json;
	}

	/**
	 * The routes that take an upload, each with its own limit (multipart configuration and the endpoint's
	 * setting). Every other request, multipart or not, has the body limit; and since multipart is resolved
	 * lazily ({@code spring.servlet.multipart.resolve-lazily}), an upload is parsed only by the endpoint that
	 * takes it, once its caller is authenticated and allowed.
	 */
	static final java.util.Set<String> UPLOADS = java.util.Set.of("/api/v1/products/imports");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		var type = request.getContentType();
		return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")
				&& "POST".equals(request.getMethod()) && UPLOADS.contains(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > limit) {
			tooLarge(response);
			return;
		}
		var counting = new CountingRequest(request, limit);
		try {
			chain.doFilter(counting, response);
		}
		catch (Exception ex) {
			if (counting.exceeded && !response.isCommitted()) {
				response.reset();
				tooLarge(response);
				return;
			}
			throw ex;
		}
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType("application/problem+json");
		json.writeValue(response.getOutputStream(),
				Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "Payload too large",
						"The body is larger than " + limit + " bytes", java.util.List.of(), Map.of()));
	}

	/** Raised while reading a body that turns out larger than the limit. */
	static final class BodyTooLarge extends IOException {

		final long limit;

		BodyTooLarge(long limit) {
			super("request body over " + limit + " bytes");
			this.limit = limit;
		}
	}

	private static final class CountingRequest extends HttpServletRequestWrapper {

		private final long limit;

		private boolean exceeded;

		CountingRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			var in = super.getInputStream();
			return new ServletInputStream() {
				private long count;

				@Override
				public int read() throws IOException {
					int b = in.read();
					if (b >= 0) {
						count(1);
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					if (n > 0) {
						count(n);
					}
					return n;
				}

				private void count(int n) throws IOException {
					count += n;
					if (count > limit) {
						exceeded = true;
						throw new BodyTooLarge(limit);
					}
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}
			};
		}
	}
}

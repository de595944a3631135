package dev.kassa.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds Kassa's problem documents: RFC 9457 with a stable {@code code} and a field list. */
public final class Problems {

	public static final String TYPE_BASE = "https://kassa.dev/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String title, @Nullable String detail,
			List<ApiException.FieldError> errors, Map<String, Object> properties) {
		var problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + code.replace('_', '-')));
		problem.setTitle(title);
		problem.setProperty("code", code);
		if (!errors.isEmpty()) {
			problem.setProperty("errors", errors);
		}
		properties.forEach(problem::setProperty);
		var requestId = MDC.get(RequestIdFilter.MDC_KEY);
		if (requestId != null) {
			problem.setProperty("request_id", requestId);
		}
		return problem;
	}

	public static String title(String code) {
		var words = code.replace('_', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}
}

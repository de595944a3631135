package dev.kassa.platform;

import java.io.IOException;
import java.util.Objects;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Hidden;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a failure outside Spring MVC answers (a servlet filter's, the container's): the same RFC 9457
 * problem as {@link ProblemHandler}'s, instead of Spring Boot's own error JSON. A query string that does
 * not decode to UTF-8 fails this way when a security filter reads the token from it.
 */
@RestController
@Hidden
class ErrorProblems implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ErrorProblems.class);

	private final JsonMapper json;

	private final PlatformSettings settings;

	ErrorProblems(JsonMapper json, PlatformSettings settings) {
		this.json = json;
		this.settings = settings;
	}

	@RequestMapping("/error")
	@PermitAll
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		var failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
		for (var cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidParameterException) {
				SecurityConfiguration.write(json, response, HttpStatus.BAD_REQUEST, ProblemHandler.MALFORMED_QUERY,
						ProblemHandler.UNDECODABLE_QUERY);
				return;
			}
		}
		if (failure != null && DatabaseUnavailable.is(failure)) {
			log.warn("The database is unavailable: {}", ProblemHandler.describe(failure));
			response.setHeader("Retry-After", Long.toString(ProblemHandler.retryAfterSeconds(settings)));
			SecurityConfiguration.write(json, response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.CODE,
					DatabaseUnavailable.DETAIL);
			return;
		}
		var code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer given ? given : 500;
		var status = Objects.requireNonNullElse(HttpStatus.resolve(code), HttpStatus.INTERNAL_SERVER_ERROR);
		if (status.is5xxServerError()) {
			log.error("Failure outside the handlers of {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
					failure);
			SecurityConfiguration.write(json, response, status, "internal_error",
					"Something went wrong on our side; quote the request id when reporting it");
			return;
		}
		var problem = switch (status) {
			case NOT_FOUND -> "no_such_route";
			case METHOD_NOT_ALLOWED -> "method_not_allowed";
			case CONTENT_TOO_LARGE -> "payload_too_large";
			case UNAUTHORIZED -> "unauthenticated";
			case FORBIDDEN -> "forbidden";
			default -> "bad_request";
		};
		SecurityConfiguration.write(json, response, status, problem, status.getReasonPhrase());
	}
}

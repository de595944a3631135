package dev.kassa.platform;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindingResult;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The one place where failures become RFC 9457 problems. No stack trace or SQL reaches a client. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	/** The code and detail of a query string the container cannot decode, in MVC and outside it alike. */
	static final String MALFORMED_QUERY = "malformed_query";

	static final String UNDECODABLE_QUERY = "The query string is not valid percent-encoded UTF-8";

	private final PlatformSettings settings;

	ProblemHandler(PlatformSettings settings) {
		this.settings = settings;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> api(ApiException ex) {
		var problem = Problems.of(ex.status(), ex.code(), Problems.title(ex.code()), ex.getMessage(), ex.errors(),
				ex.properties());
		var response = ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (ex instanceof RateLimited limited) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
		}
		return response.body(problem);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> denied(AccessDeniedException ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Your role may not do this", List.of());
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
		if (ex.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
				&& sql.getSQLState().startsWith("22")) {
			// class 22, data exception: the value itself cannot be stored, whatever else is in the database
			log.info("A value the database cannot store: {}", sql.getMessage());
			var why = switch (sql.getSQLState()) {
				case "22021" -> "a text holds a character that cannot be stored (NUL)";
				case "22001" -> "a text is longer than its column takes";
				case "22003" -> "a number is out of range";
				case "22007", "22008" -> "a date or time is out of range";
				default -> "a value is not valid";
			};
			return problem(HttpStatus.BAD_REQUEST, "invalid_value", "The request cannot be stored: " + why,
					List.of());
		}
		log.info("Integrity violation not translated by its module: {}", ex.getMostSpecificCause().getMessage());
		return problem(HttpStatus.CONFLICT, "conflict", "The change conflicts with existing data", List.of());
	}

	/** The database down, hung, cut off or too slow: 503 with Retry-After, never a 500 (see {@link DatabaseUnavailable}). */
	@ExceptionHandler({ org.springframework.dao.DataAccessResourceFailureException.class,
			org.springframework.dao.QueryTimeoutException.class,
			org.springframework.transaction.CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		log.warn("The database is unavailable: {}", describe(ex));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(settings)))
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.CODE,
					Problems.title(DatabaseUnavailable.CODE), DatabaseUnavailable.DETAIL, List.of(), Map.of()));
	}

	static long retryAfterSeconds(PlatformSettings settings) {
		return Math.max(1, settings.db().retryAfter().toSeconds());
	}

	/** The failure and its deepest cause, in one line for the log: an outage would otherwise log a trace per request. */
	static String describe(Throwable ex) {
		var root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root == ex ? String.valueOf(ex) : ex.getClass().getSimpleName() + " caused by " + root;
	}

	@ExceptionHandler(PessimisticLockingFailureException.class)
	ResponseEntity<ProblemDetail> busy(PessimisticLockingFailureException ex) {
		if (DatabaseUnavailable.is(ex)) {
			return databaseUnavailable(ex);
		}
		log.info("Lock conflict: {}", ex.getMostSpecificCause().getMessage());
		return problem(HttpStatus.CONFLICT, "concurrent_change", "A concurrent change got there first; try again",
				List.of());
	}

	/** A query string that is not UTF-8 once percent-decoded ({@code %ff}): the container refuses to read it. */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> undecodable(InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, MALFORMED_QUERY, UNDECODABLE_QUERY, List.of());
	}

	/** Constraints checked on a bean's method outside MVC's own validation, e.g. a {@code @Validated} service. */
	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraints(ConstraintViolationException ex) {
		var errors = new ArrayList<ApiException.FieldError>();
		for (var violation : ex.getConstraintViolations()) {
			String field = "parameter";
			for (var node : violation.getPropertyPath()) {
				if (node.getName() != null) {
					field = node.getName();
				}
			}
			errors.add(new ApiException.FieldError(snake(field), violation.getMessage()));
		}
		errors.sort(java.util.Comparator.comparing(ApiException.FieldError::field));
		return problem(HttpStatus.BAD_REQUEST, "validation_failed", null, errors);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseUnavailable.is(ex)) {
			return databaseUnavailable(ex);
		}
		log.error("Unexpected failure", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
				"Something went wrong on our side; quote the request id when reporting it", List.of());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var errors = fieldErrors(ex.getBindingResult());
		errors.addAll(idempotencyKeyProblems(ex.getParameter().getMethod(), request));
		return cast(problem(HttpStatus.BAD_REQUEST, "validation_failed", null, errors));
	}

	/**
	 * The body is refused before the handler runs, and so before {@link Idempotency#checkKey}: a missing or
	 * malformed key is named in the same answer, so that one refusal names every problem of the request.
	 */
	private static List<ApiException.FieldError> idempotencyKeyProblems(java.lang.reflect.@Nullable Method handler,
			WebRequest request) {
		if (handler == null) {
			return List.of();
		}
		for (var parameter : handler.getParameters()) {
			var header = parameter.getAnnotation(org.springframework.web.bind.annotation.RequestHeader.class);
			if (header != null && (Idempotency.HEADER.equalsIgnoreCase(header.name())
					|| Idempotency.HEADER.equalsIgnoreCase(header.value()))) {
				try {
					Idempotency.checkKey(request.getHeader(Idempotency.HEADER));
					return List.of();
				}
				catch (ApiException refused) {
					return refused.errors();
				}
			}
		}
		return List.of();
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var errors = new ArrayList<ApiException.FieldError>();
		ex.getParameterValidationResults().forEach(result -> {
			var name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors()
				.forEach(error -> errors.add(new ApiException.FieldError(name == null ? "parameter" : snake(name),
						String.valueOf(error.getDefaultMessage()))));
		});
		errors.addAll(idempotencyKeyProblems(ex.getMethod(), request));
		return cast(problem(HttpStatus.BAD_REQUEST, "validation_failed", null, errors));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BodySizeFilter.BodyTooLarge tooLarge) {
				return cast(problem(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
						"The body is larger than " + tooLarge.limit + " bytes", List.of()));
			}
		}
		JacksonException cause = null;
		for (Throwable t = ex; t != null && cause == null; t = t.getCause()) {
			if (t instanceof JacksonException json) {
				cause = json;
			}
		}
		if (cause instanceof JacksonException json) {
			var field = path(json);
			String message;
			if (json instanceof UnrecognizedPropertyException) {
				message = "is not a known field";
			}
			else if (json instanceof tools.jackson.databind.exc.MismatchedInputException) {
				message = "has the wrong type or format";
			}
			else {
				message = "is not valid JSON";
			}
			if (field.isEmpty()) {
				return cast(problem(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not valid JSON: "
						+ json.getOriginalMessage(), List.of()));
			}
			return cast(problem(HttpStatus.BAD_REQUEST, "validation_failed", null,
					List.of(new ApiException.FieldError(field, message))));
		}
		return cast(problem(HttpStatus.BAD_REQUEST, "malformed_json", "The request body is missing or unreadable",
				List.of()));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return cast(problem(HttpStatus.NOT_FOUND, "no_such_route", "There is no " + ex.getHttpMethod() + " "
				+ "/" + ex.getResourcePath(), List.of()));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
			HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		var response = problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", ex.getMessage(), List.of());
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(response.getBody());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return cast(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
				"Send application/json; got " + ex.getContentType(), List.of()));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
			MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return cast(problem(HttpStatus.BAD_REQUEST, "validation_failed", null,
				List.of(new ApiException.FieldError(ex.getParameterName(), "is required"))));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		return cast(problem(HttpStatus.BAD_REQUEST, "validation_failed", null,
				List.of(new ApiException.FieldError(snake(name), "has the wrong type or format"))));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleServletRequestBindingException(
			org.springframework.web.bind.ServletRequestBindingException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (ex instanceof MissingRequestHeaderException missing) {
			return cast(problem(HttpStatus.BAD_REQUEST, "validation_failed", null,
					List.of(new ApiException.FieldError(missing.getHeaderName(), "header is required"))));
		}
		return cast(problem(HttpStatus.BAD_REQUEST, "bad_request", ex.getMessage(), List.of()));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		var status = HttpStatus.valueOf(statusCode.value());
		var code = switch (status) {
			case PAYLOAD_TOO_LARGE -> "payload_too_large";
			case NOT_ACCEPTABLE -> "not_acceptable";
			case SERVICE_UNAVAILABLE -> "unavailable";
			default -> status.is5xxServerError() ? "internal_error" : "bad_request";
		};
		if (status.is5xxServerError()) {
			log.error("Failure while handling the request", ex);
		}
		var detail = status.is5xxServerError() ? "Something went wrong on our side" : status.getReasonPhrase();
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, code, Problems.title(code), detail, List.of(), Map.of()));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, @Nullable String detail,
			List<ApiException.FieldError> errors) {
		var text = detail != null ? detail
				: errors.size() == 1 ? errors.getFirst().field() + " " + errors.getFirst().message()
						: errors.size() + " fields are invalid";
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, code, Problems.title(code), text, errors, Map.of()));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> response) {
		return (ResponseEntity) response;
	}

	private static List<ApiException.FieldError> fieldErrors(BindingResult result) {
		var errors = new ArrayList<ApiException.FieldError>();
		result.getFieldErrors()
			.forEach(error -> errors
				.add(new ApiException.FieldError(snake(error.getField()), String.valueOf(error.getDefaultMessage()))));
		result.getGlobalErrors()
			.forEach(error -> errors
				.add(new ApiException.FieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
		return errors;
	}

	private static String path(JacksonException ex) {
		var out = new StringBuilder();
		for (var ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				if (!out.isEmpty()) {
					out.append('.');
				}
				out.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				out.append('[').append(ref.getIndex()).append(']');
			}
		}
		return out.toString();
	}

	/** Turns a Java property path ({@code lines[0].unitPrice}) into the JSON one ({@code lines[0].unit_price}). */
	static String snake(String name) {
		var out = new StringBuilder(name.length() + 8);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				out.append('_').append(Character.toLowerCase(c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}
}

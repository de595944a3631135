package dev.kassa.platform;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A refusal that the client can act on. It becomes an RFC 9457 problem with a stable {@code code}.
 * Modules throw the named facts below (or subclasses of their own), never a bare status.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final List<FieldError> errors;

	private final Map<String, Object> properties;

	public ApiException(HttpStatus status, String code, String detail) {
		this(status, code, detail, List.of(), Map.of());
	}

	public ApiException(HttpStatus status, String code, String detail, List<FieldError> errors,
			Map<String, Object> properties) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.errors = List.copyOf(errors);
		this.properties = Map.copyOf(properties);
	}

	/** The detail given when it was thrown: never null, unlike a Throwable's message in general. */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	public HttpStatus status() {
		return status;
	}

	public String code() {
		return code;
	}

	public List<FieldError> errors() {
		return errors;
	}

	public Map<String, Object> properties() {
		return properties;
	}

	/** One field the client got wrong; {@code field} is the JSON path in snake_case. */
	public record FieldError(String field, String message) {
	}

	public static ApiException notFound(String what, Object id) {
		return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " " + id + " does not exist");
	}

	public static ApiException invalid(String field, String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", field + ": " + message,
				List.of(new FieldError(field, message)), Map.of());
	}

	public static ApiException invalid(List<FieldError> errors) {
		return new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
				errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
						: errors.size() + " fields are invalid",
				errors, Map.of());
	}

	public static ApiException conflict(String code, String detail) {
		return new ApiException(HttpStatus.CONFLICT, code, detail);
	}

	public static ApiException conflict(String code, String detail, Map<String, Object> properties) {
		return new ApiException(HttpStatus.CONFLICT, code, detail, List.of(), properties);
	}

	public static ApiException unprocessable(String code, String detail, @Nullable String field) {
		return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, detail,
				field == null ? List.of() : List.of(new FieldError(field, detail)), Map.of());
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail);
	}
}

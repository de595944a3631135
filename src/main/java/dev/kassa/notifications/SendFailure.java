package dev.kassa.notifications;

import org.jspecify.annotations.Nullable;

/**
 * An attempt to send that did not succeed.
 *
 * @param retryable whether a later attempt may succeed (timeouts, 5xx, 429); a 4xx or a refused address is not
 * @param statusCode the provider's HTTP status or SMTP reply code, when there was one
 * @param uploadedMedia the provider's id of a file this attempt uploaded before it failed, for the next attempt
 *     to send instead of uploading it again
 */
record SendFailure(boolean retryable, @Nullable Integer statusCode, String error, @Nullable String uploadedMedia) {

	static final int MAX_ERROR = 500;

	SendFailure {
		error = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) + "…" : error;
	}

	SendFailure(boolean retryable, @Nullable Integer statusCode, String error) {
		this(retryable, statusCode, error, null);
	}

	/** Thrown by a sender; carries the failure. */
	static final class Thrown extends Exception {

		private final SendFailure failure;

		Thrown(SendFailure failure) {
			super(failure.error(), null, false, false);
			this.failure = failure;
		}

		SendFailure failure() {
			return failure;
		}

		/** The same failure, saying that the attempt uploaded a file the provider now keeps as {@code media}. */
		Thrown afterUploading(String media) {
			var f = failure;
			return new Thrown(new SendFailure(f.retryable(), f.statusCode(), f.error(), media));
		}
	}

	static Thrown retry(@Nullable Integer status, String error) {
		return new Thrown(new SendFailure(true, status, error));
	}

	static Thrown permanent(@Nullable Integer status, String error) {
		return new Thrown(new SendFailure(false, status, error));
	}
}

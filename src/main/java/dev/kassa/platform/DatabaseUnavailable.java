package dev.kassa.platform;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure to reach the database (down, restarting, hung, cut off, too slow to answer in time) from
 * every other failure: such a request did not take effect, or its commit's answer was lost, and the same
 * request with the same {@code Idempotency-Key} may be sent again later. Answered as 503 with
 * {@code Retry-After}, code {@code database_unavailable}.
 */
final class DatabaseUnavailable {

	static final String CODE = "database_unavailable";

	static final String DETAIL = "The database cannot be reached or did not answer in time; nothing is lost: "
			+ "send the same request again (with the same Idempotency-Key) after the time in Retry-After";

	private DatabaseUnavailable() {
	}

	/** Whether {@code failure}, or one of its causes, says the database was not reachable or not answering. */
	static boolean is(@Nullable Throwable failure) {
		return is(failure, 0);
	}

	private static boolean is(@Nullable Throwable failure, int nesting) {
		int depth = 0;
		for (var cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
			// a rollback that failed on the broken connection hides the failure that made it roll back
			if (cause instanceof TransactionSystemException tx && nesting < 3
					&& is(tx.getApplicationException(), nesting + 1)) {
				return true;
			}
			// the pool's answer on a connection it has just found broken and closed
			if (cause instanceof SQLException sql && sql.getSQLState() == null
					&& "Connection is closed".equals(sql.getMessage())) {
				return true;
			}
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SocketTimeoutException || cause instanceof ConnectException
					|| cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
			if (cause instanceof SQLException sql && unavailableState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Class 08 (connection exception), 57P01 to 57P03 (the server shutting down, crashed, not yet accepting
	 * connections), 57014 (cancelled: the statement timeout), class 53 (insufficient resources: the disk
	 * full, out of memory, too many connections).
	 */
	private static boolean unavailableState(@Nullable String state) {
		if (state == null) {
			return false;
		}
		return state.startsWith("08") || state.startsWith("57P") || state.equals("57014") || state.startsWith("53");
	}
}

package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean the database could not be reached (503, send again) and which do not. */
class DatabaseUnavailableTests {

	@Test
	void connectionFailuresTimeoutsAndALackOfResourcesAreUnavailable() {
		assertThat(DatabaseUnavailable.is(new SQLException("I/O error", "08006"))).isTrue();
		assertThat(DatabaseUnavailable.is(new SQLException("terminating connection", "57P01"))).isTrue();
		assertThat(DatabaseUnavailable.is(new SQLException("the database system is starting up", "57P03"))).isTrue();
		assertThat(DatabaseUnavailable.is(new SQLException("canceling statement due to statement timeout", "57014")))
			.isTrue();
		assertThat(DatabaseUnavailable.is(new SQLException("could not extend file: No space left", "53100"))).isTrue();
		assertThat(DatabaseUnavailable.is(new CannotGetJdbcConnectionException("pool",
				new SQLTransientConnectionException("kassa - Connection is not available")))).isTrue();
		assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLException("x", new SocketTimeoutException()))))
			.isTrue();
	}

	@Test
	void aRollbackThatFailedOnTheBrokenConnectionIsUnavailableToo() {
		var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
		rollback.initApplicationException(new SQLException("An I/O error occurred", "08006"));
		assertThat(DatabaseUnavailable.is(rollback)).isTrue();
		assertThat(DatabaseUnavailable.is(new SQLException("Connection is closed"))).isTrue();
	}

	@Test
	void refusalsOfTheDataAreNot() {
		assertThat(DatabaseUnavailable.is(new DataIntegrityViolationException("duplicate",
				new SQLException("duplicate key", "23505")))).isFalse();
		assertThat(DatabaseUnavailable.is(new SQLException("could not serialize", "40001"))).isFalse();
		assertThat(DatabaseUnavailable.is(new IllegalStateException("a bug"))).isFalse();
		assertThat(DatabaseUnavailable.is(null)).isFalse();
	}
}

package dev.kassa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.support.IntegrationTestSupport;

/**
 * The database's refusal of a commit that changed a business table without appending an event (V1), now
 * checked once per transaction instead of once per changed row (V91): the guarantee holds, savepoints
 * included, and a transaction of many rows runs the check at most once. The checks are counted by
 * PostgreSQL's own function statistics of the test's session ({@code track_functions}).
 */
class EventCheckIntegrationTests extends IntegrationTestSupport {

	@Autowired
	DataSource dataSource;

	private static final String CUSTOMER = "INSERT INTO customers (id, name, created_at, updated_at) "
			+ "VALUES (gen_random_uuid(), 'Check test', now(), now())";

	private static final String EVENT = "INSERT INTO events (id, type, aggregate_type, aggregate_id, occurred_at, payload) "
			+ "VALUES (gen_random_uuid(), 'test.checked', 'test', gen_random_uuid(), now(), '{}')";

	private static void run(Connection connection, String... statements) throws SQLException {
		try (var statement = connection.createStatement()) {
			for (var sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/** Runs the statements in one transaction with this session's calls of the check counted; answers them. */
	private long checksIn(String... statements) throws SQLException {
		try (var connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			run(connection, "SET track_functions = 'pl'");
			long before = calls(connection);
			connection.setAutoCommit(false);
			try {
				run(connection, statements);
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
			long checks = calls(connection) - before;
			run(connection, "RESET track_functions");
			return checks;
		}
	}

	private static long calls(Connection connection) throws SQLException {
		// the session's pending counts reach the shared statistics when it goes idle: forced, then read fresh
		run(connection, "SELECT pg_stat_force_next_flush()");
		run(connection, "SELECT pg_stat_clear_snapshot()");
		try (var statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions "
						+ "WHERE funcname = 'kassa_require_event'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	@Test
	void rowsChangedBeforeTheEventAreCheckedOnceAtCommit() throws SQLException {
		assertThat(checksIn(CUSTOMER, CUSTOMER, CUSTOMER, CUSTOMER, CUSTOMER, EVENT)).isEqualTo(1);
	}

	@Test
	void rowsChangedAfterTheEventNeedNoCheck() throws SQLException {
		assertThat(checksIn(EVENT, CUSTOMER, CUSTOMER, CUSTOMER)).isZero();
	}

	@Test
	void aChangeWithoutAnEventIsStillRefused() {
		long before = count("SELECT count(*) FROM customers");
		assertThatThrownBy(() -> checksIn(CUSTOMER, CUSTOMER))
			.hasMessageContaining("a change to customers was not recorded in the event log");
		assertThat(count("SELECT count(*) FROM customers")).isEqualTo(before);
	}

	@Test
	void anEventRolledBackToASavepointNoLongerCounts() {
		long before = count("SELECT count(*) FROM customers");
		assertThatThrownBy(() -> checksIn("SAVEPOINT s", EVENT, "ROLLBACK TO SAVEPOINT s", CUSTOMER))
			.hasMessageContaining("was not recorded in the event log");
		assertThat(count("SELECT count(*) FROM customers")).isEqualTo(before);
	}

	@Test
	void aCheckQueuedInARolledBackSavepointIsQueuedAgainByTheNextChange() {
		long before = count("SELECT count(*) FROM customers");
		assertThatThrownBy(() -> checksIn("SAVEPOINT s", CUSTOMER, "ROLLBACK TO SAVEPOINT s", CUSTOMER))
			.hasMessageContaining("was not recorded in the event log");
		assertThat(count("SELECT count(*) FROM customers")).isEqualTo(before);
	}

	@Test
	void anEventInAReleasedSavepointCountsForTheWholeTransaction() {
		assertThatCode(() -> assertThat(checksIn(CUSTOMER, "SAVEPOINT s", EVENT, "RELEASE SAVEPOINT s", CUSTOMER))
			.isEqualTo(1)).doesNotThrowAnyException();
	}

	@Test
	void theMarksDoNotOutliveTheirTransaction() throws SQLException {
		checksIn(CUSTOMER, EVENT);
		long before = count("SELECT count(*) FROM customers");
		// the same session again (the pool may hand out another: the marks are transaction-local on any)
		assertThatThrownBy(() -> checksIn(CUSTOMER))
			.hasMessageContaining("was not recorded in the event log");
		assertThat(count("SELECT count(*) FROM customers")).isEqualTo(before);
	}
}

package dev.kassa.platform;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One common table expression of a statement that several modules write together, with its named
 * parameters. A module that owns a table gives the part that writes it; the caller joins the parts into
 * one statement, so that work done under a hot lock (a document number's series row) is one round trip.
 * Each module prefixes its parameter names, so that the parts never clash.
 *
 * @param cte {@code name AS (...)}, without {@code WITH}
 */
public record SqlPart(String cte, Map<String, Object> params) {

	/** This part with one more parameter, for an expression the caller gives another part. */
	public SqlPart with(String name, @Nullable Object value) {
		var more = new HashMap<String, Object>(params);
		more.put(name, value);
		return new SqlPart(cte, more);
	}

	/**
	 * Runs {@code WITH part, ... SELECT <column> FROM <from>} and COMMIT in one round trip, and answers the
	 * column of the one row. For work whose last statement holds a hot row lock: the lock is released by
	 * the commit without waiting for the JVM to send it.
	 * <p>
	 * The surrounding Spring transaction must end right after this: its commit then finds the driver's
	 * transaction committed already and does nothing (PgJDBC commits only a transaction that is open),
	 * and its after-commit callbacks run as usual. When {@code from} gives no row, the statement fails
	 * before the COMMIT and this throws {@link NoRow}; when the statement or the commit fails otherwise,
	 * the exception propagates. Either way nothing of the transaction remains, and Spring's rollback that
	 * follows has nothing left to do.
	 */
	public static String queryAndCommit(NamedParameterJdbcTemplate jdbc, List<SqlPart> parts, String column,
			String from) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("queryAndCommit ends a transaction that is running");
		}
		var joined = join(parts, "SELECT coalesce((SELECT " + column + " FROM " + from + "), kassa_required_row())");
		try {
			return jdbc.execute(joined.cte() + ";\nCOMMIT", joined.params(), statement -> {
				statement.execute();
				String first;
				try (var rows = statement.getResultSet()) {
					rows.next();
					first = rows.getString(1);
				}
				while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
					// the COMMIT's outcome: read through, so that the statement ends cleanly
				}
				return first;
			});
		}
		catch (DataAccessException ex) {
			if (ex.getMostSpecificCause() instanceof SQLException sql && "KA003".equals(sql.getSQLState())) {
				throw new NoRow();
			}
			throw ex;
		}
	}

	/** The statement of {@link #queryAndCommit} gave no row, and its transaction is rolled back. */
	public static final class NoRow extends RuntimeException {

		NoRow() {
			super("the statement gave no row", null, false, false);
		}
	}

	private static SqlPart join(List<SqlPart> parts, String tail) {
		var text = new StringBuilder("WITH ");
		var params = new HashMap<String, Object>();
		for (int i = 0; i < parts.size(); i++) {
			var part = parts.get(i);
			text.append(i == 0 ? "" : ",\n").append(part.cte());
			for (var param : part.params().entrySet()) {
				if (params.containsKey(param.getKey())) {
					throw new IllegalArgumentException("two parts name the parameter " + param.getKey());
				}
				params.put(param.getKey(), param.getValue());
			}
		}
		text.append('\n').append(tail);
		return new SqlPart(text.toString(), params);
	}

	/** {@code WITH part, part, ... <tail>}: one statement of the parts in order, with all their parameters. */
	public static JdbcClient.StatementSpec statement(JdbcClient jdbc, List<SqlPart> parts, String tail) {
		var joined = join(parts, tail);
		return jdbc.sql(joined.cte()).params(joined.params());
	}
}

package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.support.IntegrationTestSupport;

class SqlPartIntegrationTests extends IntegrationTestSupport {

	@Autowired
	NamedParameterJdbcTemplate named;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void table() {
		jdbc.sql("CREATE TABLE IF NOT EXISTS sql_part_test (n int PRIMARY KEY)").update();
		jdbc.sql("DELETE FROM sql_part_test").update();
	}

	private long rows() {
		return count("SELECT count(*) FROM sql_part_test");
	}

	@Test
	void theStatementCommitsWithItsTransactionAndAfterCommitCallbacksRun() {
		var afterCommit = new AtomicBoolean();
		var answer = transactions.execute(tx -> {
			jdbc.sql("INSERT INTO sql_part_test VALUES (1)").update();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					afterCommit.set(true);
				}
			});
			return SqlPart.queryAndCommit(named,
					List.of(new SqlPart("w AS (INSERT INTO sql_part_test VALUES (:n) RETURNING n)", Map.of("n", 2))),
					"n::text", "w");
		});
		assertThat(answer).isEqualTo("2");
		assertThat(rows()).isEqualTo(2);
		assertThat(afterCommit).isTrue();
	}

	@Test
	void noRowFailsTheStatementBeforeItsCommitAndNothingOfTheTransactionRemains() {
		assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
			jdbc.sql("INSERT INTO sql_part_test VALUES (1)").update();
			SqlPart.queryAndCommit(named,
					List.of(new SqlPart("w AS (INSERT INTO sql_part_test SELECT 2 WHERE false RETURNING n)", Map.of())),
					"n::text", "w");
		})).isInstanceOf(SqlPart.NoRow.class);
		assertThat(rows()).isZero();
	}

	@Test
	void aFailingStatementLeavesNothingEither() {
		jdbc.sql("INSERT INTO sql_part_test VALUES (7)").update();
		assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
			jdbc.sql("INSERT INTO sql_part_test VALUES (1)").update();
			SqlPart.queryAndCommit(named,
					List.of(new SqlPart("w AS (INSERT INTO sql_part_test VALUES (7) RETURNING n)", Map.of())),
					"n::text", "w");
		})).isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void itRunsOnlyInsideATransactionAndPartsMayNotShareAParameter() {
		var part = new SqlPart("w AS (SELECT 1 AS n)", Map.of());
		assertThatThrownBy(() -> SqlPart.queryAndCommit(named, List.of(part), "n::text", "w"))
			.isInstanceOf(IllegalStateException.class);
		var withNull = new HashMap<String, Object>();
		withNull.put("x", null);
		assertThatThrownBy(() -> SqlPart.statement(jdbc,
				List.of(new SqlPart("a AS (SELECT :x::int)", withNull), new SqlPart("b AS (SELECT :x::int)", Map.of("x", 1))),
				"SELECT 1"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("x");
	}
}

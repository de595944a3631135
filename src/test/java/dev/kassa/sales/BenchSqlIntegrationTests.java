package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;

/**
 * bench/sql/sale.sql and bench/sql/sale_get.sql are the ceiling the bench holds Kassa's sales and sale reads
 * against: pgbench runs them on the same PostgreSQL. They must be what the sale path sends, so this test
 * posts one sale of 3 lines (and reads it) through the API with PostgreSQL's own statement statistics
 * (pg_stat_statements) reset before, and compares the normalized statements seen with the scripts': each
 * script statement was sent, and every statement sent that reads or writes the tables the scripts use is
 * in the script. Not timed. On a mismatch, target/bench-sql-observed-*.txt lists what was sent.
 */
@TestPropertySource(properties = "kassa.reports.fold-every-ms=3600000")
class BenchSqlIntegrationTests extends IntegrationTestSupport {

	/** The bench's own statements in a script (random picks) follow a line with this comment. */
	private static final String OWN = "-- bench:";

	/** Transaction control, settings, and the foreign-key checks PostgreSQL runs itself (SELECT 1 FROM ONLY …). */
	private static final Pattern UTILITY = Pattern.compile(
			"^(begin|commit|rollback|set|show|select \\?$|select \\? from only |select pg_stat_statements_reset).*");

	/** Tables the statements' texts are searched for, to tell the sale path's statements from the rest. */
	private static final List<String> TABLES = List.of("sales", "sale_lines", "sale_payments", "stock_levels",
			"stock_movements", "document_series", "idempotency_keys", "products", "product_prices", "tax_classes",
			"locations", "organization", "till_sessions", "report_day_pending", "customers");

	/** The shop of this class's server (JUnit makes an instance per test, Spring one server per class). */
	private static String location;

	private static final List<String> products = new ArrayList<>();

	@BeforeEach
	void shop() {
		if (location != null) {
			return;
		}
		var api = api();
		var admin = api.adminToken();
		var fixtures = new Fixtures(api);
		fixtures.organization();
		var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		api.post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				UUID.randomUUID().toString());
		location = fixtures.location("BQ1", "29");
		for (int i = 0; i < 3; i++) {
			// as bench/catalog.py seeds them: GST 18 % included, stock tracked, may go negative
			products.add(fixtures.product("BQ-" + i, (20 + i) + ".50", Fixtures.GST_18, "price_includes_tax", true,
					"track_stock", true, "allow_negative_stock", true));
		}
		jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
	}

	private Map<String, Object> saleBody() {
		var lines = new ArrayList<Map<String, Object>>();
		for (var product : products) {
			lines.add(Map.of("product_id", product, "quantity", 2));
		}
		// 2 x (20.50 + 21.50 + 22.50), tax included
		return Map.of("location_id", location, "lines", lines, "payments",
				List.of(Map.of("method", "CASH", "amount", "129.00")));
	}

	private String postSale() {
		var sold = api().post("/api/v1/sales", api().token("CASHIER"), saleBody(), UUID.randomUUID().toString());
		assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
		return sold.json().path("id").asString();
	}

	/** Statements of this test's database since the reset, normalized, without transaction control. */
	private Set<String> observedDuring(Runnable action) {
		// a first sale warms every cache and plan up; only the second one's statements are compared
		jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).single();
		action.run();
		var seen = new TreeSet<String>();
		for (var query : jdbc.sql("SELECT query FROM pg_stat_statements WHERE toplevel AND dbid = "
				+ "(SELECT oid FROM pg_database WHERE datname = current_database())").query(String.class).list()) {
			var normalized = normalize(query);
			if (!UTILITY.matcher(normalized).matches()) {
				seen.add(normalized);
			}
		}
		return seen;
	}

	/** The script's SQL statements (pgbench meta-commands and the bench's own statements left out). */
	static List<String> scriptStatements(Path script) throws IOException {
		var statements = new ArrayList<String>();
		var current = new StringBuilder();
		boolean own = false;
		for (var line : Files.readAllLines(script)) {
			var trimmed = line.strip();
			if (trimmed.startsWith(OWN)) {
				own = true;
				continue;
			}
			if (trimmed.startsWith("\\") || trimmed.startsWith("--") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			current.append(line).append('\n');
			if (trimmed.endsWith(";") || trimmed.endsWith("\\gset")) {
				var text = normalize(current.toString().replaceAll("\\\\gset\\s*$", ""));
				if (!own && !UTILITY.matcher(text).matches()) {
					statements.add(text);
				}
				own = false;
				current.setLength(0);
			}
		}
		return statements;
	}

	/**
	 * One spelling for both sides: comments dropped, pgbench's {@code :variables}, PostgreSQL's {@code $n}
	 * parameters and constants (strings, numbers) as {@code ?}, whitespace collapsed, lower case, no final ';'.
	 */
	static String normalize(String sql) {
		var text = sql.replaceAll("(?m)--[^\\n]*$", " ");
		text = text.replaceAll("'(?:[^']|'')*'", "?");
		text = text.replaceAll("(?<![:\\w]):[a-z_][a-z0-9_]*", "?");
		text = text.replaceAll("\\$\\d+", "?");
		text = text.replaceAll("(?<![\\w.$?])\\d+(?:\\.\\d+)?(?![\\w])", "?");
		text = text.replaceAll("\\s+", " ").strip().toLowerCase();
		// constants PostgreSQL's statistics show as parameters: NULL (not IS [NOT] NULL), true, false
		text = text.replaceAll("(?<!\\bis )(?<!\\bnot )\\bnull\\b", "?").replaceAll("\\b(true|false)\\b", "?");
		text = text.replaceAll("\\s*([(),=<>+*/|-]|::)\\s*", "$1");
		// an IN list is one squashed parameter in PostgreSQL 18's statistics, whatever its length
		text = text.replaceAll("\\bin\\(\\?(?:/\\*,\\.\\.\\.\\*/|(?:,\\?)*)\\)", "in(?)");
		return text.replaceAll(";$", "").strip();
	}

	private static boolean touches(String statement, Set<String> tables) {
		for (var table : tables) {
			if (Pattern.compile("\\b" + table + "\\b").matcher(statement).find()) {
				return true;
			}
		}
		return false;
	}

	private void compare(String name, Set<String> observed) throws IOException {
		var script = Path.of("bench", "sql", name + ".sql");
		Files.createDirectories(Path.of("target"));
		Files.write(Path.of("target", "bench-sql-observed-" + name + ".txt"), observed);
		var expected = new LinkedHashSet<>(scriptStatements(script));
		assertThat(expected).as("statements of " + script).isNotEmpty();
		var tables = new LinkedHashSet<String>();
		for (var table : TABLES) {
			if (touches(String.join("\n", expected), Set.of(table))) {
				tables.add(table);
			}
		}
		assertThat(observed).as(script + ": every statement of the script is one the API sent")
			.containsAll(expected);
		var unscripted = observed.stream().filter(s -> touches(s, tables) && !expected.contains(s)).toList();
		assertThat(unscripted).as(script + ": statements the API sent on the script's tables that the script lacks")
			.isEmpty();
	}

	@Test
	void theSaleScriptSendsWhatASaleOfThreeLinesSends() throws IOException {
		postSale();
		compare("sale", observedDuring(this::postSale));
	}

	@Test
	void theSaleReadScriptSendsWhatReadingOneSaleSends() throws IOException {
		var id = postSale();
		await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/v1/sales/" + id, api().token("CASHIER"))
			.status() == 200);
		compare("sale_get", observedDuring(() -> {
			var read = api().get("/api/v1/sales/" + id, api().token("CASHIER"));
			assertThat(read.status()).isEqualTo(200);
		}));
	}
}

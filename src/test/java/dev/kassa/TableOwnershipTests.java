package dev.kassa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * "No module reads or writes another module's tables", checked: every table has one owning module, the SQL
 * that a module's code sends (its text blocks and string literals under {@code src/main/java/dev/kassa/<module>}
 * and any {@code .sql} file of its own) names only its own tables, and a trigger touches only the tables of
 * the module that owns the table it is on. The few deliberate crossings are {@link #CROSSINGS}, each with
 * its reason; one that is no longer needed fails too, so the list stays true.
 */
class TableOwnershipTests {

	static final Path MAIN = Path.of("src/main/java/dev/kassa");

	static final Path RESOURCES = Path.of("src/main/resources");

	static final Path MIGRATIONS = RESOURCES.resolve("db/migration");

	/**
	 * The owner of every table: the module whose code writes it, and whose migration created it. A new table
	 * is added here, beside the module that writes it.
	 */
	static final Map<String, List<String>> OWNERS = owners(
			"platform", "idempotency_keys rate_limit_buckets",
			"events", "events event_chain_head",
			"identity", "users refresh_tokens login_attempts approvals totp_factors totp_recovery_codes totp_challenges",
			"organization", "organization tax_registrations bank_accounts financial_years locations",
			"numbering", "document_series number_blocks number_block_numbers",
			"catalog", "tax_classes categories products product_barcodes product_prices product_imports "
					+ "product_import_chunks product_import_errors",
			"customers", "customers",
			"inventory", "stock_levels stock_movements",
			"sales", "sales sale_lines sale_payments sale_returns sale_return_lines sale_refunds orders order_lines "
					+ "order_reservations estimates estimate_lines offline_exceptions",
			"reports", "report_day_pending report_day_figures",
			// db-scheduler's own table (V50), read and written only by the library that jobs configures.
			"jobs", "scheduled_tasks job_runs",
			"documents", "document_batches",
			"notifications", "messages message_attachments message_attempts webhooks webhook_deliveries",
			"delivery", "delivery_depots drivers vehicles route_plans routes delivery_orders route_stops container_types "
					+ "refill_products customer_containers container_movements delivery_proof_settings delivery_proof_codes "
					+ "delivery_proof_files route_loads route_load_lines",
			"tills", "terminals till_settings till_sessions till_movements till_session_sales z_reports till_late_arrivals");

	enum Access {
		READS, WRITES
	}

	/** One module's code (or the triggers on one module's table) touching a table another module owns. */
	record Crossing(String module, Access access, String table, String why) {

		String key() {
			return module + " " + access.name().toLowerCase() + " " + table;
		}
	}

	/** The deliberate exceptions: the only places where a module touches a table it does not own. */
	static final List<Crossing> CROSSINGS = List.of(
			// Reports are read-only SQL over sales (ARCHITECTURE.md). Summing a period through the sales service
			// would load every sale of it; the figures are one grouped query instead. Reads only: reports never
			// write a sale's row, and a change to these tables' columns is a change to reports' SQL too.
			new Crossing("reports", Access.READS, "sales", "day figures are folded from the sales of a day"),
			new Crossing("reports", Access.READS, "sale_lines", "product and tax-rate figures per day"),
			new Crossing("reports", Access.READS, "sale_payments", "figures per payment method"),
			new Crossing("reports", Access.READS, "sale_returns", "returns of a period"),
			new Crossing("reports", Access.READS, "sale_refunds", "refunds of a period, per method"),
			new Crossing("reports", Access.READS, "sale_return_lines", "the tax returns took back, per rate"),
			new Crossing("reports", Access.READS, "estimates", "estimates given and converted in a period"),
			// A series copies its financial year's dates and closed flag, and share-locks the year row while it is
			// created: a year closed at the same moment (an UPDATE of that row) waits, so no series is opened in a
			// year that is already closed. The organization service cannot hold that lock for numbering's statement.
			new Crossing("numbering", Access.READS, "financial_years", "FOR SHARE while a series is created"),
			// V60's triggers on sales write report_day_pending: the one place that sees every write to sales, so
			// no sale path can forget to tell reports. The trigger reads only the rows the statement changed.
			new Crossing("sales", Access.WRITES, "report_day_pending", "trigger sales_*_for_reports (V60)"),
			// A backup records, in the same snapshot it copies, the chain head and the count of sales it holds, so
			// that a restore can prove it got everything back (the head verifies) and tell the owner what it holds.
			// It runs below every module (platform) and reads two numbers; it writes nothing.
			new Crossing("platform", Access.READS, "event_chain_head", "Backups: the head the restore must reach"),
			new Crossing("platform", Access.READS, "sales", "Backups: the count of sales the backup holds"));

	@Test
	void everyTableCreatedHasOneOwner() {
		var created = createdTables();
		var owned = new TreeSet<String>();
		OWNERS.values().forEach(owned::addAll);
		assertThat(new TreeSet<>(created)).as("tables created by a migration (owners listed in TableOwnershipTests.OWNERS)")
				.isEqualTo(owned);
		var seen = new HashMap<String, String>();
		OWNERS.forEach((module, tables) -> tables.forEach(table -> assertThat(seen.put(table, module))
				.as(table + " has two owners").isNull()));
	}

	@Test
	void modulesTouchOnlyTheirOwnTables() {
		assertThat(unexpected(moduleCrossings())).as("SQL in a module that touches another module's table "
				+ "(add it to TableOwnershipTests.CROSSINGS only with the reason it cannot go through the owner)")
				.isEmpty();
	}

	@Test
	void triggersTouchOnlyTheTablesOfTheModuleTheyServe() {
		assertThat(unexpected(triggerCrossings())).as("a trigger on one module's table that touches another's")
				.isEmpty();
	}

	@Test
	void everyListedCrossingIsStillThere() {
		var found = new LinkedHashSet<String>();
		moduleCrossings().forEach(c -> found.add(c.key()));
		triggerCrossings().forEach(c -> found.add(c.key()));
		assertThat(CROSSINGS.stream().map(Crossing::key).filter(k -> !found.contains(k)).toList())
				.as("crossings listed that no SQL makes any more: take them off the list").isEmpty();
	}

	@Nested
	class TheReader {

		@Test
		void findsTablesReadAndWritten() {
			var touched = tablesIn("""
					WITH taken AS (UPDATE stock_levels SET on_hand = on_hand - 1 RETURNING product_id)
					SELECT s.id FROM sales s JOIN sale_lines l ON l.sale_id = s.id, taken
					""");
			assertThat(touched).containsExactly(Map.entry("stock_levels", Access.WRITES),
					Map.entry("sales", Access.READS), Map.entry("sale_lines", Access.READS));
			assertThat(tablesIn("DELETE FROM events WHERE id = :id")).containsExactly(Map.entry("events", Access.WRITES));
			assertThat(tablesIn("INSERT INTO customers (id) VALUES (:id)"))
					.containsExactly(Map.entry("customers", Access.WRITES));
		}

		@Test
		void skipsCommonTableExpressionsFunctionsAndWordsInLowerCase() {
			assertThat(tablesIn("WITH sales AS (SELECT 1) SELECT * FROM sales")).isEmpty();
			assertThat(tablesIn("SELECT x FROM unnest(:ids) AS u(x)")).isEmpty();
			assertThat(tablesIn("SELECT s.total FROM t JOIN x ON sales.id = x.id")).isEmpty();
			assertThat(tablesIn("the sale is refused: returns from sales may not exceed what was sold")).isEmpty();
			assertThat(tablesIn("SELECT EXTRACT(EPOCH FROM created_at) FROM events")).containsExactly(
					Map.entry("events", Access.READS));
		}

		@Test
		void findsStringsButNotCommentsInJava() {
			var java = """
					// SELECT 1 FROM users
					/* UPDATE users SET x = 1 */
					var sql = "SELECT id FROM users WHERE \\"x\\" = 1";
					var block = \"""
					    DELETE FROM sales
					    \""";
					char c = '"';
					""";
			assertThat(String.join("\n", literalsIn(java))).contains("FROM users WHERE").contains("DELETE FROM sales")
					.doesNotContain("UPDATE users").doesNotContain("SELECT 1 FROM users");
		}
	}

	// --- reading ---

	static List<String> createdTables() {
		var created = new ArrayList<String>();
		var create = Pattern.compile("\\bCREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");
		migrations().forEach((name, sql) -> {
			var m = create.matcher(sql);
			while (m.find()) {
				created.add(m.group(1));
			}
		});
		return created;
	}

	/** Every table each module's code touches that it does not own. */
	static List<Crossing> moduleCrossings() {
		var crossings = new ArrayList<Crossing>();
		for (var module : OWNERS.keySet()) {
			var sources = new ArrayList<String>();
			files(MAIN.resolve(module), ".java").forEach(f -> sources.addAll(literalsIn(read(f))));
			files(RESOURCES, ".sql").stream().filter(f -> !f.startsWith(MIGRATIONS))
					.filter(f -> f.toString().contains("/" + module + "/")).forEach(f -> sources.add(read(f)));
			for (var sql : sources) {
				tablesIn(sql).forEach((table, access) -> {
					var owner = ownerOf(table);
					if (owner != null && !owner.equals(module)) {
						crossings.add(new Crossing(module, access, table, ""));
					}
				});
			}
		}
		return crossings;
	}

	/** Every table a trigger's function touches that the owner of the trigger's table does not own. */
	static List<Crossing> triggerCrossings() {
		var all = new StringBuilder();
		migrations().values().forEach(sql -> all.append(sql).append('\n'));
		var sql = all.toString();
		var functions = new HashMap<String, String>();
		var function = Pattern.compile(
				"\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?FUNCTION\\s+([a-z_][a-z0-9_]*)\\s*\\([^;]*?\\bAS\\s+(\\$[a-z_]*\\$)(.*?)\\2",
				Pattern.DOTALL);
		var f = function.matcher(sql);
		while (f.find()) {
			functions.put(f.group(1), f.group(3));
		}
		var trigger = Pattern.compile(
				"\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:CONSTRAINT\\s+)?TRIGGER\\s+[a-z_][a-z0-9_]*\\s.*?\\sON\\s+([a-z_][a-z0-9_]*)"
						+ "\\s.*?\\bEXECUTE\\s+(?:FUNCTION|PROCEDURE)\\s+([a-z_][a-z0-9_]*)\\s*\\(",
				Pattern.DOTALL);
		var crossings = new ArrayList<Crossing>();
		var t = trigger.matcher(sql);
		while (t.find()) {
			var owner = ownerOf(t.group(1));
			var body = functions.get(t.group(2));
			assertThat(owner).as("owner of " + t.group(1) + ", which has a trigger").isNotNull();
			assertThat(body).as("function " + t.group(2) + " of a trigger on " + t.group(1)).isNotNull();
			tablesIn(body).forEach((table, access) -> {
				var tableOwner = ownerOf(table);
				if (tableOwner != null && !tableOwner.equals(owner)) {
					crossings.add(new Crossing(owner, access, table, ""));
				}
			});
		}
		return crossings;
	}

	static List<String> unexpected(List<Crossing> found) {
		var allowed = new LinkedHashSet<String>();
		CROSSINGS.forEach(c -> allowed.add(c.key()));
		return found.stream().map(Crossing::key).filter(k -> !allowed.contains(k)).distinct().sorted().toList();
	}

	static final Pattern TOUCH = Pattern.compile("\\b(DELETE\\s+FROM|INSERT\\s+INTO|UPDATE|TRUNCATE(?:\\s+TABLE)?"
			+ "|LOCK\\s+TABLE|MERGE\\s+INTO|FROM|JOIN|USING)\\s+(?:ONLY\\s+)?([a-z_][a-z0-9_]*)\\b(?!\\.)");

	static final Pattern CTE = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s+AS\\s+(?:NOT\\s+)?(?:MATERIALIZED\\s+)?\\(");

	/**
	 * The tables a piece of SQL names after a keyword (in capitals, as Kassa writes SQL, so that prose in
	 * lower case is not read as SQL), with how it touches each; common table expressions are skipped.
	 */
	static Map<String, Access> tablesIn(String sql) {
		var ctes = new LinkedHashSet<String>();
		var c = CTE.matcher(sql);
		while (c.find()) {
			ctes.add(c.group(1));
		}
		var touched = new LinkedHashMap<String, Access>();
		Matcher m = TOUCH.matcher(sql);
		while (m.find()) {
			var table = m.group(2);
			if (ctes.contains(table) || ownerOf(table) == null) {
				continue;
			}
			var keyword = m.group(1);
			var access = keyword.equals("FROM") || keyword.equals("JOIN") || keyword.equals("USING") ? Access.READS
					: Access.WRITES;
			touched.merge(table, access, (a, b) -> a == Access.WRITES || b == Access.WRITES ? Access.WRITES : Access.READS);
		}
		return touched;
	}

	/** The string literals and text blocks of a Java source, without its comments. */
	static List<String> literalsIn(String java) {
		var literals = new ArrayList<String>();
		int i = 0;
		int n = java.length();
		while (i < n) {
			char ch = java.charAt(i);
			if (java.startsWith("//", i)) {
				i = java.indexOf('\n', i);
				i = i < 0 ? n : i;
			}
			else if (java.startsWith("/*", i)) {
				i = java.indexOf("*/", i + 2);
				i = i < 0 ? n : i + 2;
			}
			else if (java.startsWith("\"\"\"", i)) {
				int end = i + 3;
				while (end < n && !(java.startsWith("\"\"\"", end) && java.charAt(end - 1) != '\\')) {
					end++;
				}
				literals.add(java.substring(i + 3, Math.min(end, n)));
				i = end + 3;
			}
			else if (ch == '"' || ch == '\'') {
				int end = i + 1;
				while (end < n && java.charAt(end) != ch && java.charAt(end) != '\n') {
					end += java.charAt(end) == '\\' ? 2 : 1;
				}
				if (ch == '"') {
					literals.add(java.substring(i + 1, Math.min(end, n)));
				}
				i = end + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	static Map<String, String> migrations() {
		var sql = new LinkedHashMap<String, String>();
		files(MIGRATIONS, ".sql").stream()
				.sorted(Comparator.comparingInt(TableOwnershipTests::version))
				.forEach(f -> sql.put(f.getFileName().toString(), read(f).replaceAll("--[^\n]*", "")));
		return sql;
	}

	static int version(Path migration) {
		var name = migration.getFileName().toString();
		return Integer.parseInt(name.substring(1, name.indexOf("__")));
	}

	static String ownerOf(String table) {
		for (var entry : OWNERS.entrySet()) {
			if (entry.getValue().contains(table)) {
				return entry.getKey();
			}
		}
		return null;
	}

	static List<Path> files(Path dir, String suffix) {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			return paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Map<String, List<String>> owners(String... moduleAndTables) {
		var owners = new LinkedHashMap<String, List<String>>();
		for (int i = 0; i < moduleAndTables.length; i += 2) {
			owners.put(moduleAndTables[i], List.of(moduleAndTables[i + 1].split(" ")));
		}
		return owners;
	}
}

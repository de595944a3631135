package dev.kassa.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Reports checked against sales whose figures are worked out by hand. Each test sells at a location of its
 * own, so that figures do not mix.
 */
class ReportIntegrationTests extends IntegrationTestSupport {

	private static final AtomicInteger CODES = new AtomicInteger();

	private static final Map<Integer, Setup> SETUPS = new java.util.concurrent.ConcurrentHashMap<>();

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	ReportFolder folder;

	record Setup(String gst18, String gst5, String beverages) {
	}

	private Setup setup() {
		return SETUPS.computeIfAbsent(port, p -> {
			var admin = api().adminToken();
			ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Report Traders", "country", "IN",
					"currency", "INR", "time_zone", "Asia/Kolkata")));
			var today = LocalDate.now(KOLKATA);
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			ok(api().post("/api/v1/organization/financial-years", admin,
					Map.of("starts_on", LocalDate.of(startYear, 4, 1).toString(), "ends_on",
							LocalDate.of(startYear + 1, 3, 31).toString()), key()));
			var gst18 = id(api().post("/api/v1/tax-classes", admin,
					Map.of("code", "GST18", "name", "GST 18%", "kind", "GST", "rate", 18), key()));
			var gst5 = id(api().post("/api/v1/tax-classes", admin,
					Map.of("code", "GST5", "name", "GST 5%", "kind", "GST", "rate", 5), key()));
			var beverages = id(api().post("/api/v1/categories", admin, Map.of("name", "Beverages"), key()));
			return new Setup(gst18, gst5, beverages);
		});
	}

	private String location() {
		var code = "R" + CODES.incrementAndGet();
		return id(api().post("/api/v1/locations", api().adminToken(), Map.of("code", code, "name", "Store " + code,
				"type", "STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
	}

	private String product(String sku, String price, boolean included, String taxClass, String unit,
			String category) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", sku + "-" + UUID.randomUUID().toString().substring(0, 8));
		body.put("name", sku);
		body.put("unit", unit);
		body.put("price", new BigDecimal(price));
		body.put("price_includes_tax", included);
		body.put("tax_class_id", taxClass);
		body.put("track_stock", true);
		body.put("allow_negative_stock", true);
		if (category != null) {
			body.put("category_id", category);
		}
		return id(api().post("/api/v1/products", api().adminToken(), body, key()));
	}

	private static Map<String, Object> line(String product, String quantity) {
		return new LinkedHashMap<>(Map.of("product_id", product, "quantity", new BigDecimal(quantity)));
	}

	private static Map<String, Object> pay(String method, String amount) {
		return new LinkedHashMap<>(Map.of("method", method, "amount", new BigDecimal(amount)));
	}

	private JsonNode sell(String token, String location, List<Map<String, Object>> lines,
			List<Map<String, Object>> payments, Map<String, Object> extra) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("lines", lines);
		body.put("payments", payments);
		body.putAll(extra);
		var response = api().post("/api/v1/sales", token, body, key());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private static void money(JsonNode node, String expected) {
		assertThat(node.isNumber()).as(node + " is a number").isTrue();
		assertThat(node.decimalValue()).isEqualByComparingTo(expected);
	}

	/** The day of {@link #dayOfSales}: four sales, one voided, one partly returned. */
	record Day(String location, String tea, String rice, String cashier, String manager, List<JsonNode> sales) {
	}

	private Day dayOfSales() {
		var s = setup();
		var location = location();
		var tea = product("TEA", "100.00", false, s.gst18(), "PIECE", s.beverages());
		var rice = product("RICE", "105.00", true, s.gst5(), "KG", null);
		var cashierName = "cashier-" + UUID.randomUUID().toString().substring(0, 8);
		var cashier = api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		var manager = api().token("MANAGER");
		var sales = new ArrayList<JsonNode>();
		// 1. tea 2 x 100.00 + 18% = 236.00; rice 1.5 kg x 105.00 with 5% included = 157.50 (taxable 150.00)
		sales.add(sell(cashier, location, List.of(line(tea, "2"), line(rice, "1.5")),
				List.of(new LinkedHashMap<>(Map.of("method", "CASH", "amount", new BigDecimal("393.50"), "tendered",
						new BigDecimal("400")))), Map.of()));
		// 2. tea 1 x 100.00 less 10% = 90.00 taxable, 8.10 + 8.10 tax, 106.20; paid by card and UPI
		sales.add(sell(manager, location, List.of(line(tea, "1")), List.of(pay("CARD", "50.00"), pay("UPI", "56.20")),
				Map.of("discount", new BigDecimal("10"), "is_percentage_discount", true)));
		// 3. tea 1 to a buyer in Maharashtra: IGST 18.00, 118.00
		sales.add(sell(cashier, location, List.of(line(tea, "1")), List.of(pay("CASH", "118.00")),
				Map.of("place_of_supply", "27")));
		// 4. tea 1, 118.00, voided
		var voided = sell(cashier, location, List.of(line(tea, "1")), List.of(pay("CASH", "118.00")), Map.of());
		ok(api().post("/api/v1/sales/" + voided.path("id").asString() + "/void", manager,
				Map.of("reason", "rang up twice")));
		// a credit note for one of the two teas of sale 1: 236.00 / 2 = 118.00, tax 36.00 / 2 = 18.00
		var teaLine = sales.getFirst().path("lines").get(0).path("id").asString();
		ok(api().post("/api/v1/sales/" + sales.getFirst().path("id").asString() + "/returns", manager,
				Map.of("lines", List.of(Map.of("sale_line_id", teaLine, "quantity", 1, "restock", true)), "refunds",
						List.of(pay("CASH", "118.00")), "reason", "damaged"), key()));
		var cashierId = jdbc.sql("SELECT id FROM users WHERE username = :u").param("u", cashierName)
			.query(UUID.class).single().toString();
		var managerId = sales.get(1).path("cashier_id").asString();
		return new Day(location, tea, rice, cashierId, managerId, sales);
	}

	private void assertTheDay(JsonNode report, Day day) {
		var summary = report.path("summary");
		// completed: 393.50 + 106.20 + 118.00
		assertThat(summary.path("count").asLong()).isEqualTo(3);
		money(summary.path("gross"), "557.50");
		money(summary.path("discounts"), "10.00");
		money(summary.path("net"), "547.50");
		money(summary.path("taxable"), "540.00");
		money(summary.path("tax"), "77.70");
		money(summary.path("total"), "617.70");
		money(summary.path("average_ticket"), "205.90");

		var payments = report.path("by_payment_method");
		assertThat(payments).hasSize(3);
		assertThat(payments.get(0).path("method").asString()).isEqualTo("CARD");
		assertThat(payments.get(0).path("sales").asLong()).isEqualTo(1);
		money(payments.get(0).path("amount"), "50.00");
		assertThat(payments.get(1).path("method").asString()).isEqualTo("CASH");
		assertThat(payments.get(1).path("sales").asLong()).isEqualTo(2);
		money(payments.get(1).path("amount"), "511.50");
		assertThat(payments.get(2).path("method").asString()).isEqualTo("UPI");
		money(payments.get(2).path("amount"), "56.20");

		var products = report.path("top_products");
		assertThat(products).hasSize(2);
		assertThat(products.get(0).path("product_id").asString()).isEqualTo(day.tea());
		money(products.get(0).path("quantity"), "4");
		assertThat(products.get(0).path("sales").asLong()).isEqualTo(3);
		money(products.get(0).path("net"), "390.00");
		money(products.get(0).path("total"), "460.20");
		assertThat(products.get(1).path("product_id").asString()).isEqualTo(day.rice());
		money(products.get(1).path("quantity"), "1.5");
		money(products.get(1).path("net"), "150.00");
		money(products.get(1).path("total"), "157.50");

		var categories = report.path("by_category");
		assertThat(categories).hasSize(2);
		assertThat(categories.get(0).path("name").asString()).isEqualTo("Beverages");
		money(categories.get(0).path("total"), "460.20");
		assertThat(categories.get(1).path("category_id").isNull()).isTrue();
		money(categories.get(1).path("total"), "157.50");

		var cashiers = report.path("by_cashier");
		assertThat(cashiers).hasSize(2);
		assertThat(cashiers.get(0).path("cashier_id").asString()).isEqualTo(day.cashier());
		assertThat(cashiers.get(0).path("username").asString()).startsWith("cashier-");
		assertThat(cashiers.get(0).path("sales").asLong()).isEqualTo(2);
		money(cashiers.get(0).path("total"), "511.50");
		assertThat(cashiers.get(1).path("cashier_id").asString()).isEqualTo(day.manager());
		money(cashiers.get(1).path("total"), "106.20");

		// hours: the local hours of the three completed sales, as the sales themselves say
		var expected = new java.util.TreeMap<Integer, BigDecimal>();
		for (var sale : day.sales()) {
			int hour = OffsetDateTime.parse(sale.path("created_at").asString()).atZoneSameInstant(KOLKATA).getHour();
			expected.merge(hour, sale.path("total").decimalValue(), BigDecimal::add);
		}
		var hours = report.path("by_hour");
		assertThat(hours).hasSize(expected.size());
		int i = 0;
		for (var entry : expected.entrySet()) {
			assertThat(hours.get(i).path("hour").asInt()).isEqualTo(entry.getKey());
			money(hours.get(i).path("total"), entry.getValue().toPlainString());
			i++;
		}

		var taxes = report.path("tax_summary");
		assertThat(taxes).hasSize(2);
		money(taxes.get(0).path("rate"), "5");
		money(taxes.get(0).path("taxable"), "150.00");
		money(taxes.get(0).path("cgst"), "3.75");
		money(taxes.get(0).path("sgst"), "3.75");
		money(taxes.get(0).path("igst"), "0.00");
		money(taxes.get(0).path("cess"), "0.00");
		money(taxes.get(0).path("tax"), "7.50");
		money(taxes.get(1).path("rate"), "18");
		money(taxes.get(1).path("taxable"), "390.00");
		money(taxes.get(1).path("cgst"), "26.10");
		money(taxes.get(1).path("sgst"), "26.10");
		money(taxes.get(1).path("igst"), "18.00");
		money(taxes.get(1).path("tax"), "70.20");

		var returns = report.path("returns");
		assertThat(returns.path("count").asLong()).isEqualTo(1);
		money(returns.path("total"), "118.00");
		money(returns.path("tax"), "18.00");
		assertThat(returns.path("refunds_by_method")).hasSize(1);
		assertThat(returns.path("refunds_by_method").get(0).path("method").asString()).isEqualTo("CASH");
		money(returns.path("refunds_by_method").get(0).path("amount"), "118.00");
		// what a GST return subtracts: the returned tea's tax at 18 %, split as sale 1 was (within the state)
		var returnTaxes = returns.path("tax_summary");
		assertThat(returnTaxes).as(returns.toString()).hasSize(1);
		money(returnTaxes.get(0).path("rate"), "18");
		money(returnTaxes.get(0).path("taxable"), "100.00");
		money(returnTaxes.get(0).path("cgst"), "9.00");
		money(returnTaxes.get(0).path("sgst"), "9.00");
		money(returnTaxes.get(0).path("igst"), "0.00");
		money(returnTaxes.get(0).path("tax"), "18.00");

		assertThat(report.path("voids").path("count").asLong()).isEqualTo(1);
		money(report.path("voids").path("total"), "118.00");
	}

	@Test
	void theDailyReportAddsUpEveryFigureOfTheDay() {
		var day = dayOfSales();
		var manager = api().token("MANAGER");
		var today = LocalDate.now(KOLKATA);
		var report = ok(api().get("/api/v1/reports/daily?location_id=" + day.location(), manager)).json();
		assertThat(report.path("period").path("from").asString()).isEqualTo(today.toString());
		assertThat(report.path("period").path("to").asString()).isEqualTo(today.toString());
		assertThat(report.path("period").path("currency").asString()).isEqualTo("INR");
		assertTheDay(report, day);
		assertTheDay(ok(api().get("/api/v1/reports/daily?location_id=" + day.location() + "&date=" + today,
				api().adminToken())).json(), day);

		var top = ok(api().get("/api/v1/reports/daily?location_id=" + day.location() + "&top=1", manager)).json();
		assertThat(top.path("top_products")).hasSize(1);
		assertThat(top.path("by_category")).hasSize(2);

		var yesterday = ok(api().get("/api/v1/reports/daily?location_id=" + day.location() + "&date="
				+ today.minusDays(1), manager)).json();
		assertThat(yesterday.path("summary").path("count").asLong()).isZero();
		money(yesterday.path("summary").path("total"), "0.00");
		money(yesterday.path("summary").path("average_ticket"), "0.00");
		assertThat(yesterday.path("by_payment_method")).isEmpty();
	}

	@Test
	void estimatesAreCountedByStatusWithTheirConversionRate() {
		var s = setup();
		var location = location();
		var tea = product("TEA", "100.00", false, s.gst18(), "PIECE", s.beverages());
		var manager = api().token("MANAGER");
		var ids = new ArrayList<String>();
		for (var quantity : List.of("1", "2", "3")) {
			ids.add(id(api().post("/api/v1/estimates", manager, Map.of("location_id", location, "lines",
					List.of(line(tea, quantity))), key())));
		}
		// 118.00, 236.00 and 354.00: the second converted, the third cancelled
		ok(api().post("/api/v1/estimates/" + ids.get(1) + "/convert", manager, null));
		ok(api().post("/api/v1/estimates/" + ids.get(2) + "/cancel", manager, null));
		var estimates = ok(api().get("/api/v1/reports/daily?location_id=" + location, manager)).json()
			.path("estimates");
		assertThat(estimates.path("count").asLong()).isEqualTo(3);
		money(estimates.path("total"), "708.00");
		assertThat(estimates.path("pending").asLong()).isEqualTo(1);
		assertThat(estimates.path("converted").asLong()).isEqualTo(1);
		money(estimates.path("converted_total"), "236.00");
		assertThat(estimates.path("expired").asLong()).isZero();
		assertThat(estimates.path("cancelled").asLong()).isEqualTo(1);
		money(estimates.path("conversion_rate"), "0.3333");
		var csv = api().send("GET", "/api/v1/reports/daily?location_id=" + location + "&section=estimates", manager,
				null, Map.of("Accept", "text/csv"));
		assertThat(csv.body()).isEqualTo("count,total,pending,converted,converted_total,expired,cancelled,"
				+ "conversion_rate\r\n3,708.00,1,1,236.00,0,1,0.3333\r\n");
	}

	@Test
	void aRangeReportCoversItsDaysAndOnlyTheCallersLocations() {
		var day = dayOfSales();
		var today = LocalDate.now(KOLKATA);
		var range = ok(api().get("/api/v1/reports/range?location_id=" + day.location() + "&from=" + today.minusDays(30)
				+ "&to=" + today, api().token("MANAGER"))).json();
		assertTheDay(range, day);
		// every day of the period in order, the empty ones with zeros; today's three sales as the summary counts them
		var days = range.path("by_day");
		assertThat(days).hasSize(31);
		assertThat(days.get(0).path("date").asString()).isEqualTo(today.minusDays(30).toString());
		for (int i = 0; i < 30; i++) {
			assertThat(days.get(i).path("sales").asLong()).isZero();
			money(days.get(i).path("total"), "0.00");
		}
		var last = days.get(30);
		assertThat(last.path("date").asString()).isEqualTo(today.toString());
		assertThat(last.path("sales").asLong()).isEqualTo(3);
		money(last.path("net"), "547.50");
		money(last.path("tax"), "77.70");
		money(last.path("total"), "617.70");
		assertThat(last.path("returns").asLong()).isEqualTo(1);
		money(last.path("returned"), "118.00");
		var csv = api().send("GET", "/api/v1/reports/range?location_id=" + day.location() + "&from=" + today.minusDays(1)
				+ "&to=" + today + "&section=by_day", api().token("MANAGER"), null, Map.of("Accept", "text/csv"));
		assertThat(csv.body()).isEqualTo("date,sales,net,tax,total,returns,returned\r\n" + today.minusDays(1)
				+ ",0,0.00,0.00,0.00,0,0.00\r\n" + today + ",3,547.50,77.70,617.70,1,118.00\r\n");

		var other = location();
		var limited = api().tokenForNewUser("limited-" + UUID.randomUUID().toString().substring(0, 8),
				List.of("MANAGER"), List.of(other));
		var theirs = ok(api().get("/api/v1/reports/range?from=" + today + "&to=" + today, limited)).json();
		assertThat(theirs.path("period").path("location_ids")).hasSize(1);
		assertThat(theirs.path("period").path("location_ids").get(0).asString()).isEqualTo(other);
		assertThat(theirs.path("summary").path("count").asLong()).isZero();
		var refused = api().get("/api/v1/reports/daily?location_id=" + day.location(), limited);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(api().get("/api/v1/reports/range?location_id=" + day.location() + "&from=" + today + "&to=" + today,
				limited).status()).isEqualTo(403);
	}

	@Test
	void theReportComesAsCsvWholeOrOneSection() {
		var day = dayOfSales();
		var all = api().send("GET", "/api/v1/reports/daily?location_id=" + day.location(), api().token("MANAGER"), null,
				Map.of("Accept", "text/csv"));
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.header("Content-Type")).startsWith("text/csv");
		assertThat(all.body()).contains("# summary\r\nfrom,to,currency,count,gross,discounts,net,taxable,tax,total,"
				+ "average_ticket\r\n");
		assertThat(all.body()).contains(",INR,3,557.50,10.00,547.50,540.00,77.70,617.70,205.90\r\n");
		assertThat(all.body()).contains("# tax_summary\r\nrate,cess_rate,taxable,cgst,sgst,igst,cess,tax\r\n"
				+ "5,0,150.00,3.75,3.75,0.00,0.00,7.50\r\n18,0,390.00,26.10,26.10,18.00,0.00,70.20\r\n");
		assertThat(all.body()).contains("# voids\r\ncount,total\r\n1,118.00\r\n");
		assertThat(all.body()).contains("# returns_tax_summary\r\nrate,cess_rate,taxable,cgst,sgst,igst,cess,tax\r\n"
				+ "18,0,100.00,9.00,9.00,0.00,0.00,18.00\r\n");

		var payments = api().send("GET", "/api/v1/reports/daily?location_id=" + day.location()
				+ "&section=by_payment_method", api().token("MANAGER"), null, Map.of("Accept", "text/csv"));
		assertThat(payments.status()).isEqualTo(200);
		assertThat(payments.body())
			.isEqualTo("method,sales,amount\r\nCARD,1,50.00\r\nCASH,2,511.50\r\nUPI,1,56.20\r\n");
	}

	/**
	 * A report reads the folded figures and what is still pending as one: the same day read with every sale
	 * pending (the fold held off by its lock), then after the fold, then with a void pending over folded sales.
	 */
	@Test
	void theReportIsTheSameWhetherItsSalesAreFoldedOrPending() throws Exception {
		Day day;
		try (var holder = dataSource.getConnection(); var hold = holder.createStatement()) {
			hold.execute("SELECT pg_advisory_lock(" + ReportStore.FOLD_LOCK + ")");
			day = dayOfSales();
			assertThat(pending(day.location())).isEqualTo(6); // 4 sales, and the void's -1 and +1
			assertThat(folded(day.location())).isZero();
			assertTheDay(report(day.location()), day);
			assertThat(folder.foldAll()).as("a fold while another holds the lock").isZero();
			hold.execute("SELECT pg_advisory_unlock(" + ReportStore.FOLD_LOCK + ")");
		}
		foldAllOf(day.location());
		assertThat(folded(day.location())).isPositive();
		assertTheDay(report(day.location()), day);

		var manager = api().token("MANAGER");
		var third = day.sales().get(2).path("id").asString();
		ok(api().post("/api/v1/sales/" + third + "/void", manager, Map.of("reason", "wrong customer")));
		assertThat(pending(day.location())).isEqualTo(2);
		var after = report(day.location());
		assertThat(after.path("summary").path("count").asLong()).isEqualTo(2);
		money(after.path("summary").path("total"), "499.70");
		assertThat(after.path("voids").path("count").asLong()).isEqualTo(2);
		money(after.path("voids").path("total"), "236.00");
		// the IGST sale was the only one with IGST
		money(after.path("tax_summary").get(1).path("igst"), "0.00");
		foldAllOf(day.location());
		assertThat(report(day.location())).isEqualTo(after.deepCopy());
	}

	/** Sales posted by several tills while folds run over and over: none is missed or counted twice. */
	@Test
	void foldsRunningAlongsideSalesCountEverySaleOnce() throws Exception {
		var s = setup();
		var location = location();
		var tea = product("TEA", "100.00", false, s.gst18(), "PIECE", s.beverages());
		var cashier = api().token("CASHIER");
		int tills = 8, each = 15;
		var done = new java.util.concurrent.atomic.AtomicBoolean();
		try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			var folds = pool.submit(() -> {
				int folded = 0;
				while (!done.get()) {
					folded += folder.foldAll();
				}
				return folded;
			});
			var sales = new ArrayList<java.util.concurrent.Future<?>>();
			for (int t = 0; t < tills; t++) {
				sales.add(pool.submit(() -> {
					for (int i = 0; i < each; i++) {
						sell(cashier, location, List.of(line(tea, "1")), List.of(pay("UPI", "118.00")), Map.of());
					}
				}));
			}
			for (var sale : sales) {
				sale.get();
			}
			done.set(true);
			assertThat(folds.get()).isPositive();
		}
		var report = report(location);
		assertThat(report.path("summary").path("count").asLong()).isEqualTo(tills * each);
		money(report.path("summary").path("total"), new BigDecimal("118.00").multiply(BigDecimal.valueOf(tills * each))
			.toPlainString());
		assertThat(report.path("by_payment_method").get(0).path("sales").asLong()).isEqualTo(tills * each);
		assertThat(report.path("top_products").get(0).path("quantity").asLong()).isEqualTo(tills * each);
		foldAllOf(location);
		assertThat(jdbc.sql("SELECT sales FROM report_day_figures WHERE location_id = :l::uuid AND kind = 'sale' AND key = 'COMPLETED'")
			.param("l", location)
			.query(Long.class)
			.single()).isEqualTo(tills * each);
		assertThat(report(location)).isEqualTo(report.deepCopy());
	}

	private JsonNode report(String location) {
		var report = ok(api().get("/api/v1/reports/daily?location_id=" + location, api().adminToken())).json();
		// the time of the reading differs from one reading to the next
		((tools.jackson.databind.node.ObjectNode) report.path("period")).remove("generated_at");
		return report;
	}

	/**
	 * Folds until none of the location's rows is pending. The scheduled fold may hold the lock at the moment
	 * this one asks for it (and then this one folds nothing), so it asks again until the rows are gone.
	 */
	private void foldAllOf(String location) {
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.pollInterval(java.time.Duration.ofMillis(20))
			.until(() -> {
				folder.foldAll();
				return pending(location) == 0;
			});
	}

	private long pending(String location) {
		return jdbc.sql("SELECT count(*) FROM report_day_pending WHERE location_id = :l::uuid")
			.param("l", location)
			.query(Long.class)
			.single();
	}

	private long folded(String location) {
		return jdbc.sql("SELECT count(*) FROM report_day_figures WHERE location_id = :l::uuid")
			.param("l", location)
			.query(Long.class)
			.single();
	}

	/**
	 * The figures' read, planned over 100,000 sales (with their lines and payments) of 50 locations and 200
	 * days all pending, finds the location's days through indexes alone: it does not grow with the sales
	 * stored.
	 */
	@Test
	void theFiguresAreReadThroughTheDayIndexes() {
		var plan = new TransactionTemplate(transactionManager).execute(tx -> {
			tx.setRollbackOnly();
			jdbc.sql("SET LOCAL kassa.event_appended = 'yes'").update();
			jdbc.sql("""
					INSERT INTO sales (id, number, location_id, cashier_id, status, supply, currency, business_date,
					    subtotal, discount_value, discount_is_percentage, sale_discount, discount_total, taxable, cgst,
					    sgst, igst, cess, tax_total, total, paid, change_due, created_at)
					SELECT gen_random_uuid(), 'EXPLAIN/' || i, md5((i % 50)::text)::uuid, md5('cashier')::uuid,
					       'COMPLETED', 'PLAIN', 'INR', current_date - (i / 50) % 200, 100, 0, false, 0, 0, 100, 0, 0,
					       0, 0, 0, 100, 100, 0, now()
					  FROM generate_series(1, 100000) AS i
					""").update();
			jdbc.sql("""
					INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, unit, quantity, unit_price,
					    list_price, price_includes_tax, tax_rate, cess_rate, gross, discount, sale_discount, taxable,
					    cgst, sgst, igst, cess, tax_total, total)
					SELECT gen_random_uuid(), id, 1, md5('product')::uuid, 'P', 'Product', 'PIECE', 1, 100, 100, false,
					       0, 0, 100, 0, 0, 100, 0, 0, 0, 0, 0, 100
					  FROM sales WHERE number LIKE 'EXPLAIN/%'
					""").update();
			jdbc.sql("""
					INSERT INTO sale_payments (id, sale_id, method, amount, created_at)
					SELECT gen_random_uuid(), id, 'CASH', 100, now() FROM sales WHERE number LIKE 'EXPLAIN/%'
					""").update();
			jdbc.sql("ANALYZE sales, sale_lines, sale_payments, report_day_pending").update();
			var one = jdbc.sql("SELECT md5('7')::uuid").query(UUID.class).single();
			return jdbc.sql("EXPLAIN (FORMAT JSON) " + ReportStore.READ)
				.param("locations", ReportStore.array(List.of(one)))
				.param("from", LocalDate.now().minusDays(3))
				.param("to", LocalDate.now())
				.query(String.class)
				.single();
		});
		assertThat(plan).contains("\"Index Name\": \"report_day_pending_by_day\"");
		assertThat(plan).contains("\"Index Name\": \"report_day_figures_pkey\"");
		assertThat(plan).doesNotContain("Seq Scan");
		assertThat(count("SELECT count(*) FROM sales WHERE number LIKE 'EXPLAIN/%'")).isZero();
		assertThat(count("SELECT count(*) FROM report_day_pending p WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = p.sale_id)")).isZero();
	}

	@Nested
	class BadInput {

		private final String manager = api().token("MANAGER");

		private TestClient.Response get(String query) {
			return api().get(query, manager);
		}

		private void refused(TestClient.Response response, int status, String field) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			if (field != null) {
				assertThat(response.errorFields()).contains(field);
			}
		}

		@Test
		void missingMalformedAndUnknownParametersAreNamed() {
			var location = location();
			var today = LocalDate.now(KOLKATA);
			refused(get("/api/v1/reports/daily"), 400, "location_id");
			refused(get("/api/v1/reports/daily?location_id=nope"), 400, "location_id");
			refused(get("/api/v1/reports/daily?location_id=" + UUID.randomUUID()), 400, "location_id");
			refused(get("/api/v1/reports/daily?location_id=" + location + "&date=2026-13-01"), 400, "date");
			refused(get("/api/v1/reports/daily?location_id=" + location + "&top=0"), 400, "top");
			refused(get("/api/v1/reports/daily?location_id=" + location + "&top=101"), 400, "top");
			refused(get("/api/v1/reports/daily?location_id=" + location + "&top=many"), 400, "top");
			refused(api().send("GET", "/api/v1/reports/daily?location_id=" + location + "&section=everything", manager,
					null, Map.of("Accept", "text/csv")), 400, "section");
			refused(get("/api/v1/reports/range?to=" + today), 400, "from");
			refused(get("/api/v1/reports/range?from=" + today), 400, "to");
			refused(get("/api/v1/reports/range?from=" + today + "&to=" + today.minusDays(1)), 400, "from");
			refused(get("/api/v1/reports/range?from=" + today.minusDays(366) + "&to=" + today), 400, "to");
			assertThat(get("/api/v1/reports/range?from=" + today.minusDays(365) + "&to=" + today).status())
				.isEqualTo(200);
			refused(get("/api/v1/reports/range?from=yesterday&to=" + today), 400, "from");
		}

		@Test
		void onlyManagersAndAdminsSeeReports() {
			var location = location();
			for (var role : List.of("CASHIER", "EMPLOYEE", "DRIVER")) {
				refused(api().get("/api/v1/reports/daily?location_id=" + location, api().token(role)), 403, null);
				refused(api().get("/api/v1/reports/range?from=2026-01-01&to=2026-01-02", api().token(role)), 403,
						null);
			}
			assertThat(api().get("/api/v1/reports/daily?location_id=" + location, null).status()).isEqualTo(401);
		}
	}
}

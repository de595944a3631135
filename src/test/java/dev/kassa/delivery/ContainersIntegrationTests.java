package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** Cylinders and deposits over real HTTP and PostgreSQL: swaps, new connections, returns with vouchers, balances. */
class ContainersIntegrationTests extends IntegrationTestSupport {

	private String location;

	private String refill;

	private String empty;

	private String type;

	private String otherType;

	private static int counter;

	@BeforeEach
	void setUp() {
		if (location != null) {
			return;
		}
		List.of("MANAGER", "CASHIER", "DRIVER", "EMPLOYEE").forEach(role -> api().token(role));
		var fixtures = new Fixtures(api());
		fixtures.organization();
		// a voucher number needs an open financial year; another test class may have made it already
		var today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Kolkata"));
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		api().post("/api/v1/organization/financial-years", api().adminToken(), Map.of("starts_on",
				java.time.LocalDate.of(startYear, 4, 1).toString(), "ends_on",
				java.time.LocalDate.of(startYear + 1, 3, 31).toString()), key());
		location = fixtures.location("CY" + (System.nanoTime() % 10000), "29");
		long n = System.nanoTime();
		refill = fixtures.product("REFILL14-" + n, "905.00", Fixtures.GST_5);
		empty = fixtures.product("EMPTY14-" + n, "0.00", Fixtures.GST_5);
		var created = createType("DOM14-" + n % 100000, "1450.00", empty);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		type = created.json().path("id").asString();
		var added = api().post("/api/v1/container-types/" + type + "/refills", api().token("MANAGER"),
				Map.of("product_id", refill));
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		var otherEmpty = fixtures.product("EMPTY19-" + n, "0.00", Fixtures.GST_5);
		otherType = createType("COM19-" + n % 100000, "2800.00", otherEmpty).json().path("id").asString();
	}

	private TestClient.Response createType(String code, String deposit, String emptyProduct) {
		return api().post("/api/v1/container-types", api().token("MANAGER"),
				Map.of("code", code, "name", "Cylinder " + code, "deposit", deposit, "empty_product_id", emptyProduct),
				key());
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private String customer() {
		var created = api().post("/api/v1/customers", api().token("CASHIER"),
				Map.of("name", "Gas Customer " + (++counter), "phone", "98860" + String.format("%05d", counter + 500)),
				key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private Map<String, Object> exchangeBody(String customer, int refills, int empties, Object... fields) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("customer_id", customer);
		body.put("product_id", refill);
		body.put("refills", refills);
		body.put("empties_returned", empties);
		for (int i = 0; i < fields.length; i += 2) {
			body.put((String) fields[i], fields[i + 1]);
		}
		return body;
	}

	private TestClient.Response exchange(Map<String, Object> body) {
		return api().post("/api/v1/container-exchanges", api().token("CASHIER"), body, key());
	}

	private TestClient.Response giveBack(String customer, int quantity) {
		return api().post("/api/v1/deposit-refunds", api().token("CASHIER"),
				Map.of("location_id", location, "customer_id", customer, "container_type_id", type, "quantity", quantity),
				key());
	}

	private int held(String customer) {
		var balances = api().get("/api/v1/customers/" + customer + "/containers", api().token("CASHIER")).json();
		for (var b : balances) {
			if (b.path("container_type_id").asString().equals(type)) {
				return b.path("held").asInt();
			}
		}
		return 0;
	}

	private BigDecimal emptiesInStock() {
		return new BigDecimal(api().get("/api/v1/stock/" + location + "/" + empty, api().token("MANAGER"))
			.json()
			.path("on_hand")
			.asString("0"));
	}

	private long state() {
		return count("SELECT count(*) FROM container_movements") * 1_000_000 + count("SELECT count(*) FROM events")
				+ count("SELECT coalesce(sum(held), 0) FROM customer_containers") * 1000
				+ count("SELECT count(*) FROM stock_movements") * 7;
	}

	private static void refused(TestClient.Response response, int status, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.errorFields()).as(response.toString()).contains(field);
		}
	}

	@Test
	void aNewConnectionChargesTheDepositApartAndASwapMovesNoDeposit() {
		var customer = customer();
		var first = exchange(exchangeBody(customer, 2, 0));
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.json().path("new_connections").asInt()).isEqualTo(2);
		assertThat(first.json().path("swaps").asInt()).isZero();
		assertThat(first.json().path("deposit_charged").decimalValue()).isEqualByComparingTo("2900.00");
		assertThat(first.json().path("deposit_taxable").asBoolean()).isFalse();
		assertThat(first.json().path("balance").path("held").asInt()).isEqualTo(2);
		assertThat(first.json().path("balance").path("deposits_held").decimalValue()).isEqualByComparingTo("2900.00");

		var emptiesBefore = emptiesInStock();
		var swap = exchange(exchangeBody(customer, 1, 1, "empties_container_type_id", type));
		assertThat(swap.status()).as(swap.toString()).isEqualTo(201);
		assertThat(swap.json().path("swaps").asInt()).isEqualTo(1);
		assertThat(swap.json().path("deposit_charged").decimalValue()).isEqualByComparingTo("0");
		assertThat(held(customer)).isEqualTo(2);
		assertThat(emptiesInStock()).isEqualByComparingTo(emptiesBefore.add(BigDecimal.ONE));
		assertThat(count("SELECT count(*) FROM events WHERE type = 'container.exchanged' AND aggregate_id = '" + customer
				+ "'")).isEqualTo(2);
	}

	@Test
	void aReturnRefundsTheDepositOnAVoucherOfItsOwnSeries() {
		var customer = customer();
		assertThat(exchange(exchangeBody(customer, 3, 0)).status()).isEqualTo(201);
		var emptiesBefore = emptiesInStock();
		var first = giveBack(customer, 1);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.json().path("deposit_refunded").decimalValue()).isEqualByComparingTo("1450.00");
		var voucher = first.json().path("movement").path("voucher_number").asString();
		assertThat(voucher).startsWith("R");
		var second = giveBack(customer, 2);
		assertThat(second.json().path("deposit_refunded").decimalValue()).isEqualByComparingTo("2900.00");
		var next = second.json().path("movement").path("voucher_number").asString();
		assertThat(Long.parseLong(next.replaceAll(".*?(\\d+)$", "$1")))
			.isEqualTo(Long.parseLong(voucher.replaceAll(".*?(\\d+)$", "$1")) + 1);
		assertThat(second.json().path("balance").path("held").asInt()).isZero();
		assertThat(second.json().path("balance").path("deposits_held").decimalValue()).isEqualByComparingTo("0");
		assertThat(emptiesInStock()).isEqualByComparingTo(emptiesBefore.add(BigDecimal.valueOf(3)));
		var movements = api().get("/api/v1/customers/" + customer + "/container-movements", api().token("MANAGER"));
		assertThat(movements.json().findValuesAsString("kind")).containsExactly("EXCHANGE", "RETURN", "RETURN");
	}

	@Test
	void theLocationReportAddsUpWhatCustomersHoldAndTheStock() {
		var before = report();
		var a = customer();
		var b = customer();
		exchange(exchangeBody(a, 2, 0));
		exchange(exchangeBody(b, 1, 0));
		exchange(exchangeBody(b, 1, 1));
		giveBack(a, 1);
		var after = report();
		assertThat(after.get("held") - before.get("held")).isEqualTo(2);
		assertThat(after.get("empty") - before.get("empty")).isEqualTo(2);
		refused(api().get("/api/v1/reports/containers?location_id=" + UUID.randomUUID(), api().token("MANAGER")), 400,
				"location_id");
		refused(api().get("/api/v1/reports/containers?location_id=nope", api().token("MANAGER")), 400, "location_id");
		assertThat(api().get("/api/v1/reports/containers?location_id=" + location, api().token("CASHIER")).status())
			.isEqualTo(403);
	}

	private Map<String, Long> report() {
		var response = api().get("/api/v1/reports/containers?location_id=" + location, api().token("MANAGER"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		for (var line : response.json().path("lines")) {
			if (line.path("container_type_id").asString().equals(type)) {
				return Map.of("held", line.path("held_by_customers").asLong(), "empty", line.path("empty").asLong());
			}
		}
		throw new AssertionError("no line for the type: " + response);
	}

	/** The balance cannot go below zero, however many tills take the same containers back at once. */
	@Test
	void parallelReturnsNeverTakeTheBalanceBelowZero() throws Exception {
		var customer = customer();
		assertThat(exchange(exchangeBody(customer, 3, 0)).status()).isEqualTo(201);
		int attempts = 12;
		var start = new CountDownLatch(1);
		var results = new ArrayList<Future<TestClient.Response>>();
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < attempts; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return giveBack(customer, 1);
				}));
			}
			start.countDown();
		}
		int refunded = 0;
		var vouchers = new HashSet<String>();
		for (var result : results) {
			var response = result.get();
			if (response.status() == 201) {
				refunded++;
				vouchers.add(response.json().path("movement").path("voucher_number").asString());
			}
			else {
				refused(response, 422, "quantity");
			}
		}
		assertThat(refunded).isEqualTo(3);
		assertThat(vouchers).hasSize(3);
		assertThat(held(customer)).isZero();
		assertThat(count("SELECT count(*) FROM customer_containers WHERE held < 0 OR deposits_held < 0")).isZero();
		assertThat(count("SELECT count(*) FROM container_movements WHERE kind = 'RETURN' AND customer_id = '" + customer
				+ "'")).isEqualTo(3);
	}

	@Test
	void theDatabaseRefusesANegativeBalanceEvenIfTheCodeForgot() {
		var customer = customer();
		exchange(exchangeBody(customer, 1, 0));
		var refusedUpdate = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.sql(
				"UPDATE customer_containers SET held = held - 2 WHERE customer_id = '" + customer + "'::uuid").update());
		assertThat(refusedUpdate).hasMessageContaining("violates check constraint \"customer_containers_");
		assertThat(held(customer)).isEqualTo(1);
	}

	@Nested
	class BadInput {

		@Test
		void aReturnOfContainersTheCustomerDoesNotHoldIsRefusedAndWritesNothing() {
			var customer = customer();
			var stranger = customer();
			exchange(exchangeBody(customer, 2, 0));
			assertThat(giveBack(customer, 1).status()).isEqualTo(201);
			long before = state();
			refused(giveBack(customer, 2), 422, "quantity");
			refused(giveBack(stranger, 1), 422, "quantity");
			refused(api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", customer, "container_type_id", otherType, "quantity", 1), key()), 422, "quantity");
			refused(api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", customer, "container_type_id", UUID.randomUUID(), "quantity", 1), key()), 400,
					"container_type_id");
			refused(api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", UUID.randomUUID(), "container_type_id", type, "quantity", 1), key()), 400, "customer_id");
			refused(api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", customer, "container_type_id", type, "quantity", 0), key()), 400, "quantity");
			refused(api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", customer, "container_type_id", type, "quantity", "one"), key()), 400, "quantity");
			refused(api().post("/api/v1/deposit-refunds", api().token("CASHIER"), Map.of("location_id", location,
					"customer_id", customer, "container_type_id", type, "quantity", 1)), 400, "Idempotency-Key");
			assertThat(api().post("/api/v1/deposit-refunds", api().token("DRIVER"), Map.of("location_id", location,
					"customer_id", customer, "container_type_id", type, "quantity", 1), key()).status()).isEqualTo(403);
			assertThat(api().post("/api/v1/deposit-refunds", null, Map.of(), key()).status()).isEqualTo(401);
			assertThat(state()).isEqualTo(before);
			assertThat(held(customer)).isEqualTo(1);
		}

		@Test
		void aSwapWithAContainerOfTheWrongTypeOrAProductThatIsNoRefillIsRefused() {
			var customer = customer();
			long before = state();
			refused(exchange(exchangeBody(customer, 1, 1, "empties_container_type_id", otherType)), 422,
					"empties_container_type_id");
			refused(exchange(exchangeBody(customer, 1, 2)), 422, "empties_returned");
			var body = exchangeBody(customer, 1, 0);
			body.put("product_id", empty);
			refused(exchange(body), 400, "product_id");
			refused(exchange(exchangeBody(UUID.randomUUID().toString(), 1, 0)), 400, "customer_id");
			refused(exchange(exchangeBody(customer, 0, 0)), 400, "refills");
			refused(exchange(exchangeBody(customer, 101, 0)), 400, "refills");
			refused(exchange(exchangeBody(customer, 1, -1)), 400, "empties_returned");
			var badLocation = exchangeBody(customer, 1, 0);
			badLocation.put("location_id", UUID.randomUUID().toString());
			refused(exchange(badLocation), 400, "location_id");
			assertThat(api().post("/api/v1/container-exchanges", api().token("EMPLOYEE"), exchangeBody(customer, 1, 0),
					key()).status()).isEqualTo(403);
			assertThat(state()).isEqualTo(before);
		}

		@Test
		void containerTypesAreCheckedAndTheirCodesUnique() {
			long before = state();
			var manager = api().token("MANAGER");
			refused(createType("", "10", empty), 400, "code");
			refused(createType("BAD CODE", "10", empty), 400, "code");
			refused(createType("X" + "1".repeat(40), "10", empty), 400, "code");
			refused(createType("NEG", "-1", empty), 400, "deposit");
			refused(createType("FRAC", "1.234", empty), 400, "deposit");
			refused(createType("NOPROD", "10", UUID.randomUUID().toString()), 400, "empty_product_id");
			refused(createType("REFILLAS", "10", refill), 422, "empty_product_id");
			refused(createType("DUP", "10", empty), 409, null);
			assertThat(api().post("/api/v1/container-types", api().token("CASHIER"),
					Map.of("code", "C", "name", "C", "deposit", 1, "empty_product_id", empty), key()).status())
				.isEqualTo(403);
			refused(api().post("/api/v1/container-types/" + type + "/refills", manager, Map.of("product_id", refill)),
					409, null);
			refused(api().post("/api/v1/container-types/" + type + "/refills", manager, Map.of("product_id", empty)),
					422, "product_id");
			refused(api().post("/api/v1/container-types/" + type + "/refills", manager,
					Map.of("product_id", UUID.randomUUID())), 400, "product_id");
			assertThat(api().post("/api/v1/container-types/" + UUID.randomUUID() + "/refills", manager,
					Map.of("product_id", refill)).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/container-types/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/customers/" + UUID.randomUUID() + "/containers", manager).status())
				.isEqualTo(404);
			assertThat(state()).isEqualTo(before);
		}
	}

	/** The refill sale and its exchange at the till as one request: both committed, or neither. */
	@Nested
	class SaleWithExchange {

		private String tracked;

		private String trackedEmpty;

		private String trackedType;

		@BeforeEach
		void products() {
			if (tracked != null) {
				return;
			}
			var fixtures = new Fixtures(api());
			long n = System.nanoTime();
			tracked = fixtures.product("TREFILL-" + n, "1000.00", Fixtures.GST_5, "track_stock", true,
					"allow_negative_stock", false);
			trackedEmpty = fixtures.product("TEMPTY-" + n, "0.00", Fixtures.GST_5, "track_stock", true);
			trackedType = createType("TDOM-" + n % 100000, "1450.00", trackedEmpty).json().path("id").asString();
			api().post("/api/v1/container-types/" + trackedType + "/refills", api().token("MANAGER"),
					Map.of("product_id", tracked));
			var receipt = api().post("/api/v1/stock/receipts", api().adminToken(), Map.of("location_id", location,
					"lines", List.of(Map.of("product_id", tracked, "quantity", 5))), key());
			assertThat(receipt.status()).as(receipt.toString()).isEqualTo(201);
		}

		private Map<String, Object> body(String customer, int refills, Object... exchange) {
			var ex = new LinkedHashMap<String, Object>();
			ex.put("product_id", tracked);
			ex.put("empties_returned", 0);
			for (int i = 0; i < exchange.length; i += 2) {
				ex.put((String) exchange[i], exchange[i + 1]);
			}
			var sale = new LinkedHashMap<String, Object>();
			sale.put("location_id", location);
			sale.put("customer_id", customer);
			sale.put("lines", List.of(Map.of("product_id", tracked, "quantity", refills)));
			sale.put("payments", List.of(Map.of("method", "CASH", "amount",
					new BigDecimal("1050.00").multiply(BigDecimal.valueOf(refills)))));
			return Map.of("sale", sale, "exchanges", List.of(ex));
		}

		private TestClient.Response sell(Map<String, Object> body, String key) {
			return api().post("/api/v1/container-sales", api().token("CASHIER"), body, key);
		}

		private long onHand(String product) {
			return new BigDecimal(api().get("/api/v1/stock/" + location + "/" + product, api().token("MANAGER"))
				.json()
				.path("on_hand")
				.asString("0")).longValue();
		}

		private int heldOf(String customer) {
			var balances = api().get("/api/v1/customers/" + customer + "/containers", api().token("CASHIER")).json();
			for (var b : balances) {
				if (b.path("container_type_id").asString().equals(trackedType)) {
					return b.path("held").asInt();
				}
			}
			return 0;
		}

		private long written() {
			return count("SELECT count(*) FROM sales") * 1_000_000 + count("SELECT count(*) FROM container_movements") * 1000
					+ count("SELECT count(*) FROM stock_movements");
		}

		@Test
		void aNewConnectionAndASwapAreSoldWithTheirRefillInOneRequest() {
			var customer = customer();
			long full = onHand(tracked);
			var key = key();
			var first = sell(body(customer, 2), key);
			assertThat(first.status()).as(first.toString()).isEqualTo(201);
			assertThat(first.json().at("/sale/number").asString()).isNotBlank();
			assertThat(first.json().at("/sale/total").decimalValue()).isEqualByComparingTo("2100.00");
			// the deposit apart: not in the sale's taxable value nor its total
			assertThat(first.json().at("/sale/taxable").decimalValue()).isEqualByComparingTo("2000.00");
			assertThat(first.json().path("deposit_charged").decimalValue()).isEqualByComparingTo("2900.00");
			assertThat(first.json().path("amount_due").decimalValue()).isEqualByComparingTo("5000.00");
			assertThat(first.json().at("/exchanges/0/new_connections").asInt()).isEqualTo(2);
			assertThat(first.json().at("/exchanges/0/movement/sale_id").asString())
				.isEqualTo(first.json().at("/sale/id").asString());
			assertThat(heldOf(customer)).isEqualTo(2);
			assertThat(onHand(tracked)).isEqualTo(full - 2);
			// the same key again: the first answer, nothing sold twice
			long before = written();
			var again = sell(body(customer, 2), key);
			assertThat(again.status()).isEqualTo(201);
			assertThat(again.json().at("/sale/id").asString()).isEqualTo(first.json().at("/sale/id").asString());
			assertThat(written()).isEqualTo(before);

			long empties = onHand(trackedEmpty);
			var swap = sell(body(customer, 1, "empties_returned", 1, "empties_container_type_id", trackedType), key());
			assertThat(swap.status()).as(swap.toString()).isEqualTo(201);
			assertThat(swap.json().path("deposit_charged").decimalValue()).isEqualByComparingTo("0");
			assertThat(swap.json().at("/exchanges/0/swaps").asInt()).isEqualTo(1);
			assertThat(heldOf(customer)).isEqualTo(2);
			assertThat(onHand(trackedEmpty)).isEqualTo(empties + 1);
			assertThat(onHand(tracked)).isEqualTo(full - 3);
		}

		private String pdfText(String path) throws Exception {
			var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api().base() + path))
				.header("Authorization", "Bearer " + api().token("CASHIER"))
				.GET()
				.build();
			try (var client = java.net.http.HttpClient.newHttpClient()) {
				var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
				assertThat(response.statusCode()).isEqualTo(200);
				try (var document = org.apache.pdfbox.Loader.loadPDF(response.body())) {
					return new org.apache.pdfbox.text.PDFTextStripper().getText(document);
				}
			}
		}

		@Test
		void theDepositIsPrintedApartFromTheSupplyOnTheInvoiceAndTheReceipt() throws Exception {
			var customer = customer();
			var sold = sell(body(customer, 2), key());
			assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
			var id = sold.json().at("/sale/id").asString();
			var code = api().get("/api/v1/container-types/" + trackedType, api().token("CASHIER")).json().path("code")
				.asString();
			var invoice = pdfText("/api/v1/sales/" + id + "/invoice.pdf");
			// the supply is the gas: 2,000.00 taxable, 2,100.00 with GST; the deposit comes after, in no tax line
			assertThat(invoice).contains("Taxable value", "2,000.00", "2,100.00", "Refundable deposit 2 x " + code,
					"2,900.00", "Collected incl. deposits", "5,000.00", "not taxed, not in the total");
			assertThat(invoice.indexOf("Refundable deposit")).isGreaterThan(invoice.indexOf("Total ("));
			var receipt = pdfText("/api/v1/sales/" + id + "/receipt.pdf");
			assertThat(receipt).contains("Refundable deposit 2 x " + code, "2,900.00", "5,000.00");
			// a swap charges no deposit: nothing printed apart
			var swap = sell(body(customer, 1, "empties_returned", 1), key());
			assertThat(pdfText("/api/v1/sales/" + swap.json().at("/sale/id").asString() + "/invoice.pdf"))
				.doesNotContain("Refundable deposit");
		}

		@Test
		void neitherTheSaleNorTheExchangeIsWrittenWhenEitherIsRefused() {
			var customer = customer();
			long before = written();
			long events = count("SELECT count(*) FROM events");
			// the sale refused: more refills than in stock, so no exchange either
			var short_ = sell(body(customer, 50), key());
			assertThat(short_.status()).as(short_.toString()).isEqualTo(409);
			assertThat(short_.json().path("code").asString()).isEqualTo("insufficient_stock");
			// the exchange refused: so no sale either
			refused(sell(body(customer, 1, "empties_returned", 2), key()), 422, "exchanges[0].empties_returned");
			refused(sell(body(customer, 1, "empties_container_type_id", type), key()), 422,
					"exchanges[0].empties_container_type_id");
			refused(sell(body(customer, 1, "product_id", refill), key()), 422, "exchanges[0].product_id");
			refused(sell(body(customer, 1, "product_id", empty), key()), 400, "exchanges[0].product_id");
			refused(sell(body(UUID.randomUUID().toString(), 1), key()), 400, "sale.customer_id");
			var anonymous = new LinkedHashMap<String, Object>(body(customer, 1));
			var sale = new LinkedHashMap<String, Object>((Map<String, Object>) anonymous.get("sale"));
			sale.remove("customer_id");
			anonymous.put("sale", sale);
			refused(sell(anonymous, key()), 400, "sale.customer_id");
			refused(sell(Map.of("sale", sale), key()), 400, "exchanges");
			refused(api().post("/api/v1/container-sales", api().token("CASHIER"), body(customer, 1)), 400, null);
			assertThat(api().post("/api/v1/container-sales", api().token("DRIVER"), body(customer, 1), key()).status())
				.isEqualTo(403);
			assertThat(written()).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(events);
			assertThat(heldOf(customer)).isZero();
		}
	}
}

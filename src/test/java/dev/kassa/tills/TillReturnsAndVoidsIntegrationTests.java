package dev.kassa.tills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.Fixtures;
import dev.kassa.support.TestClient;

/**
 * Where refunds and voids land (the session open when they happen), cashiers on their own sessions, the
 * return's refund priced by the server, a cashier's return or void with a MANAGER's approval, the Z report by
 * {@code Accept} and the receipt's terminal code.
 */
class TillReturnsAndVoidsIntegrationTests extends TillTesting {

	private static final String PASSWORD = "correct horse battery staple";

	private final HttpClient http = HttpClient.newHttpClient();

	private record Raw(int status, String contentType, byte[] body) {
	}

	private Raw raw(String path, String token, String accept) throws IOException, InterruptedException {
		var builder = HttpRequest.newBuilder(URI.create(api().base() + path)).header("Authorization", "Bearer " + token);
		if (accept != null) {
			builder.header("Accept", accept);
		}
		var response = http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		return new Raw(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
	}

	private static String text(byte[] pdf) throws IOException {
		try (var document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	/** A manager of any location and their user name, for approvals typed at a cashier's till. */
	private String managerName() {
		var name = "mgr-" + UUID.randomUUID().toString().substring(0, 12);
		api().tokenForNewUser(name, List.of("MANAGER"), null);
		return name;
	}

	private String approval(String cashier, String managerName, String location, String percent) {
		var issued = api().post("/api/v1/approvals", cashier, Map.of("approver_username", managerName,
				"approver_password", PASSWORD, "location_id", location, "max_percent", new BigDecimal(percent)));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
		return issued.json().path("approval_token").asString();
	}

	private static Map<String, Object> returnBody(String line, String quantity, String method, String amount,
			String terminal) {
		var body = new java.util.LinkedHashMap<String, Object>();
		body.put("lines", List.of(Map.of("sale_line_id", line, "quantity", new BigDecimal(quantity), "restock", true)));
		body.put("refunds", List.of(Map.of("method", method, "amount", new BigDecimal(amount))));
		body.put("reason", "did not fit");
		if (terminal != null) {
			body.put("terminal_id", terminal);
		}
		return body;
	}

	private TestClient.Response withApproval(String path, String token, Object body, String approval) {
		return api().send("POST", path, token, body, approval == null ? Map.of("Idempotency-Key", key())
				: Map.of("Idempotency-Key", key(), "Kassa-Approval", approval));
	}

	private long inSession(String session, String kind) {
		return count("SELECT count(*) FROM till_session_sales WHERE session_id = '" + session + "' AND kind = '" + kind
				+ "'");
	}

	@Test
	void theZReportIsAPdfWhenAskedByAcceptAndJsonOtherwise() throws Exception {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "100");
		ok(sell(cashier, shop, "1", "CASH", "105.00"));
		ok(close(cashier, session, Map.of("CASH", "205.00")));

		var pdf = raw("/api/v1/till-sessions/" + session + "/z-report", cashier, "application/pdf");
		assertThat(pdf.status()).isEqualTo(200);
		assertThat(pdf.contentType()).startsWith("application/pdf");
		assertThat(text(pdf.body())).contains("TILL-1");
		var a4 = raw("/api/v1/till-sessions/" + session + "/z-report?paper=a4", cashier, "application/pdf");
		try (var document = Loader.loadPDF(a4.body())) {
			assertThat(document.getPage(0).getMediaBox().getWidth()).isGreaterThan(500);
		}
		for (var accept : new String[] { "application/json", "*/*", null }) {
			var json = raw("/api/v1/till-sessions/" + session + "/z-report", cashier, accept);
			assertThat(json.status()).as(String.valueOf(accept)).isEqualTo(200);
			assertThat(json.contentType()).as(String.valueOf(accept)).startsWith("application/json");
		}
		var old = raw("/api/v1/till-sessions/" + session + "/z-report.pdf", cashier, null);
		assertThat(old.contentType()).as("the old path still answers the PDF").startsWith("application/pdf");
		var bad = raw("/api/v1/till-sessions/" + session + "/z-report?paper=a5", cashier, "application/pdf");
		assertThat(bad.status()).isEqualTo(400);
		var other = raw("/api/v1/till-sessions/" + UUID.randomUUID() + "/z-report", cashier, "application/pdf");
		assertThat(other.status()).isEqualTo(404);
		var doc = ok(api().get("/v3/api-docs", null)).json();
		var content = doc.path("paths").path("/api/v1/till-sessions/{id}/z-report").path("get").path("responses")
			.path("200").path("content");
		assertThat(content.has("application/pdf")).as(content.toString()).isTrue();
		assertThat(content.has("application/json")).as(content.toString()).isTrue();
	}

	@Test
	void theReceiptPrintsTheTerminalsCode() throws Exception {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var sale = ok(sell(cashier, shop, "1", "CASH", "105.00")).json();
		var receipt = raw("/api/v1/sales/" + sale.path("id").asString() + "/receipt.pdf", cashier, null);
		assertThat(receipt.status()).isEqualTo(200);
		assertThat(text(receipt.body())).contains("Terminal: TILL-1").doesNotContain(shop.terminal());
	}

	@Test
	void aRefundNamingNoTerminalGoesIntoTheCashiersOwnSessionOrIsRefused() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "500");
		var sale = ok(sell(cashier, shop, "2", "CASH", "210.00")).json();
		var path = "/api/v1/sales/" + sale.path("id").asString() + "/returns";
		var line = sale.path("lines").get(0).path("id").asString();

		// the manager holds no session at the store, which has a terminal and requires sessions
		refused(api().post(path, manager(), returnBody(line, "1", "CASH", "105.00", null), key()), 409,
				"till_session_required");
		assertThat(count("SELECT count(*) FROM sale_returns WHERE sale_id = '" + sale.path("id").asString() + "'"))
			.as("nothing written")
			.isZero();

		// the cashier's own open session takes it, with a manager's approval
		var token = approval(cashier, managerName(), shop.location(), "100");
		var made = withApproval(path, cashier, returnBody(line, "1", "CASH", "105.00", null), token);
		assertThat(made.status()).as(made.toString()).isEqualTo(201);
		assertThat(inSession(session, "RETURN")).isEqualTo(1);
		var x = ok(api().get("/api/v1/till-sessions/" + session + "/x-report", manager())).json();
		assertThat(method(x, "CASH", "expected")).isEqualByComparingTo("605.00");

		// a store without terminals refunds outside any session, as before
		var plain = new dev.kassa.support.Fixtures(api()).location("NT" + (port % 1000), "29");
		ok(api().post("/api/v1/stock/receipts", api().adminToken(), Map.of("location_id", plain, "lines",
				List.of(Map.of("product_id", shop.product(), "quantity", "10"))), key()));
		var elsewhere = ok(sell(manager(), new Shop(plain, null, shop.product()), null, "1", "CASH", "105.00")).json();
		ok(api().post("/api/v1/sales/" + elsewhere.path("id").asString() + "/returns", manager(),
				returnBody(elsewhere.path("lines").get(0).path("id").asString(), "1", "CASH", "105.00", null), key()));
	}

	@Test
	void aVoidAfterItsSessionClosedLandsInTheSessionOpenThenNamingTheSalesSession() throws Exception {
		var shop = shop();
		var cashier = cashier();
		var first = openSession(cashier, shop.terminal(), "100");
		var sale = ok(sell(cashier, shop, "1", "CASH", "105.00")).json();
		var firstZ = ok(close(cashier, first, Map.of("CASH", "205.00"))).json().path("z_report");
		var voidPath = "/api/v1/sales/" + sale.path("id").asString() + "/void";

		// no session open at the store: the void's cash has no drawer to come out of
		refused(api().post(voidPath, manager(), Map.of("reason", "rang twice")), 409, "till_session_required");
		assertThat(ok(api().get("/api/v1/sales/" + sale.path("id").asString(), manager())).json().path("status")
			.asString()).isEqualTo("COMPLETED");

		var second = openSession(cashier, shop.terminal(), "100");
		ok(api().post(voidPath, manager(), Map.of("reason", "rang twice")));
		assertThat(inSession(second, "VOID")).isEqualTo(1);
		assertThat(inSession(first, "VOID")).as("the closed session is never changed").isZero();

		// the void's cash went out of this drawer, which held only its float: 100 - 105
		var report = ok(close(cashier, second, Map.of("CASH", "0"))).json().path("z_report").path("report");
		assertThat(report.path("voids").path("count").asLong()).isEqualTo(1);
		assertThat(report.path("voids").path("amount").decimalValue()).isEqualByComparingTo("-105.00");
		var late = report.path("late_voids");
		assertThat(late).hasSize(1);
		assertThat(late.get(0).path("number").asString()).isEqualTo(sale.path("number").asString());
		assertThat(late.get(0).path("sale_session_id").asString()).isEqualTo(first);
		assertThat(late.get(0).path("amount").decimalValue()).isEqualByComparingTo("-105.00");
		assertThat(method(report, "CASH", "expected")).isEqualByComparingTo("-5.00");
		var pdf = raw("/api/v1/till-sessions/" + second + "/z-report", manager(), "application/pdf");
		assertThat(text(pdf.body())).as("the Z report names the voided sale").contains(sale.path("number").asString());
		var firstAgain = ok(api().get("/api/v1/till-sessions/" + first + "/z-report", manager())).json();
		assertThat(firstAgain.path("hash").asString()).isEqualTo(firstZ.path("hash").asString());
		assertThat(firstAgain.path("report").path("voids").path("count").asLong()).isZero();
	}

	@Test
	void aCashierSellsOnlyOnTheirOwnSessionUnlessTheStoreSharesThem() {
		var shop = shop();
		var owner = cashier();
		var other = cashier();
		var session = openSession(owner, shop.terminal(), "0");
		refused(sell(other, shop, "1", "CASH", "105.00"), 409, "till_session_of_another_cashier");
		assertThat(inSession(session, "SALE")).as("nothing written").isZero();
		ok(sell(manager(), shop, "1", "CASH", "105.00"));

		var settings = new java.util.HashMap<String, Object>(Map.of("session_required", true, "max_open_minutes", 1440,
				"paid_out_manager_above", 2000, "variance_threshold", 100, "cashier_many_sessions", false));
		settings.put("shared_sessions", true);
		var put = api().send("PUT", "/api/v1/till-settings/" + shop.location(), manager(), settings,
				Map.of("Idempotency-Key", key()));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.json().path("shared_sessions").asBoolean()).isTrue();
		ok(sell(other, shop, "1", "CASH", "105.00"));
		assertThat(inSession(session, "SALE")).isEqualTo(2);
		settings.put("shared_sessions", "yes");
		invalid(api().send("PUT", "/api/v1/till-settings/" + shop.location(), manager(), settings,
				Map.of("Idempotency-Key", key())), "shared_sessions");
	}

	@Test
	void theRefundIsPricedByTheServerAndACashierReturnsOrVoidsWithAManagersApproval() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "500");
		var sale = ok(sell(cashier, shop, "3", "CASH", "315.00")).json();
		var saleId = sale.path("id").asString();
		var line = sale.path("lines").get(0).path("id").asString();

		var quote = ok(api().post("/api/v1/sales/" + saleId + "/returns/quote", cashier,
				Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", 2))))).json();
		assertThat(quote.path("total").decimalValue()).isEqualByComparingTo("210.00");
		assertThat(quote.path("approval_needed").asBoolean()).isTrue();
		assertThat(quote.path("lines").get(0).path("returnable").decimalValue()).isEqualByComparingTo("3");
		assertThat(count("SELECT count(*) FROM sale_returns WHERE sale_id = '" + saleId + "'")).as("a quote writes nothing")
			.isZero();

		var path = "/api/v1/sales/" + saleId + "/returns";
		refused(withApproval(path, cashier, returnBody(line, "2", "CASH", "210.00", shop.terminal()), null), 403,
				"approval_required");
		var manager = managerName();
		var discountOnly = approval(cashier, manager, shop.location(), "10");
		refused(withApproval(path, cashier, returnBody(line, "2", "CASH", "210.00", shop.terminal()), discountOnly), 403,
				"approval_refused");
		var token = approval(cashier, manager, shop.location(), "100");
		var made = withApproval(path, cashier, returnBody(line, "2", "CASH", "210.00", shop.terminal()), token);
		assertThat(made.status()).as(made.toString()).isEqualTo(201);
		assertThat(made.json().path("total").decimalValue()).isEqualByComparingTo(quote.path("total").decimalValue());
		refused(withApproval(path, cashier, returnBody(line, "1", "CASH", "105.00", shop.terminal()), token), 403,
				"approval_refused");
		var after = ok(api().post("/api/v1/sales/" + saleId + "/returns/quote", cashier,
				Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", 1))))).json();
		assertThat(after.path("lines").get(0).path("returnable").decimalValue()).isEqualByComparingTo("1");
		assertThat(after.path("total").decimalValue()).isEqualByComparingTo("105.00");

		var other = ok(sell(cashier, shop, "1", "UPI", "105.00")).json();
		var voidPath = "/api/v1/sales/" + other.path("id").asString() + "/void";
		refused(withApproval(voidPath, cashier, Map.of("reason", "wrong item"), null), 403, "approval_required");
		var voidToken = approval(cashier, manager, shop.location(), "100");
		var voided = withApproval(voidPath, cashier, Map.of("reason", "wrong item"), voidToken);
		assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
		assertThat(voided.json().path("status").asString()).isEqualTo("VOIDED");
		assertThat(inSession(session, "VOID")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'approval.used'")).isGreaterThanOrEqualTo(2);
	}

	/**
	 * Three returns of one piece each of a line of three whose tax does not divide by three: each return's CGST,
	 * SGST, IGST and cess add up to its tax, the three give back exactly the line's tax and each of its parts, and
	 * the Z report's tax table nets the sale and its returns to nothing. Rounding each return's share alone gave
	 * back 5.01 of 5.00.
	 */
	@Test
	void returnsInPiecesGiveBackExactlyTheTaxOfTheLineAndEachOfItsParts() {
		var shop = shop();
		var product = new Fixtures(api()).product("SKU-" + UUID.randomUUID(), "33.33", Fixtures.GST_5, "track_stock", false);
		var manager = manager();
		var session = openSession(manager, shop.terminal(), "500");
		var body = new java.util.LinkedHashMap<String, Object>();
		body.put("location_id", shop.location());
		body.put("terminal_id", shop.terminal());
		body.put("lines", List.of(Map.of("product_id", product, "quantity", 3)));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("104.99"))));
		var sale = ok(api().post("/api/v1/sales", manager, body, key())).json();
		var sold = sale.path("lines").get(0);
		assertThat(sold.path("tax_total").decimalValue()).isEqualByComparingTo("5.00");
		var line = sold.path("id").asString();
		var path = "/api/v1/sales/" + sale.path("id").asString() + "/returns";

		var parts = new String[] { "tax_total", "cgst", "sgst", "igst", "cess" };
		var given = new BigDecimal[parts.length];
		java.util.Arrays.fill(given, BigDecimal.ZERO);
		var refunded = BigDecimal.ZERO;
		for (int i = 0; i < 3; i++) {
			var quote = ok(api().post(path + "/quote", manager,
					Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", 1))))).json();
			var amount = quote.path("total").decimalValue();
			var credit = ok(api().post(path, manager, returnBody(line, "1", "CASH", amount.toPlainString(), shop.terminal()),
					key())).json();
			var returned = credit.path("lines").get(0);
			assertThat(returned.path("tax_total").decimalValue()).as("the quote's tax is the return's")
				.isEqualByComparingTo(quote.path("tax_total").decimalValue());
			assertThat(returned.path("cgst").decimalValue().add(returned.path("sgst").decimalValue())
				.add(returned.path("igst").decimalValue()).add(returned.path("cess").decimalValue()))
				.as("return %d: its parts add up to its tax: %s", i + 1, returned)
				.isEqualByComparingTo(returned.path("tax_total").decimalValue());
			for (int p = 0; p < parts.length; p++) {
				given[p] = given[p].add(returned.path(parts[p]).decimalValue());
			}
			refunded = refunded.add(amount);
		}
		for (int p = 0; p < parts.length; p++) {
			assertThat(given[p]).as("the three returns give back the line's " + parts[p])
				.isEqualByComparingTo(sold.path(parts[p]).decimalValue());
		}
		assertThat(refunded).isEqualByComparingTo("104.99");

		var report = ok(close(manager, session, Map.of("CASH", "500.00"))).json().path("z_report").path("report");
		var taxes = report.path("taxes");
		assertThat(taxes).as(report.toString()).hasSize(1);
		for (var part : new String[] { "taxable", "cgst", "sgst", "igst", "cess" }) {
			assertThat(taxes.get(0).path(part).decimalValue()).as("the sale and its returns net to nothing: " + part)
				.isEqualByComparingTo("0");
		}
	}

	@Nested
	class BadInput {

		@Test
		void aReturnQuoteWithBadInputIsRefusedNamingTheField() {
			var shop = shop();
			var cashier = cashier();
			openSession(cashier, shop.terminal(), "0");
			var sale = ok(sell(cashier, shop, "1", "CASH", "105.00")).json();
			var path = "/api/v1/sales/" + sale.path("id").asString() + "/returns/quote";
			var line = sale.path("lines").get(0).path("id").asString();
			invalid(api().post(path, cashier, Map.of("lines", List.of(Map.of("sale_line_id", UUID.randomUUID(),
					"quantity", 1)))), "lines[0].sale_line_id");
			invalid(api().post(path, cashier, Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", -1)))),
					"lines[0].quantity");
			invalid(api().post(path, cashier, Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", "lots")))),
					"lines[0].quantity");
			invalid(api().post(path, cashier, Map.of()), "lines");
			invalid(api().post(path, cashier, Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", 1),
					Map.of("sale_line_id", line, "quantity", 1)))), "lines[1].sale_line_id");
			refused(api().post(path, cashier, Map.of("lines", List.of(Map.of("sale_line_id", line, "quantity", 2)))), 409,
					"return_exceeds_sold");
			assertThat(api().post(path, cashier, "{\"lines\": [").status()).isEqualTo(400);
			assertThat(api().post("/api/v1/sales/" + UUID.randomUUID() + "/returns/quote", cashier,
					Map.of("lines", List.of())).status()).isEqualTo(404);
			var employee = api().tokenForNewUser("emp-" + UUID.randomUUID().toString().substring(0, 12),
					List.of("EMPLOYEE"), null);
			assertThat(api().post(path, employee, Map.of("lines", List.of())).status()).isEqualTo(403);
			assertThat(api().post(path, null, Map.of("lines", List.of())).status()).isEqualTo(401);
		}
	}
}

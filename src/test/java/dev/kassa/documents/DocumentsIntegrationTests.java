package dev.kassa.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Role;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** Documents rendered from sales made through the API, read back with PDFBox's text stripper. */
@TestPropertySource(properties = { "kassa.documents.batch-max-documents=6", "kassa.documents.batch-max-days=31" })
class DocumentsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	DocumentBatches batches;

	@Autowired
	Documents documents;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	BatchStore batchStore;

	@Autowired
	dev.kassa.jobs.Jobs jobs;

	@Autowired
	dev.kassa.events.EventLog events;

	private static final AtomicInteger CODES = new AtomicInteger();

	private static final Map<Integer, Shop> SHOPS = new ConcurrentHashMap<>();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** A shop in Karnataka (29) with a GSTIN and a bank account; a customer in Maharashtra (27). */
	record Shop(String location, String otherLocation, String tea, String rice, String customer) {
	}

	private Shop shop() {
		return SHOPS.computeIfAbsent(port, p -> {
			var admin = api().adminToken();
			ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Kassa Test Traders Private Limited",
					"trade_name", "Kassa Mart", "address", "12 MG Road\nBengaluru 560001", "country", "IN", "currency",
					"INR", "time_zone", "Asia/Kolkata")));
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
					LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
					key()));
			ok(api().post("/api/v1/organization/tax-registrations", admin,
					Map.of("country", "IN", "number", gstin("29AAACK1234A1Z")), key()));
			ok(api().post("/api/v1/organization/bank-accounts", admin, Map.of("bank_name", "State Bank of India",
					"account_name", "Kassa Test Traders", "account_number", "123456789012", "ifsc", "SBIN0001234"), key()));
			var location = location("29");
			var other = location("29");
			var fixtures = new Fixtures(api());
			var tea = fixtures.product("TEA-" + UUID.randomUUID(), "100.00", Fixtures.GST_18, "name", "Assam Tea 250g",
					"hsn_code", "0902", "track_stock", false);
			var rice = fixtures.product("RICE-" + UUID.randomUUID(), "40.00", Fixtures.GST_5, "name", "Sona Masoori Rice",
					"hsn_code", "1006", "unit", "KG", "track_stock", false);
			var customer = id(api().post("/api/v1/customers", admin, Map.of("name", "Pune Wholesale LLP", "phone",
					"+919876500042", "gstin", gstin("27AAFFP1234B1Z"), "billing_address",
					Map.of("line1", "4 FC Road", "city", "Pune", "state_code", "27", "postal_code", "411004", "country",
							"IN")),
					key()));
			return new Shop(location, other, tea, rice, customer);
		});
	}

	private String location(String state) {
		var code = "D" + CODES.incrementAndGet();
		return id(api().post("/api/v1/locations", api().adminToken(), Map.of("code", code, "name", "Store " + code,
				"type", "STORE", "state_code", state, "address", "1 Brigade Road, Bengaluru", "time_zone",
				"Asia/Kolkata"), key()));
	}

	/** A GSTIN with its check character, from the first fourteen. */
	static String gstin(String first14) {
		var chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
		int sum = 0;
		for (int i = 0; i < 14; i++) {
			int product = chars.indexOf(first14.charAt(i)) * (i % 2 == 0 ? 1 : 2);
			sum += product / 36 + product % 36;
		}
		return first14 + chars.charAt((36 - sum % 36) % 36);
	}

	private static Map<String, Object> line(String product, String quantity) {
		return new LinkedHashMap<>(Map.of("product_id", product, "quantity", new BigDecimal(quantity)));
	}

	private TestClient.Response sell(String location, List<Map<String, Object>> lines, Map<String, Object> payment,
			@Nullable String customer, @Nullable String placeOfSupply) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", location);
		body.put("lines", lines);
		body.put("payments", List.of(payment));
		if (customer != null) {
			body.put("customer_id", customer);
		}
		if (placeOfSupply != null) {
			body.put("place_of_supply", placeOfSupply);
		}
		return ok(api().post("/api/v1/sales", api().token("CASHIER"), body, key()));
	}

	private static Map<String, Object> cash(String amount, @Nullable String tendered) {
		var payment = new LinkedHashMap<String, Object>(Map.of("method", "CASH", "amount", new BigDecimal(amount)));
		if (tendered != null) {
			payment.put("tendered", new BigDecimal(tendered));
		}
		return payment;
	}

	/** A binary answer. */
	record Bytes(int status, java.net.http.HttpHeaders headers, byte[] body) {

		String header(String name) {
			return headers.firstValue(name).orElse(null);
		}

		String text() {
			return new String(body, java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	private Bytes fetch(String path, String token, String... headers) {
		var builder = HttpRequest.newBuilder(URI.create(api().base() + path)).header("Authorization", "Bearer " + token);
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			var response = HTTP.send(builder.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Bytes(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A PDF read back: its pages' text, page count and first page's size. */
	record Parsed(List<String> pages, float width, float height) {

		String text() {
			return String.join("\n", pages);
		}
	}

	static Parsed parse(byte[] pdf) {
		try (var document = Loader.loadPDF(pdf)) {
			var pages = new ArrayList<String>();
			var stripper = new PDFTextStripper();
			for (int i = 1; i <= document.getNumberOfPages(); i++) {
				stripper.setStartPage(i);
				stripper.setEndPage(i);
				pages.add(stripper.getText(document));
			}
			var box = document.getPage(0).getMediaBox();
			return new Parsed(pages, box.getWidth(), box.getHeight());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private Parsed pdf(String path) {
		var response = fetch(path, api().token("CASHIER"));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/pdf");
		return parse(response.body());
	}

	@Test
	void aReceiptIsEightyMillimetresWideAndShowsTheSale() {
		var shop = shop();
		var sale = sell(shop.location(), List.of(line(shop.tea(), "2")), cash("236.00", "250.00"), null, null).json();
		var number = sale.path("number").asString();
		var response = fetch("/api/v1/sales/" + sale.path("id").asString() + "/receipt.pdf", api().token("CASHIER"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Disposition"))
			.isEqualTo("inline; filename=\"receipt-" + number.replace('/', '-') + ".pdf\"");
		var receipt = parse(response.body());
		assertThat(receipt.pages()).hasSize(1);
		assertThat(receipt.width()).isCloseTo(226.77f, org.assertj.core.data.Offset.offset(0.1f));
		assertThat(receipt.height()).isLessThan(842);
		var text = receipt.text();
		var localTime = java.time.OffsetDateTime.parse(sale.path("created_at").asString())
			.atZoneSameInstant(ZoneId.of("Asia/Kolkata"));
		assertThat(text).contains(Formats.DATE_TIME.format(localTime));
		assertThat(text).contains("Kassa Mart", "GSTIN: " + gstin("29AAACK1234A1Z"), "Sale " + number, "Cashier:",
				"Assam Tea 250g", "2 x 100.00", "200.00", "CGST", "18.00", "SGST", "236.00", "CASH", "250.00", "Change",
				"14.00", "Thank you for shopping with us!", "1 Brigade Road");
		assertThat(text).doesNotContain("IGST", "VOID");
		assertThat(barcode(response.body())).as("the receipt's barcode, read as a hand scanner at a return would")
			.isEqualTo(number);
	}

	/** The Code 128 barcode on the PDF's first page, rendered at a thermal printer's 203 dpi and read back. */
	static String barcode(byte[] pdf) {
		try (var document = Loader.loadPDF(pdf)) {
			var image = new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 203,
					org.apache.pdfbox.rendering.ImageType.GRAY);
			int width = image.getWidth();
			int height = image.getHeight();
			var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
					new com.google.zxing.RGBLuminanceSource(width, height, image.getRGB(0, 0, width, height, null, 0, width))));
			return new com.google.zxing.oned.Code128Reader()
				.decode(bitmap, java.util.Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, true))
				.getText();
		}
		catch (IOException | com.google.zxing.NotFoundException | com.google.zxing.FormatException ex) {
			throw new AssertionError("no Code 128 barcode could be read from the receipt", ex);
		}
	}

	@Test
	void anIntraStateInvoiceSplitsTaxIntoCgstAndSgstAndSpellsTheTotal() {
		var shop = shop();
		var sale = sell(shop.location(), List.of(line(shop.tea(), "2"), line(shop.rice(), "3")),
				cash("362.00", null), null, null).json();
		var text = pdf("/api/v1/sales/" + sale.path("id").asString() + "/invoice.pdf").text();
		assertThat(text).contains("TAX INVOICE", "Original for recipient", "Kassa Test Traders Private Limited",
				"GSTIN: " + gstin("29AAACK1234A1Z"), "State: Karnataka (29)", "Place of Supply:", "Walk-in customer",
				sale.path("number").asString(), "0902", "1006", "Assam Tea 250g", "Sona Masoori Rice", "KG",
				"CGST %", "SGST %", "9%", "2.5%", "320.00", "18.00", "3.00", "362.00",
				"Amount in words: Rupees Three Hundred Sixty Two Only", "State Bank of India", "SBIN0001234",
				"Authorised Signatory", "Page 1 of 1");
		assertThat(text).doesNotContain("IGST", "VOID");
		assertThat(text).containsAnyOf("\u20B9", "Rs.");
	}

	@Test
	void anInterStateInvoiceChargesIgstAndNamesTheBuyer() {
		var shop = shop();
		var sale = sell(shop.location(), List.of(line(shop.tea(), "1"), line(shop.rice(), "3")), cash("244.00", null),
				shop.customer(), "27").json();
		assertThat(sale.path("igst").decimalValue()).isEqualByComparingTo("24.00");
		var text = pdf("/api/v1/sales/" + sale.path("id").asString() + "/invoice.pdf").text();
		assertThat(text).contains("Pune Wholesale LLP", "GSTIN: " + gstin("27AAFFP1234B1Z"), "4 FC Road",
				"Maharashtra (27)", "IGST %", "18%", "5%", "18.00", "6.00", "24.00", "244.00",
				"Rupees Two Hundred Forty Four Only");
		assertThat(text).doesNotContain("CGST", "SGST");
	}

	@Test
	void aLongInvoiceRunsOverPagesWithItsHeaderOnEach() {
		var shop = shop();
		var lines = new ArrayList<Map<String, Object>>();
		for (int i = 0; i < 120; i++) {
			lines.add(line(i % 2 == 0 ? shop.tea() : shop.rice(), "1"));
		}
		// 60 teas at 118.00 and 60 kg of rice at 42.00
		var sale = sell(shop.location(), lines, cash("9600.00", null), null, null).json();
		var number = sale.path("number").asString();
		var invoice = pdf("/api/v1/sales/" + sale.path("id").asString() + "/invoice.pdf");
		assertThat(invoice.pages().size()).isBetween(2, 5);
		int pages = invoice.pages().size();
		for (int i = 0; i < pages; i++) {
			assertThat(invoice.pages().get(i)).contains("TAX INVOICE", number, "Description",
					"Page " + (i + 1) + " of " + pages);
		}
		assertThat(invoice.pages().getLast()).contains("9,600.00", "Rupees Nine Thousand Six Hundred Only");
		assertThat(invoice.pages().getFirst()).doesNotContain("Amount in words");
	}

	@Test
	void aVoidedSaleIsMarkedVoidAndItsEtagChanges() {
		var shop = shop();
		var sale = sell(shop.location(), List.of(line(shop.tea(), "1")), cash("118.00", null), null, null).json();
		var path = "/api/v1/sales/" + sale.path("id").asString() + "/invoice.pdf";
		var before = fetch(path, api().token("MANAGER"));
		var etag = before.header("ETag");
		assertThat(etag).isNotBlank();
		assertThat(before.header("Cache-Control")).contains("private").contains("no-cache");
		assertThat(fetch(path, api().token("MANAGER"), "If-None-Match", etag).status()).isEqualTo(304);

		ok(api().post("/api/v1/sales/" + sale.path("id").asString() + "/void", api().token("MANAGER"),
				Map.of("reason", "rang up twice")));
		var after = fetch(path, api().token("MANAGER"), "If-None-Match", etag);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.header("ETag")).isNotEqualTo(etag);
		assertThat(parse(after.body()).text()).contains("VOID", "rang up twice");
		assertThat(pdf("/api/v1/sales/" + sale.path("id").asString() + "/receipt.pdf").text()).contains("*** VOID ***");
	}

	@Test
	void aReturnHasItsCreditNote() {
		var shop = shop();
		var sale = sell(shop.location(), List.of(line(shop.tea(), "2")), cash("236.00", null), null, null).json();
		var saleId = sale.path("id").asString();
		var credit = ok(api().post("/api/v1/sales/" + saleId + "/returns", api().token("MANAGER"),
				Map.of("lines", List.of(Map.of("sale_line_id", sale.path("lines").get(0).path("id").asString(), "quantity",
						BigDecimal.ONE, "restock", false)), "refunds", List.of(cash("118.00", null)), "reason", "damaged"),
				key())).json();
		var text = pdf("/api/v1/sales/" + saleId + "/returns/" + credit.path("id").asString() + "/credit-note.pdf").text();
		assertThat(text).contains("CREDIT NOTE", credit.path("number").asString(),
				"Against invoice " + sale.path("number").asString(), "damaged", "100.00", "9.00", "118.00",
				"Rupees One Hundred Eighteen Only");
		// the note prints the parts the return recorded, which the Z report and the GST summary read too
		var returned = credit.path("lines").get(0);
		assertThat(returned.path("cgst").decimalValue()).isEqualByComparingTo("9.00");
		assertThat(returned.path("sgst").decimalValue()).isEqualByComparingTo("9.00");
		assertThat(fetch("/api/v1/sales/" + shop.location() + "/returns/" + credit.path("id").asString()
				+ "/credit-note.pdf", api().token("MANAGER")).status()).isEqualTo(404);
	}

	@Test
	void anEstimateHasItsQuotationWithItsValidity() {
		var shop = shop();
		var validUntil = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(10);
		var estimate = ok(api().post("/api/v1/estimates", api().token("EMPLOYEE"), Map.of("location_id", shop.location(),
				"lines", List.of(line(shop.rice(), "10")), "valid_until", validUntil.toString()), key())).json();
		var response = fetch("/api/v1/estimates/" + estimate.path("id").asString() + "/quotation.pdf",
				api().token("EMPLOYEE"));
		assertThat(response.status()).isEqualTo(200);
		var text = parse(response.body()).text();
		assertThat(text).contains("QUOTATION", estimate.path("number").asString(), "Valid Until",
				Formats.date(validUntil), "420.00", "Rupees Four Hundred Twenty Only");
		assertThat(text).doesNotContain("Original for recipient");
	}

	@Test
	void namesInAnyScriptNeverFailTheDocument() {
		var shop = shop();
		var fixtures = new Fixtures(api());
		var product = fixtures.product("HI-" + UUID.randomUUID(), "10.00", Fixtures.GST_5, "name",
				"चाय पत्ती Tea தேநீர் 😀 \u0007\u200D Ω", "track_stock", false);
		var customer = id(api().post("/api/v1/customers", api().adminToken(),
				Map.of("name", "राम कुमार Ram 🙏", "billing_address", Map.of("line1", "गली 4 Lane", "state_code", "29")),
				key()));
		var sale = sell(shop.location(), List.of(line(product, "1")), cash("10.50", null), customer, null).json();
		for (var kind : List.of("invoice", "receipt")) {
			var response = fetch("/api/v1/sales/" + sale.path("id").asString() + "/" + kind + ".pdf",
					api().token("CASHIER"));
			assertThat(response.status()).as(kind + " " + response.text()).isEqualTo(200);
			var text = parse(response.body()).text();
			assertThat(text).contains("Tea", "?");
			assertThat(text).contains("Ω");
		}
	}

	@Test
	void otherModulesGetADocumentForTheUserItIsFor() {
		var shop = shop();
		var sale = sell(shop.location(), List.of(line(shop.tea(), "1")), cash("118.00", null), null, null).json();
		var saleId = UUID.fromString(sale.path("id").asString());
		var number = sale.path("number").asString();
		var cashier = UUID.fromString(sale.path("cashier_id").asString());
		var user = new CurrentUser(cashier, "notifications", Set.of(Role.CASHIER),
				Set.of(UUID.fromString(shop.location())));
		var receipt = documents.receipt(saleId, user);
		assertThat(receipt.fileName()).isEqualTo("receipt-" + number.replace('/', '-') + ".pdf");
		assertThat(receipt.contentType()).isEqualTo("application/pdf");
		assertThat(parse(receipt.content()).text()).contains("Sale " + number, "118.00");
		assertThat(parse(documents.invoice(saleId, user).content()).text()).contains("TAX INVOICE", number);
		var elsewhere = new CurrentUser(cashier, "notifications", Set.of(Role.CASHIER),
				Set.of(UUID.fromString(shop.otherLocation())));
		assertThatThrownBy(() -> documents.receipt(saleId, elsewhere)).isInstanceOfSatisfying(ApiException.class,
				ex -> assertThat(ex.status().value()).isEqualTo(404));
	}

	@Nested
	class Refusals {

		@Test
		void anUnknownSaleIs404AndAMalformedId400() {
			var unknown = UUID.randomUUID();
			for (var path : List.of("/api/v1/sales/" + unknown + "/receipt.pdf", "/api/v1/sales/" + unknown + "/invoice.pdf",
					"/api/v1/estimates/" + unknown + "/quotation.pdf",
					"/api/v1/sales/" + unknown + "/returns/" + unknown + "/credit-note.pdf")) {
				var response = api().get(path, api().token("MANAGER"));
				assertThat(response.status()).as(path).isEqualTo(404);
				assertThat(response.header("Content-Type")).contains("application/problem+json");
			}
			var asPdf = fetch("/api/v1/sales/" + unknown + "/invoice.pdf", api().token("MANAGER"), "Accept",
					"application/pdf");
			assertThat(asPdf.status()).isEqualTo(404);
			var malformed = api().get("/api/v1/sales/not-a-uuid/invoice.pdf", api().token("MANAGER"));
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(malformed.errorFields()).contains("id");
		}

		@Test
		void theWrongRoleIs403AndAnotherLocationsUser404() {
			var shop = shop();
			var sale = sell(shop.location(), List.of(line(shop.tea(), "1")), cash("118.00", null), null, null).json();
			var path = "/api/v1/sales/" + sale.path("id").asString() + "/invoice.pdf";
			assertThat(api().get(path, api().token("EMPLOYEE")).status()).isEqualTo(403);
			assertThat(api().get(path, api().token("DRIVER")).status()).isEqualTo(403);
			assertThat(api().get(path, null).status()).isEqualTo(401);
			var elsewhere = api().tokenForNewUser("elsewhere-" + System.nanoTime(), List.of("MANAGER"),
					List.of(shop.otherLocation()));
			assertThat(api().get(path, elsewhere).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/sales/" + sale.path("id").asString() + "/receipt.pdf", elsewhere).status())
				.isEqualTo(404);
			var here = api().tokenForNewUser("here-" + System.nanoTime(), List.of("CASHIER"), List.of(shop.location()));
			assertThat(fetch(path, here).status()).isEqualTo(200);
		}
	}

	@Nested
	class Batches {

		private Map<String, Object> batch(String kind, String location, LocalDate from, LocalDate to) {
			var body = new LinkedHashMap<String, Object>();
			body.put("kind", kind);
			body.put("location_id", location);
			body.put("from", from.toString());
			body.put("to", to.toString());
			return body;
		}

		@Test
		void aBatchWhoseJobFailedSaysSoInsteadOfWaitingForEver() {
			var location = UUID.fromString(location("29"));
			var admin = api().adminToken();
			var adminId = UUID.fromString(api().get("/api/v1/me", admin).json().path("id").asString());
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			var id = UUID.randomUUID();
			// A job that cannot make its batch (it names one that does not exist) fails after its attempts.
			transactions.executeWithoutResult(tx -> {
				batchStore.insert(new BatchStore.Row(id, "INVOICES", location, today, today, "QUEUED", null, adminId, 0,
						null, null, null, java.time.Instant.now(), null, null));
				var job = jobs.submit(BatchJob.KIND, TestClient.JSON.createObjectNode().put("batch_id", UUID.randomUUID().toString()),
						adminId);
				batchStore.setJob(id, job);
				events.append("document_batch.created", "document_batch", id, location, Map.of("job_id", job));
			});
			await().atMost(Duration.ofSeconds(60))
				.until(() -> api().get("/api/v1/documents/batches/" + id, admin).json().path("state").asString().equals("failed"));
			var file = api().get("/api/v1/documents/batches/" + id + "/file", admin);
			assertThat(file.status()).as(file.toString()).isEqualTo(409);
			assertThat(file.json().path("code").asString()).isEqualTo("batch_failed");
		}

		private long batches() {
			return count("SELECT count(*) FROM document_batches") + count("SELECT count(*) FROM job_runs WHERE kind = 'documents.batch'");
		}

		@Test
		void aBatchZipsTheInvoicesOfItsPeriodInTheBackground() throws IOException {
			var location = location("29");
			var shop = shop();
			for (int i = 0; i < 3; i++) {
				sell(location, List.of(line(shop.tea(), "1")), cash("118.00", null), null, null);
			}
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			var manager = api().token("MANAGER");
			var key = key();
			var created = api().post("/api/v1/documents/batches", manager, batch("invoices", location, today.minusDays(2),
					today), key);
			assertThat(created.status()).as(created.toString()).isEqualTo(202);
			var id = created.json().path("id").asString();
			assertThat(created.header("Location")).isEqualTo("/api/v1/documents/batches/" + id);
			assertThat(created.json().path("expected_count").asLong()).isEqualTo(3);
			assertThat(created.json().path("kind").asString()).isEqualTo("invoices");
			var repeat = api().post("/api/v1/documents/batches", manager, batch("invoices", location, today.minusDays(2),
					today), key);
			assertThat(repeat.json().path("id").asString()).isEqualTo(id);

			await().atMost(Duration.ofSeconds(60))
				.until(() -> api().get("/api/v1/documents/batches/" + id, manager).json().path("state").asString()
					.equals("succeeded"));
			var batch = api().get("/api/v1/documents/batches/" + id, manager).json();
			assertThat(batch.path("document_count").asLong()).isEqualTo(3);
			assertThat(batch.path("done").asLong()).isEqualTo(3);
			var fileUrl = batch.path("file_url").asString();
			assertThat(fileUrl).isEqualTo("/api/v1/documents/batches/" + id + "/file");
			var job = api().get("/api/v1/jobs/" + batch.path("job_id").asString(), manager).json();
			assertThat(job.path("result_url").asString()).isEqualTo(fileUrl);
			assertThat(job.path("total").asLong()).isEqualTo(3);
			assertThat(job.path("done").asLong()).isEqualTo(3);

			var file = fetch(fileUrl, manager);
			assertThat(file.status()).isEqualTo(200);
			assertThat(file.header("Content-Type")).isEqualTo("application/zip");
			assertThat(file.header("Content-Disposition")).contains("attachment").contains(".zip");
			int pdfs = 0;
			try (var zip = new ZipInputStream(new ByteArrayInputStream(file.body()))) {
				for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
					assertThat(entry.getName()).startsWith("invoice-").endsWith(".pdf").doesNotContain("/");
					assertThat(parse(zip.readAllBytes()).text()).contains("TAX INVOICE", "118.00");
					pdfs++;
				}
			}
			assertThat(pdfs).isEqualTo(3);
			assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id
					+ "' AND type IN ('document_batch.created', 'document_batch.completed')")).isEqualTo(2);

			// only who may see the job and the location gets the batch
			assertThat(api().get("/api/v1/documents/batches/" + id, api().token("CASHIER")).status()).isEqualTo(403);
			var elsewhere = api().tokenForNewUser("batch-elsewhere-" + System.nanoTime(), List.of("MANAGER"),
					List.of(shop.location()));
			assertThat(fetch(fileUrl, elsewhere).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/documents/batches/" + id, elsewhere).status()).isEqualTo(404);

			// once expired, the file is gone and the row says so
			transactions.executeWithoutResult(tx -> {
				// as if the retention had passed; the flag stands in for the event such a change would need
				jdbc.sql("SELECT set_config('kassa.event_appended', 'yes', true)").query(String.class).single();
				jdbc.sql("UPDATE document_batches SET expires_at = now() - interval '1 minute' WHERE id = :id::uuid")
					.param("id", id)
					.update();
			});
			assertThat(batches.expireDue()).isOne();
			assertThat(batches.expireDue()).isZero();
			assertThat(count("SELECT count(*) FROM document_batches WHERE id = '" + id + "' AND file IS NULL")).isOne();
			assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + id
					+ "' AND type = 'document_batch.expired'")).isOne();
			assertThat(api().get("/api/v1/documents/batches/" + id, manager).json().path("state").asString())
				.isEqualTo("expired");
			var gone = api().get(fileUrl, manager);
			assertThat(gone.status()).isEqualTo(410);
			assertThat(gone.json().path("code").asString()).isEqualTo("batch_expired");
		}

		@Test
		void receiptsAreBatchedToo() {
			var location = location("29");
			var shop = shop();
			sell(location, List.of(line(shop.rice(), "2")), cash("84.00", null), null, null);
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			var created = api().post("/api/v1/documents/batches", api().adminToken(),
					batch("RECEIPTS", location, today, today), key());
			assertThat(created.status()).as(created.toString()).isEqualTo(202);
			var id = created.json().path("id").asString();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> api().get("/api/v1/documents/batches/" + id, api().adminToken()).json().path("state")
					.asString().equals("succeeded"));
			var file = fetch("/api/v1/documents/batches/" + id + "/file", api().adminToken());
			assertThat(file.status()).isEqualTo(200);
		}

		@Test
		void badInputIsRefusedAndWritesNothing() {
			var shop = shop();
			var manager = api().token("MANAGER");
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			long before = batches();
			var missing = api().post("/api/v1/documents/batches", manager, Map.of(), key());
			assertThat(missing.status()).isEqualTo(400);
			assertThat(missing.errorFields()).contains("kind", "location_id", "from", "to");
			var wrongKind = api().post("/api/v1/documents/batches", manager, batch("letters", shop.location(), today, today),
					key());
			assertThat(wrongKind.status()).isEqualTo(400);
			assertThat(wrongKind.errorFields()).contains("kind");
			var body = batch("invoices", shop.location(), today, today);
			body.put("from", "yesterday");
			var badDate = api().post("/api/v1/documents/batches", manager, body, key());
			assertThat(badDate.status()).isEqualTo(400);
			assertThat(badDate.errorFields()).contains("from");
			body = batch("invoices", shop.location(), today, today);
			body.put("location_id", 42);
			assertThat(api().post("/api/v1/documents/batches", manager, body, key()).status()).isEqualTo(400);
			var unknownLocation = api().post("/api/v1/documents/batches", manager,
					batch("invoices", UUID.randomUUID().toString(), today, today), key());
			assertThat(unknownLocation.status()).isEqualTo(400);
			assertThat(unknownLocation.errorFields()).contains("location_id");
			var backwards = api().post("/api/v1/documents/batches", manager,
					batch("invoices", shop.location(), today, today.minusDays(1)), key());
			assertThat(backwards.status()).isEqualTo(400);
			assertThat(backwards.errorFields()).contains("from");
			var tooLong = api().post("/api/v1/documents/batches", manager,
					batch("invoices", shop.location(), today.minusDays(31), today), key());
			assertThat(tooLong.status()).isEqualTo(422);
			assertThat(tooLong.json().path("code").asString()).isEqualTo("batch_period_too_long");
			var noKey = api().post("/api/v1/documents/batches", manager, batch("invoices", shop.location(), today, today));
			assertThat(noKey.status()).isEqualTo(400);
			assertThat(api().post("/api/v1/documents/batches", api().token("CASHIER"),
					batch("invoices", shop.location(), today, today), key()).status()).isEqualTo(403);
			var elsewhere = api().tokenForNewUser("batcher-" + System.nanoTime(), List.of("MANAGER"),
					List.of(shop.otherLocation()));
			assertThat(api().post("/api/v1/documents/batches", elsewhere, batch("invoices", shop.location(), today, today),
					key()).status()).isEqualTo(403);
			assertThat(batches()).isEqualTo(before);
		}

		@Test
		void aPeriodWithMoreSalesThanABatchHoldsIsRefused() {
			var location = location("29");
			var shop = shop();
			for (int i = 0; i < 7; i++) {
				sell(location, List.of(line(shop.rice(), "1")), cash("42.00", null), null, null);
			}
			long before = batches();
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			var response = api().post("/api/v1/documents/batches", api().token("MANAGER"),
					batch("invoices", location, today, today), key());
			assertThat(response.status()).isEqualTo(422);
			assertThat(response.json().path("code").asString()).isEqualTo("batch_too_large");
			assertThat(batches()).isEqualTo(before);
		}

		@Test
		void theSameKeySentConcurrentlyMakesOneBatch() throws Exception {
			var location = location("29");
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			var key = key();
			var manager = api().token("MANAGER");
			var answers = new ArrayList<java.util.concurrent.Future<TestClient.Response>>();
			try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
				var start = new java.util.concurrent.CountDownLatch(1);
				for (int i = 0; i < 6; i++) {
					answers.add(executor.submit(() -> {
						start.await();
						return api().post("/api/v1/documents/batches", manager, batch("receipts", location, today, today),
								key);
					}));
				}
				start.countDown();
			}
			var ids = new java.util.HashSet<String>();
			for (var answer : answers) {
				assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(202);
				ids.add(answer.get().json().path("id").asString());
			}
			assertThat(ids).hasSize(1);
			assertThat(count("SELECT count(*) FROM document_batches WHERE location_id = '" + location + "'")).isOne();
		}

		@Test
		void batchesAreListedNewestFirstForTheLocationsTheUserMaySee() {
			var location = location("29");
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			var manager = api().token("MANAGER");
			var first = id(api().post("/api/v1/documents/batches", manager, batch("receipts", location, today, today), key()));
			var second = id(api().post("/api/v1/documents/batches", manager, batch("invoices", location, today, today), key()));
			var page = api().get("/api/v1/documents/batches?location_id=" + location + "&limit=1", manager);
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.json().path("items")).hasSize(1);
			assertThat(page.json().path("items").get(0).path("id").asString()).isEqualTo(second);
			var next = api().get("/api/v1/documents/batches?location_id=" + location + "&limit=1&cursor="
					+ page.json().path("next_cursor").asString(), manager);
			assertThat(next.json().path("items").get(0).path("id").asString()).isEqualTo(first);

			var elsewhere = api().tokenForNewUser("lister-" + System.nanoTime(), List.of("MANAGER"),
					List.of(shop().otherLocation()));
			assertThat(api().get("/api/v1/documents/batches?location_id=" + location, elsewhere).status()).isEqualTo(403);
			var theirs = api().get("/api/v1/documents/batches", elsewhere).json().path("items");
			theirs.forEach(item -> assertThat(item.path("location_id").asString()).isEqualTo(shop().otherLocation()));
			assertThat(api().get("/api/v1/documents/batches?limit=0", manager).errorFields()).contains("limit");
			assertThat(api().get("/api/v1/documents/batches?cursor=%25%25", manager).errorFields()).contains("cursor");
			assertThat(api().get("/api/v1/documents/batches?location_id=nope", manager).status()).isEqualTo(400);
			assertThat(api().get("/api/v1/documents/batches", api().token("CASHIER")).status()).isEqualTo(403);
		}

		@Test
		void anUnknownBatchIs404() {
			var manager = api().token("MANAGER");
			assertThat(api().get("/api/v1/documents/batches/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
			assertThat(api().get("/api/v1/documents/batches/" + UUID.randomUUID() + "/file", manager).status())
				.isEqualTo(404);
			assertThat(api().get("/api/v1/documents/batches/nope/file", manager).status()).isEqualTo(400);
		}
	}
}

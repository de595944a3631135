package dev.kassa.documents;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kassa.support.FakeProviders;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * A sale's receipt or invoice sent through the notifications outbox: email to a real SMTP server
 * (GreenMail) with the PDF attached, WhatsApp to a fake Cloud API (WireMock).
 */
class DocumentSendingIntegrationTests extends IntegrationTestSupport {

	static final FakeProviders PROVIDERS = new FakeProviders();

	static final WireMockServer WHATSAPP = PROVIDERS.whatsApp;

	static final String MESSAGES_PATH = FakeProviders.MESSAGES_PATH;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		PROVIDERS.register(registry);
	}

	@AfterAll
	static void stopProviders() {
		PROVIDERS.close();
	}

	private static final Map<Integer, Shop> SHOPS = new java.util.concurrent.ConcurrentHashMap<>();

	record Shop(String location, String otherLocation, String product, String customer, String customerWithoutEmail) {
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private Shop shop() {
		return SHOPS.computeIfAbsent(port, p -> {
			var admin = api().adminToken();
			var fixtures = new Fixtures(api());
			fixtures.organization();
			var today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
			int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
			api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
					LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
					key());
			var location = fixtures.location("SND1", "29");
			var other = fixtures.location("SND2", "29");
			var product = fixtures.product("SND-" + UUID.randomUUID(), "100.00", Fixtures.GST_18, "name", "Filter Coffee 500g",
					"track_stock", false);
			var customer = api().post("/api/v1/customers", admin,
					Map.of("name", "Asha Rao", "phone", "+919845012399", "email", "asha@example.com"), key());
			var plain = api().post("/api/v1/customers", admin, Map.of("name", "Ravi", "phone", "+919845012398"), key());
			return new Shop(location, other, product, customer.json().path("id").asString(),
					plain.json().path("id").asString());
		});
	}

	private String sale(@Nullable String customer) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", shop().location());
		body.put("lines", List.of(Map.of("product_id", shop().product(), "quantity", 2)));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("236.00"))));
		if (customer != null) {
			body.put("customer_id", customer);
		}
		var created = api().post("/api/v1/sales", api().token("CASHIER"), body, key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private String number(String sale) {
		return api().get("/api/v1/sales/" + sale, api().adminToken()).json().path("number").asString();
	}

	private static List<MimeMessage> mailTo(String address) {
		return PROVIDERS.mailTo(address);
	}

	private static Part attachment(MimeMessage mail) throws Exception {
		var multipart = (Multipart) mail.getContent();
		for (int i = 0; i < multipart.getCount(); i++) {
			if (Part.ATTACHMENT.equalsIgnoreCase(multipart.getBodyPart(i).getDisposition())) {
				return multipart.getBodyPart(i);
			}
		}
		throw new AssertionError("no attachment in " + mail.getSubject());
	}

	private long messagesAbout(String sale) {
		return count("SELECT count(*) FROM messages WHERE reference = 'sale:" + sale + "'");
	}

	/** The sale is part of what a send's key stands for: the same key for another sale is not a repeat. */
	@Test
	void theSameKeyForAnotherSaleIsRefusedNotAnsweredWithTheFirstSalesMessage() {
		var first = sale(shop().customer());
		var second = sale(shop().customer());
		var key = key();
		var sent = api().post("/api/v1/sales/" + first + "/send", api().token("CASHIER"), Map.of("channel", "EMAIL"), key);
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		var other = api().post("/api/v1/sales/" + second + "/send", api().token("CASHIER"), Map.of("channel", "EMAIL"), key);
		assertThat(other.status()).as(other.toString()).isEqualTo(422);
		assertThat(other.errorFields()).containsExactly("Idempotency-Key");
		assertThat(messagesAbout(second)).isZero();
	}

	@Test
	void aReceiptIsEmailedToTheSalesCustomerWithItsPdfOncePerKey() throws Exception {
		var sale = sale(shop().customer());
		var key = key();
		var sent = api().post("/api/v1/sales/" + sale + "/send", api().token("CASHIER"), Map.of("channel", "EMAIL"), key);
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		assertThat(sent.json().path("status").asString()).isEqualTo("QUEUED");
		var repeated = api().post("/api/v1/sales/" + sale + "/send", api().token("CASHIER"), Map.of("channel", "EMAIL"), key);
		assertThat(repeated.status()).isEqualTo(202);
		assertThat(repeated.json().path("id").asString()).isEqualTo(sent.json().path("id").asString());
		assertThat(messagesAbout(sale)).isEqualTo(1);

		await().atMost(Duration.ofSeconds(20)).until(() -> !mailTo("asha@example.com").isEmpty());
		var mail = mailTo("asha@example.com").getFirst();
		var number = number(sale);
		assertThat(mail.getSubject()).isEqualTo("Receipt " + number + " from Kassa Traders");
		var pdf = attachment(mail);
		assertThat(pdf.getFileName()).startsWith("receipt-").endsWith(".pdf");
		assertThat(pdf.getContentType()).startsWith("application/pdf");
		try (var document = Loader.loadPDF(pdf.getInputStream().readAllBytes())) {
			var text = new PDFTextStripper().getText(document);
			assertThat(text).contains(number).contains("Filter Coffee 500g").contains("236.00");
		}
		assertThat(mailTo("asha@example.com")).hasSize(1);
	}

	@Test
	void anInvoiceGoesToTheAddressGiven() throws Exception {
		var sale = sale(null);
		var sent = api().post("/api/v1/sales/" + sale + "/send", api().token("MANAGER"),
				Map.of("document", "INVOICE", "channel", "EMAIL", "to", "accounts@example.com"), key());
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20)).until(() -> !mailTo("accounts@example.com").isEmpty());
		var mail = mailTo("accounts@example.com").getFirst();
		var number = number(sale);
		assertThat(mail.getSubject()).isEqualTo("Tax invoice " + number + " from Kassa Traders");
		var pdf = attachment(mail);
		assertThat(pdf.getFileName()).startsWith("invoice-");
		try (var document = Loader.loadPDF(pdf.getInputStream().readAllBytes())) {
			assertThat(new PDFTextStripper().getText(document)).containsIgnoringCase("tax invoice").contains(number);
		}
	}

	@Test
	void aWhatsAppGoesToTheCustomersPhoneAsThePdfWithACaption() throws Exception {
		WHATSAPP.stubFor(post(urlEqualTo(FakeProviders.MEDIA_PATH))
			.willReturn(aResponse().withStatus(200).withBody("{\"id\":\"media-sale\"}")));
		WHATSAPP.stubFor(post(urlEqualTo(MESSAGES_PATH))
			.willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.SALE\"}]}")));
		var sale = sale(shop().customer());
		var sent = api().post("/api/v1/sales/" + sale + "/send", api().token("CASHIER"), Map.of("channel", "WHATSAPP"),
				key());
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		var number = number(sale);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> WHATSAPP.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
				.withHeader("Authorization", equalTo("Bearer test-token"))
				.withRequestBody(matchingJsonPath("$.to", equalTo("919845012399")))
				.withRequestBody(matchingJsonPath("$.type", equalTo("document")))
				.withRequestBody(matchingJsonPath("$.document.id", equalTo("media-sale")))
				.withRequestBody(matchingJsonPath("$.document.filename", containing("receipt-")))
				.withRequestBody(matchingJsonPath("$.document.caption", containing(number)))
				.withRequestBody(matchingJsonPath("$.document.caption", containing("236.00")))));
		var uploads = WHATSAPP.findAll(postRequestedFor(urlEqualTo(FakeProviders.MEDIA_PATH)));
		assertThat(uploads).hasSize(1);
		try (var document = Loader.loadPDF(uploads.getFirst().getPart("file").getBody().asBytes())) {
			assertThat(new PDFTextStripper().getText(document)).contains(number);
		}
	}

	@Test
	void refusalsQueueNothing() {
		var cashier = api().token("CASHIER");
		var anonymous = sale(null);
		var noEmail = sale(shop().customerWithoutEmail());
		var sale = sale(shop().customer());

		var noRecipient = api().post("/api/v1/sales/" + anonymous + "/send", cashier, Map.of("channel", "EMAIL"), key());
		assertThat(noRecipient.status()).isEqualTo(400);
		assertThat(noRecipient.errorFields()).containsExactly("to");
		var customerWithoutEmail = api().post("/api/v1/sales/" + noEmail + "/send", cashier, Map.of("channel", "EMAIL"),
				key());
		assertThat(customerWithoutEmail.status()).isEqualTo(400);
		assertThat(customerWithoutEmail.errorFields()).containsExactly("to");

		List<TestClient.Response> refused = new ArrayList<>();
		refused.add(api().post("/api/v1/sales/" + sale + "/send", cashier, Map.of("channel", "PIGEON"), key()));
		refused.add(api().post("/api/v1/sales/" + sale + "/send", cashier, Map.of("document", "INVOICE"), key()));
		refused.add(api().post("/api/v1/sales/" + sale + "/send", cashier, Map.of("channel", 7, "to", List.of()), key()));
		refused.add(api().post("/api/v1/sales/" + sale + "/send", cashier,
				Map.of("channel", "EMAIL", "to", "x".repeat(250) + "@example.com"), key()));
		refused.add(api().post("/api/v1/sales/" + sale + "/send", cashier, Map.of("channel", "EMAIL", "to", "not an address"),
				key()));
		refused.add(api().send("POST", "/api/v1/sales/" + sale + "/send", cashier, "{\"channel\":", Map.of("Idempotency-Key", key())));
		for (var response : refused) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
		}
		var noKey = api().post("/api/v1/sales/" + sale + "/send", cashier, Map.of("channel", "EMAIL"));
		assertThat(noKey.status()).as(noKey.toString()).isEqualTo(400);

		assertThat(api().post("/api/v1/sales/" + UUID.randomUUID() + "/send", cashier, Map.of("channel", "EMAIL"), key())
			.status()).isEqualTo(404);
		assertThat(api().post("/api/v1/sales/not-a-uuid/send", cashier, Map.of("channel", "EMAIL"), key()).status())
			.isEqualTo(400);
		for (var role : List.of("EMPLOYEE", "DRIVER")) {
			assertThat(api().post("/api/v1/sales/" + sale + "/send", api().token(role), Map.of("channel", "EMAIL"), key())
				.status()).isEqualTo(403);
		}
		var elsewhere = api().tokenForNewUser("snd-elsewhere-" + System.nanoTime(), List.of("CASHIER"),
				List.of(shop().otherLocation()));
		assertThat(api().post("/api/v1/sales/" + sale + "/send", elsewhere, Map.of("channel", "EMAIL"), key()).status())
			.isEqualTo(404);

		for (var id : List.of(anonymous, noEmail, sale)) {
			assertThat(messagesAbout(id)).isZero();
		}
	}
}

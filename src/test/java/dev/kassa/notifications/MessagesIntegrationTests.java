package dev.kassa.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.support.FakeProviders;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** Email through a real SMTP server (GreenMail), WhatsApp through a fake Cloud API (WireMock). */
class MessagesIntegrationTests extends IntegrationTestSupport {

	static final FakeProviders PROVIDERS = new FakeProviders();

	static final WireMockServer WHATSAPP = PROVIDERS.whatsApp;

	static final String MESSAGES_PATH = FakeProviders.MESSAGES_PATH;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		PROVIDERS.register(registry);
		FakeProviders.quickDispatch(registry);
		registry.add("kassa.notifications.max-attempts", () -> "3");
	}

	@AfterAll
	static void stopProviders() {
		PROVIDERS.close();
	}

	@Autowired
	Messages messages;

	@Autowired
	MessageDispatcher dispatcher;

	@Autowired
	MessageStore store;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MessageRetention retention;

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private List<MimeMessage> mailTo(String address) {
		return PROVIDERS.mailTo(address);
	}

	private String status(UUID id) {
		return jdbc.sql("SELECT status FROM messages WHERE id = :id").param("id", id).query(String.class).single();
	}

	@Test
	void aMessageQueuedInATransactionThatRollsBackIsNeverSent() {
		transactions.executeWithoutResult(tx -> {
			messages.enqueue(OutboundMessage.email("rolled-back@example.com", "Never", "This change rolled back"));
			tx.setRollbackOnly();
		});
		assertThat(messages.canSend(Channel.EMAIL)).isTrue();
		assertThat(messages.canSend(Channel.WHATSAPP)).isTrue();
		var committed = transactions.execute(tx -> {
			events.append("sale.completed", "sale", UUID.randomUUID(), null, Map.of("total", 10));
			return messages.enqueue(OutboundMessage.email("committed@example.com", "Receipt", "Thank you"));
		});
		// the dispatcher sends in the order messages fell due: once the later one is sent, the earlier would have been
		await().atMost(Duration.ofSeconds(20)).until(() -> status(committed.id()).equals("SENT"));
		assertThat(mailTo("committed@example.com")).hasSize(1);
		assertThat(mailTo("rolled-back@example.com")).isEmpty();
		assertThat(count("SELECT count(*) FROM messages WHERE recipient = 'rolled-back@example.com'")).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.queued' AND aggregate_id = '" + committed.id() + "'"))
			.isEqualTo(1);
	}

	@Test
	void aCommittedMessageIsSentExactlyOnceWhileSeveralDispatchersRace() throws Exception {
		int n = 40;
		var ids = transactions.execute(tx -> {
			var queued = new ArrayList<UUID>();
			for (int i = 0; i < n; i++) {
				queued.add(messages.enqueue(OutboundMessage.email("race-" + i + "@example.com", "Race " + i, "Body " + i)).id());
			}
			return queued;
		});
		// four more dispatchers race the instance's own, each claiming and sending as fast as it can
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = new ArrayList<Future<Integer>>();
			for (int d = 0; d < 4; d++) {
				futures.add(pool.submit(() -> {
					int claimed = 0;
					for (int round = 0; round < 200
							&& count("SELECT count(*) FROM messages WHERE status = 'QUEUED' AND recipient LIKE 'race-%'") > 0; round++) {
						claimed += dispatcher.dispatchDue(true);
					}
					return claimed;
				}));
			}
			for (var future : futures) {
				future.get();
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("SELECT count(*) FROM messages WHERE status = 'SENT' AND recipient LIKE 'race-%'") == n);
		var subjects = new HashSet<String>();
		for (int i = 0; i < n; i++) {
			var received = mailTo("race-" + i + "@example.com");
			assertThat(received).as("race-" + i).hasSize(1);
			subjects.add(received.getFirst().getSubject());
		}
		assertThat(subjects).hasSize(n);
		for (var id : ids) {
			assertThat(messages.get(id).attempts()).isEqualTo(1);
		}
		assertThat(count("SELECT count(*) FROM message_attempts a JOIN messages m ON m.id = a.message_id WHERE m.recipient LIKE 'race-%'"))
			.isEqualTo(n);
		assertThat(count("SELECT count(*) FROM events e JOIN messages m ON m.id = e.aggregate_id WHERE e.type = 'message.sent' AND m.recipient LIKE 'race-%'"))
			.isEqualTo(n);
	}

	@Test
	void aMessageClaimedByADispatcherThatDiedIsSentOnceItsLeaseRunsOut() throws Exception {
		var deadToken = UUID.randomUUID();
		var queued = transactions.execute(tx -> {
			var message = messages.enqueue(OutboundMessage.email("orphan@example.com", "Orphan", "Its first dispatcher died"));
			// as a dispatcher that claimed it and died before recording anything leaves it
			jdbc.sql("UPDATE messages SET claimed_until = now() + interval '5 seconds', claim_token = :token WHERE id = :id")
				.param("token", deadToken)
				.param("id", message.id())
				.update();
			return message;
		});
		dispatcher.dispatchDue(true);
		assertThat(jdbc.sql("SELECT claim_token FROM messages WHERE id = :id").param("id", queued.id()).query(UUID.class).single())
			.as("nobody takes a message while its lease runs")
			.isEqualTo(deadToken);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(queued.id()).equals("SENT"));
		assertThat(mailTo("orphan@example.com")).hasSize(1);
		assertThat(messages.get(queued.id()).attempts()).isEqualTo(1);
		// the dead dispatcher, were it to come back, could not record over the one that took over
		var stale = new MessageStore.Claimed(queued.id(), Channel.EMAIL, "orphan@example.com", "Orphan", "x", null, 0, 8,
				deadToken);
		Boolean recorded = transactions.execute(tx -> store.finish(stale, MessageStatus.FAILED, null, "late", null, java.time.Instant.now()));
		assertThat(recorded).isFalse();
		assertThat(status(queued.id())).isEqualTo("SENT");
	}

	@Test
	void theAttachmentsOfMessagesFinishedLongAgoAreRemovedAndTheMessagesStay() {
		byte[] pdf = "%PDF-1.7 old receipt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		var old = messages.enqueue(OutboundMessage.email("old-receipt@example.com", "Old", "Attached.")
			.withAttachment("receipt-1.pdf", "application/pdf", pdf));
		var recent = messages.enqueue(OutboundMessage.email("new-receipt@example.com", "New", "Attached.")
			.withAttachment("receipt-2.pdf", "application/pdf", pdf));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> status(old.id()).equals("SENT") && status(recent.id()).equals("SENT"));
		// one finished 31 days ago (updated_at is bookkeeping: changing it needs no event), one just now
		jdbc.sql("UPDATE messages SET updated_at = now() - interval '31 days' WHERE id = :id").param("id", old.id()).update();

		assertThat(retention.removeExpiredAttachments()).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM message_attachments WHERE message_id = '" + old.id() + "'")).isZero();
		assertThat(count("SELECT count(*) FROM message_attachments WHERE message_id = '" + recent.id() + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.attachments_removed' AND aggregate_id = '"
				+ old.id() + "' AND payload->>'files' = '1' AND payload->>'bytes' = '" + pdf.length + "'")).isEqualTo(1);
		var read = messages.get(old.id());
		assertThat(read.status()).isEqualTo(MessageStatus.SENT);
		assertThat(read.attachments()).isEmpty();
		assertThat(read.attempts()).isEqualTo(1);
		// a second sweep finds nothing more and appends nothing
		assertThat(retention.removeExpiredAttachments()).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.attachments_removed'")).isEqualTo(1);
	}

	@Test
	void messagesFinishedLongerAgoThanTheirRetentionAreRemovedWithTheirAttemptsAndAttachments() {
		byte[] pdf = "%PDF-1.7 ancient receipt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		var ancient = messages.enqueue(OutboundMessage.email("ancient@example.com", "Ancient", "Attached.")
			.withAttachment("receipt-0.pdf", "application/pdf", pdf));
		var recent = messages.enqueue(OutboundMessage.email("recent@example.com", "Recent", "Kept."));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> status(ancient.id()).equals("SENT") && status(recent.id()).equals("SENT"));
		// still queued (held by a lease no dispatcher will give back, taken before any could claim it)
		var waiting = transactions.execute(tx -> {
			var queued = messages.enqueue(OutboundMessage.email("waiting@example.com", "Waiting", "Not yet."));
			jdbc.sql("UPDATE messages SET claimed_until = now() + interval '1 day', claim_token = gen_random_uuid()"
					+ " WHERE id = :id")
				.param("id", queued.id())
				.update();
			return queued;
		});
		// finished 401 days ago; the queued one as old is not finished and stays whatever its age
		jdbc.sql("UPDATE messages SET updated_at = now() - interval '401 days' WHERE id IN (:ids)")
			.param("ids", List.of(ancient.id(), waiting.id()))
			.update();

		assertThat(retention.removeExpiredMessages()).isEqualTo(1);
		for (var table : List.of("messages WHERE id", "message_attachments WHERE message_id",
				"message_attempts WHERE message_id")) {
			assertThat(count("SELECT count(*) FROM " + table + " = '" + ancient.id() + "'")).as(table).isZero();
		}
		assertThat(count("SELECT count(*) FROM messages WHERE id IN ('" + recent.id() + "', '" + waiting.id() + "')"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.removed' AND aggregate_id = '" + ancient.id()
				+ "' AND payload->>'status' = 'SENT' AND payload->>'retention' = 'PT9600H'")).isEqualTo(1);
		// its history stays readable in the event log, with the address masked as it always was
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + ancient.id() + "'")).isEqualTo(3);
		assertThat(count("SELECT count(*) FROM events WHERE aggregate_id = '" + ancient.id()
				+ "' AND payload::text LIKE '%ancient@example.com%'")).isZero();
		assertThat(api().get("/api/v1/messages/" + ancient.id(), api().token("MANAGER")).status()).isEqualTo(404);
		assertThat(retention.removeExpiredMessages()).isZero();
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.removed'")).isEqualTo(1);
	}

	@Test
	void anEmailCarriesItsAttachment() throws Exception {
		byte[] pdf = "%PDF-1.7 receipt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		var queued = messages.enqueue(OutboundMessage.email("attach@example.com", "Your receipt BLR1/2627/000042", "Attached.")
			.withAttachment("receipt-000042.pdf", "application/pdf", pdf)
			.about("sale:" + UUID.randomUUID()));
		assertThat(queued.attachments()).singleElement()
			.satisfies(a -> assertThat(a.size()).isEqualTo(pdf.length));
		await().atMost(Duration.ofSeconds(20)).until(() -> mailTo("attach@example.com").size() == 1);
		var mail = mailTo("attach@example.com").getFirst();
		assertThat(mail.getFrom()[0].toString()).isEqualTo("shop@kassa.test");
		var multipart = (Multipart) mail.getContent();
		Part attachment = null;
		for (int i = 0; i < multipart.getCount(); i++) {
			if (Part.ATTACHMENT.equalsIgnoreCase(multipart.getBodyPart(i).getDisposition())) {
				attachment = multipart.getBodyPart(i);
			}
		}
		assertThat(attachment).isNotNull();
		assertThat(attachment.getFileName()).isEqualTo("receipt-000042.pdf");
		assertThat(attachment.getContentType()).startsWith("application/pdf");
		assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
		await().atMost(Duration.ofSeconds(10)).until(() -> status(queued.id()).equals("SENT"));
		assertThat(messages.get(queued.id()).providerId()).isNotBlank();
	}

	@Test
	void anEmailSentThroughTheApiIsListedWithItsAttempts() {
		var body = Map.of("channel", "EMAIL", "to", "api@example.com", "subject", "Hello", "text", "From the API");
		var key = key();
		var created = api().post("/api/v1/messages", api().token("MANAGER"), body, key);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var id = created.json().path("id").asString();
		assertThat(created.json().path("status").asString()).isEqualTo("QUEUED");
		var repeated = api().post("/api/v1/messages", api().token("MANAGER"), body, key);
		assertThat(repeated.json().path("id").asString()).isEqualTo(id);
		assertThat(count("SELECT count(*) FROM messages WHERE recipient = 'api@example.com'")).isEqualTo(1);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> api().get("/api/v1/messages/" + id, api().adminToken()).json().path("status").asString().equals("SENT"));
		var read = api().get("/api/v1/messages/" + id, api().adminToken());
		assertThat(read.json().path("attempts").asInt()).isEqualTo(1);
		assertThat(read.json().at("/attempt_log/0/outcome").asString()).isEqualTo("SENT");
		assertThat(read.json().path("sent_at").asString()).isNotBlank();
		assertThat(mailTo("api@example.com")).hasSize(1);

		assertThat(api().post("/api/v1/messages", api().adminToken(),
				Map.of("channel", "EMAIL", "to", "api2@example.com", "subject", "Two", "text", "Second"), key()).status())
			.isEqualTo(201);
		var first = api().get("/api/v1/messages?channel=EMAIL&limit=1", api().token("MANAGER"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().at("/items/0/to").asString()).isEqualTo("api2@example.com");
		var second = api().get("/api/v1/messages?channel=EMAIL&limit=1&cursor=" + first.json().path("next_cursor").asString(),
				api().token("MANAGER"));
		assertThat(second.json().at("/items/0/to").asString()).isEqualTo("api@example.com");
		var sent = api().get("/api/v1/messages?status=SENT&channel=EMAIL&limit=200", api().adminToken());
		sent.json().path("items").forEach(item -> assertThat(item.path("status").asString()).isEqualTo("SENT"));
	}

	private void whatsAppAnswers(String to, ResponseDefinitionBuilder answer) {
		WHATSAPP.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(matchingJsonPath("$.to", equalTo(to)))
			.willReturn(answer));
	}

	/** The Cloud API answers the messages to {@code to} with {@code answers} in turn, then the last one on. */
	private void whatsAppAnswersInTurn(String to, ResponseDefinitionBuilder... answers) {
		var scenario = "answers to " + to;
		for (int i = 0; i < answers.length; i++) {
			var stub = post(urlEqualTo(MESSAGES_PATH)).withRequestBody(matchingJsonPath("$.to", equalTo(to)))
				.inScenario(scenario)
				.whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer " + i)
				.willReturn(answers[i]);
			WHATSAPP.stubFor(i == answers.length - 1 ? stub : stub.willSetStateTo("answer " + (i + 1)));
		}
	}

	@Test
	void aWhatsAppTextGoesToTheCloudApiWithTheBearerToken() {
		whatsAppAnswers("919845012341", aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.ONE\"}]}"));
		var created = api().post("/api/v1/messages", api().token("MANAGER"),
				Map.of("channel", "WHATSAPP", "to", "98450 12341", "text", "Your order is ready"), key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("to").asString()).isEqualTo("+919845012341");
		var id = UUID.fromString(created.json().path("id").asString());
		await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("SENT"));
		assertThat(messages.get(id).providerId()).isEqualTo("wamid.ONE");
		WHATSAPP.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
			.withHeader("Authorization", equalTo("Bearer test-token"))
			.withRequestBody(matchingJsonPath("$.to", equalTo("919845012341")))
			.withRequestBody(matchingJsonPath("$.type", equalTo("text")))
			.withRequestBody(matchingJsonPath("$.text.body", equalTo("Your order is ready"))));

		whatsAppAnswers("919845012345", aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.T\"}]}"));
		var template = messages.enqueue(OutboundMessage.whatsAppTemplate("+919845012345",
				new WhatsAppTemplate("order_ready", "en", List.of("Asha", "BLR1/2627/000042"))));
		await().atMost(Duration.ofSeconds(20)).until(() -> status(template.id()).equals("SENT"));
		WHATSAPP.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
			.withRequestBody(matchingJsonPath("$.to", equalTo("919845012345")))
			.withRequestBody(matchingJsonPath("$.template.name", equalTo("order_ready")))
			.withRequestBody(matchingJsonPath("$.template.components[0].parameters[1].text", equalTo("BLR1/2627/000042"))));
	}

	/** A document goes up to the Cloud API's media first; the message then names the media, the text its caption. */
	@Test
	void aWhatsAppDocumentIsUploadedThenSentWithItsCaption() throws Exception {
		byte[] pdf = "%PDF-1.7 whatsapp receipt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		WHATSAPP.stubFor(post(urlEqualTo(FakeProviders.MEDIA_PATH))
			.withMultipartRequestBody(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("receipt-77.pdf")))
			.willReturn(aResponse().withStatus(200).withBody("{\"id\":\"media-77\"}")));
		whatsAppAnswers("919845012377", aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.DOC\"}]}"));
		var queued = messages.enqueue(OutboundMessage.whatsAppText("+91 98450 12377", "Receipt BLR1/77 from Asha Stores")
			.withAttachment("receipt-77.pdf", "application/pdf", pdf));
		await().atMost(Duration.ofSeconds(20)).until(() -> status(queued.id()).equals("SENT"));
		assertThat(messages.get(queued.id()).providerId()).isEqualTo("wamid.DOC");

		var uploads = WHATSAPP.findAll(postRequestedFor(urlEqualTo(FakeProviders.MEDIA_PATH))
			.withAnyRequestBodyPart(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("receipt-77.pdf"))));
		assertThat(uploads).hasSize(1);
		var upload = uploads.getFirst();
		assertThat(upload.getHeader("Authorization")).isEqualTo("Bearer test-token");
		assertThat(upload.getHeader("Content-Type")).startsWith("multipart/form-data");
		assertThat(upload.getPart("file").getBody().asBytes()).isEqualTo(pdf);
		assertThat(upload.getPart("file").getHeader("Content-Type").firstValue()).isEqualTo("application/pdf");
		assertThat(upload.getPart("messaging_product").getBody().asString()).isEqualTo("whatsapp");
		assertThat(upload.getPart("type").getBody().asString()).isEqualTo("application/pdf");
		WHATSAPP.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
			.withRequestBody(matchingJsonPath("$.to", equalTo("919845012377")))
			.withRequestBody(matchingJsonPath("$.type", equalTo("document")))
			.withRequestBody(matchingJsonPath("$.document.id", equalTo("media-77")))
			.withRequestBody(matchingJsonPath("$.document.filename", equalTo("receipt-77.pdf")))
			.withRequestBody(matchingJsonPath("$.document.caption", equalTo("Receipt BLR1/77 from Asha Stores"))));
	}

	/**
	 * A document whose message the provider refuses for a while is uploaded once: the retries send the media
	 * the first attempt uploaded, which the message keeps.
	 */
	@Test
	void aRetriedWhatsAppDocumentIsUploadedOnce() {
		byte[] pdf = "%PDF-1.7 retried receipt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		WHATSAPP.stubFor(post(urlEqualTo(FakeProviders.MEDIA_PATH))
			.withMultipartRequestBody(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("retried-80.pdf")))
			.willReturn(aResponse().withStatus(200).withBody("{\"id\":\"media-80\"}")));
		whatsAppAnswersInTurn("919845012380",
				aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"Service unavailable\"}}"),
				aResponse().withStatus(502),
				aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.RETRIED\"}]}"));
		var matcher = matchingJsonPath("$.to", equalTo("919845012380"));
		var queued = messages.enqueue(OutboundMessage.whatsAppText("+91 98450 12380", "Receipt BLR1/80")
			.withAttachment("retried-80.pdf", "application/pdf", pdf));
		await().atMost(Duration.ofSeconds(40)).until(() -> !status(queued.id()).equals("QUEUED"));
		var message = messages.get(queued.id());
		assertThat(message.status()).as(message.toString()).isEqualTo(MessageStatus.SENT);
		assertThat(message.attemptLog()).extracting(Message.Attempt::outcome).containsExactly("RETRYING", "RETRYING", "SENT");
		assertThat(WHATSAPP.findAll(postRequestedFor(urlEqualTo(FakeProviders.MEDIA_PATH))
			.withAnyRequestBodyPart(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("retried-80.pdf"))))).hasSize(1);
		WHATSAPP.verify(3, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(matcher)
			.withRequestBody(matchingJsonPath("$.document.id", equalTo("media-80"))));
		assertThat(count("SELECT count(*) FROM message_attachments WHERE message_id = '" + queued.id()
				+ "' AND provider_media_id = 'media-80'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.retrying' AND aggregate_id = '" + queued.id()
				+ "' AND payload->>'uploaded_media' = 'media-80'")).isEqualTo(1);
	}

	/** An upload the provider refuses fails the message for good, names the step, and sends no message. */
	@Test
	void aRefusedUploadFailsTheMessageWithoutSendingIt() {
		WHATSAPP.stubFor(post(urlEqualTo(FakeProviders.MEDIA_PATH))
			.withMultipartRequestBody(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("refused-78.pdf")))
			.willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"Unsupported file\"}}")));
		var queued = messages.enqueue(OutboundMessage.whatsAppText("+91 98450 12378", "Receipt")
			.withAttachment("refused-78.pdf", "application/pdf", new byte[] { '%', 'P', 'D', 'F' }));
		await().atMost(Duration.ofSeconds(20)).until(() -> status(queued.id()).equals("FAILED"));
		var message = messages.get(queued.id());
		assertThat(message.attemptLog()).hasSize(1);
		assertThat(message.attemptLog().getFirst().statusCode()).isEqualTo(400);
		assertThat(message.attemptLog().getFirst().error()).isEqualTo("media upload: HTTP 400: Unsupported file");
		WHATSAPP.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH))
			.withRequestBody(matchingJsonPath("$.to", equalTo("919845012378"))));
	}

	@Test
	void aWhatsAppDocumentIsOneFileOfADocumentTypeWithAShortCaptionAndNoTemplate() {
		byte[] pdf = { '%', 'P', 'D', 'F' };
		var base = OutboundMessage.whatsAppText("+919845012379", "Receipt");
		Map<String, OutboundMessage> refused = Map.of(
				"attachments", base.withAttachment("a.pdf", "application/pdf", pdf).withAttachment("b.pdf", "application/pdf", pdf),
				"attachments[0].content_type", base.withAttachment("photo.exe", "application/x-msdownload", pdf),
				"text", OutboundMessage.whatsAppText("+919845012379", "x".repeat(Messages.MAX_WHATSAPP_CAPTION + 1))
					.withAttachment("a.pdf", "application/pdf", pdf),
				"template", new OutboundMessage(Channel.WHATSAPP, "+919845012379", null, null,
						new WhatsAppTemplate("order_ready", "en", List.of()), List.of(), null, null)
					.withAttachment("a.pdf", "application/pdf", pdf));
		long before = count("SELECT count(*) FROM messages");
		refused.forEach((field, message) -> assertThatThrownBy(() -> messages.enqueue(message)).as(field)
			.isInstanceOfSatisfying(ApiException.class,
					ex -> assertThat(ex.errors()).extracting(ApiException.FieldError::field).contains(field)));
		assertThat(count("SELECT count(*) FROM messages")).isEqualTo(before);
		// a document without a caption is fine
		var bare = messages.enqueue(new OutboundMessage(Channel.WHATSAPP, "+919845012379", null, null, null, List.of(),
				null, null).withAttachment("a.pdf", "application/pdf", pdf));
		assertThat(bare.status()).isEqualTo(MessageStatus.QUEUED);
	}

	@Test
	void a5xxAndATimeoutAreRetriedThenTheMessageIsSent() {
		whatsAppAnswersInTurn("919845012342",
				aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"Service unavailable\"}}"),
				aResponse().withStatus(200).withFixedDelay(3000).withBody("{\"messages\":[{\"id\":\"late\"}]}"),
				aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.THIRD\"}]}"));
		var queued = messages.enqueue(OutboundMessage.whatsAppText("+91 98450 12342", "Third time lucky"));
		await().atMost(Duration.ofSeconds(30)).until(() -> !status(queued.id()).equals("QUEUED"));
		var message = messages.get(queued.id());
		assertThat(message.status()).as(message.toString()).isEqualTo(MessageStatus.SENT);
		assertThat(message.providerId()).isEqualTo("wamid.THIRD");
		assertThat(message.attemptLog()).extracting(Message.Attempt::outcome).containsExactly("RETRYING", "RETRYING", "SENT");
		assertThat(message.attemptLog().get(0).statusCode()).isEqualTo(503);
		assertThat(message.attemptLog().get(0).error()).contains("Service unavailable");
		assertThat(message.attemptLog().get(1).error()).contains("timed out");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.retrying' AND aggregate_id = '" + queued.id() + "'"))
			.isEqualTo(2);
	}

	@Test
	void a4xxFailsAtOnceAndA5xxEveryTimeFailsAfterTheLastAttempt() {
		whatsAppAnswers("919845012343", aResponse().withStatus(400)
			.withBody("{\"error\":{\"message\":\"(#131026) Message undeliverable\"}}"));
		whatsAppAnswers("919845012344", aResponse().withStatus(500));
		var refused = messages.enqueue(OutboundMessage.whatsAppText("+919845012343", "Nobody home"));
		var broken = messages.enqueue(OutboundMessage.whatsAppText("+919845012344", "Provider down"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> status(refused.id()).equals("FAILED") && status(broken.id()).equals("FAILED"));
		var first = messages.get(refused.id());
		assertThat(first.attempts()).isEqualTo(1);
		assertThat(first.lastError()).contains("Message undeliverable");
		WHATSAPP.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(matchingJsonPath("$.to", equalTo("919845012343"))));
		var second = messages.get(broken.id());
		assertThat(second.attempts()).isEqualTo(3);
		assertThat(second.attemptLog()).extracting(Message.Attempt::outcome).containsExactly("RETRYING", "RETRYING", "FAILED");
		WHATSAPP.verify(3, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(matchingJsonPath("$.to", equalTo("919845012344"))));
		assertThat(meters.get("kassa.notifications.sends").tag("channel", "WHATSAPP").tag("outcome", "permanent").timer().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(meters.get("kassa.notifications.sends").tag("channel", "WHATSAPP").tag("outcome", "retryable").timer().count())
			.isGreaterThanOrEqualTo(3);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.failed' AND aggregate_id IN ('"
				+ refused.id() + "', '" + broken.id() + "')")).isEqualTo(2);
	}

	@Nested
	class BadInput {

		private void refused(TestClient.Response response, int status, String field) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.errorFields()).contains(field);
		}

		private TestClient.Response send(Object body) {
			return api().post("/api/v1/messages", api().adminToken(), body, key());
		}

		private Map<String, Object> email(Object... pairs) {
			var body = new LinkedHashMap<String, Object>(Map.of("channel", "EMAIL", "to", "ok@example.com", "subject", "S", "text", "T"));
			for (int i = 0; i < pairs.length; i += 2) {
				body.put((String) pairs[i], pairs[i + 1]);
			}
			return body;
		}

		@Test
		void badMessagesAreRefusedAndNothingIsWritten() {
			long before = count("SELECT count(*) FROM messages");
			long eventsBefore = count("SELECT count(*) FROM events");
			refused(send(Map.of("to", "ok@example.com", "subject", "S", "text", "T")), 400, "channel");
			refused(send(email("channel", "FAX")), 400, "channel");
			refused(send(email("channel", 5)), 400, "channel");
			refused(send(email("to", "not-an-address")), 400, "to");
			refused(send(email("to", "a@b")), 400, "to");
			refused(send(email("to", "x".repeat(250) + "@example.com")), 400, "to");
			refused(send(email("subject", null)), 400, "subject");
			refused(send(email("subject", "Two\r\nBcc: everyone@example.com")), 400, "subject");
			refused(send(email("subject", "s".repeat(201))), 400, "subject");
			refused(send(email("text", "t".repeat(100_001))), 400, "text");
			refused(send(Map.of("channel", "WHATSAPP", "to", "12", "text", "Hi")), 400, "to");
			refused(send(Map.of("channel", "WHATSAPP", "to", "call me", "text", "Hi")), 400, "to");
			refused(send(Map.of("channel", "WHATSAPP", "to", "+919845012340", "text", "w".repeat(4097))), 400, "text");
			refused(send(Map.of("channel", "WHATSAPP", "to", "+919845012340")), 400, "text");
			refused(send(Map.of("channel", "WHATSAPP", "to", "+919845012340", "text", "Hi", "subject", "No")), 400, "subject");
			refused(send(Map.of("channel", "WHATSAPP", "to", "+919845012340", "template", Map.of("name", "", "language", "en"))),
					400, "template.name");
			refused(api().post("/api/v1/messages", api().adminToken(), email()), 400, "Idempotency-Key");
			assertThat(api().post("/api/v1/messages", api().adminToken(), "x".repeat(2_000_000), key()).status()).isEqualTo(413);
			refused(api().get("/api/v1/messages?limit=500", api().adminToken()), 400, "limit");
			refused(api().get("/api/v1/messages?status=LOST", api().adminToken()), 400, "status");
			refused(api().get("/api/v1/messages?cursor=***", api().adminToken()), 400, "cursor");
			refused(api().get("/api/v1/messages/not-a-uuid", api().adminToken()), 400, "id");
			assertThat(api().get("/api/v1/messages/" + UUID.randomUUID(), api().adminToken()).status()).isEqualTo(404);
			assertThat(count("SELECT count(*) FROM messages")).isEqualTo(before);
			assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
		}

		@Test
		void onlyManagersAndAdminsSendOrRead() {
			var id = messages.enqueue(OutboundMessage.email("roles@example.com", "Roles", "Who may read")).id();
			long before = count("SELECT count(*) FROM messages");
			for (var role : List.of("CASHIER", "EMPLOYEE", "DRIVER")) {
				var token = api().token(role);
				assertThat(api().post("/api/v1/messages", token, email(), key()).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/messages", token).status()).isEqualTo(403);
				assertThat(api().get("/api/v1/messages/" + id, token).status()).isEqualTo(403);
			}
			assertThat(api().post("/api/v1/messages", null, email(), key()).status()).isEqualTo(401);
			assertThat(count("SELECT count(*) FROM messages")).isEqualTo(before);
		}
	}
}

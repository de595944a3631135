package dev.kassa.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Sends WhatsApp messages through a provider shaped like the WhatsApp Cloud API:
 * {@code POST {base-url}/{phone-number-id}/messages} with a bearer token, a text, a template or a document
 * message.
 * 5xx, 408, 429, timeouts and connection failures are retried; any other 4xx, a redirect (never followed) and a
 * 2xx that names no message id fail for good.
 */
@Component
class WhatsAppSender {

	/**
	 * How long an uploaded document is sent again rather than uploaded again: the Cloud API keeps media 30
	 * days, and a day less leaves room for clocks and a retry in flight.
	 */
	static final Duration MEDIA_KEPT = Duration.ofDays(29);

	private final NotificationSettings.WhatsApp settings;

	private final OutboundHttp http;

	private final JsonMapper json;

	WhatsAppSender(NotificationSettings settings, OutboundHttp http, JsonMapper json) {
		this.settings = settings.whatsapp();
		this.http = http;
		this.json = json;
	}

	boolean configured() {
		return settings.configured();
	}

	/**
	 * Sends one message; answers the provider's message id. With an attachment, the file is uploaded first
	 * ({@code POST {base-url}/{phone-number-id}/media}) and the message is a document naming the uploaded
	 * media, with the text as its caption. An earlier attempt's upload ({@code uploaded}, still kept by the
	 * provider) is sent again instead; a failure after a new upload carries its id for the next attempt.
	 */
	String send(MessageStore.Claimed message, List<Attachment> attachments, @Nullable String uploaded)
			throws SendFailure.Thrown {
		if (!settings.configured()) {
			throw SendFailure.retry(null, "WhatsApp is not configured on this instance (kassa.notifications.whatsapp.*)");
		}
		var body = new LinkedHashMap<String, Object>();
		body.put("messaging_product", "whatsapp");
		body.put("recipient_type", "individual");
		// the Cloud API takes the number in international form without the +
		body.put("to", message.to().startsWith("+") ? message.to().substring(1) : message.to());
		var template = message.template();
		String uploadedNow = null;
		if (!attachments.isEmpty()) {
			var file = attachments.getFirst();
			var document = new LinkedHashMap<String, Object>();
			if (uploaded == null) {
				uploadedNow = upload(file);
			}
			document.put("id", uploaded != null ? uploaded : uploadedNow);
			document.put("filename", file.fileName());
			if (message.text() != null && !message.text().isBlank()) {
				document.put("caption", message.text());
			}
			body.put("type", "document");
			body.put("document", document);
		}
		else if (template != null) {
			body.put("type", "template");
			var parameters = template.parameters().stream().map(p -> Map.of("type", "text", "text", p)).toList();
			var content = new LinkedHashMap<String, Object>();
			content.put("name", template.name());
			content.put("language", Map.of("code", template.language()));
			if (!parameters.isEmpty()) {
				content.put("components", List.of(Map.of("type", "body", "parameters", parameters)));
			}
			body.put("template", content);
		}
		else {
			body.put("type", "text");
			body.put("text", Map.of("preview_url", false, "body", message.text() == null ? "" : message.text()));
		}
		try {
			var answer = http.postJson(endpoint("messages"), json.writeValueAsString(body), authorization());
			var id = accepted(answer, "").path("messages").path(0).path("id").asString("");
			if (id.isBlank()) {
				// a 2xx that is not the Cloud API's answer (a captive portal, a proxy's page, a cut-off body) says
				// nothing was accepted; sending again could reach the customer twice, so it fails for good
				throw SendFailure.permanent(answer.status(), "the answer names no message id: " + start(answer.body()));
			}
			return id;
		}
		catch (SendFailure.Thrown thrown) {
			throw uploadedNow == null ? thrown : thrown.afterUploading(uploadedNow);
		}
	}

	/** Uploads a file as the Cloud API's media; answers its id. */
	private String upload(Attachment file) throws SendFailure.Thrown {
		var answer = http.postFile(endpoint("media"), Map.of("messaging_product", "whatsapp", "type", file.contentType()),
				file, authorization());
		var id = accepted(answer, "media upload: ").path("id").asString("");
		if (id.isBlank()) {
			throw SendFailure.retry(answer.status(), "media upload: the answer names no media id");
		}
		return id;
	}

	private URI endpoint(String what) {
		var base = Objects.requireNonNull(settings.baseUrl(), "sending only when configured").toString()
			.replaceAll("/+$", "");
		return URI.create(base + "/" + settings.phoneNumberId() + "/" + what);
	}

	private Map<String, String> authorization() {
		return Map.of("Authorization", "Bearer " + settings.token());
	}

	/**
	 * The body of a 2xx answer (missing when it is not JSON); any other status fails the attempt: 5xx, 408 and
	 * 429 retryably, the rest for good.
	 */
	private JsonNode accepted(OutboundHttp.Answer answer, String step) throws SendFailure.Thrown {
		int status = answer.status();
		if (status >= 200 && status < 300) {
			try {
				return json.readTree(answer.body());
			}
			catch (RuntimeException ex) {
				return MissingNode.getInstance();
			}
		}
		var error = step + "HTTP " + status + ": " + providerError(answer.body());
		if (status >= 500 || status == 408 || status == 429) {
			throw SendFailure.retry(status, error);
		}
		throw SendFailure.permanent(status, error);
	}

	private static String start(String body) {
		return body.length() > 200 ? body.substring(0, 200) : body;
	}

	/** The Cloud API's {@code error.message} when the body has one, else the body's start. */
	private String providerError(String body) {
		try {
			var message = json.readTree(body).path("error").path("message").asString("");
			if (!message.isBlank()) {
				return message;
			}
		}
		catch (RuntimeException ex) {
			// not JSON: the body itself says what went wrong
		}
		return body.length() > 200 ? body.substring(0, 200) : body;
	}
}

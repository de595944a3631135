package dev.kassa.notifications;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;

/**
 * Outbound messages through an outbox. {@link #enqueue} joins the caller's transaction, so a message
 * exists if and only if the change that caused it commits; a dispatcher on each instance then sends it
 * at least once, retrying with exponential back-off and jitter up to {@code kassa.notifications.max-attempts}
 * attempts. Events ({@code message} aggregate): {@code message.queued}, {@code message.retrying},
 * {@code message.sent}, {@code message.failed}; their payloads name the channel, the attempt and the error,
 * never the body, the attachments or the full address.
 */
@Service
public class Messages {

	/** WhatsApp's limit for a text message. */
	static final int MAX_WHATSAPP_TEXT = 4096;

	/** WhatsApp's own limit on a document's caption. */
	static final int MAX_WHATSAPP_CAPTION = 1024;

	/** What the WhatsApp Cloud API sends as a document. */
	static final List<String> WHATSAPP_DOCUMENT_TYPES = List.of("application/pdf", "text/plain",
			"application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.ms-powerpoint",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation");

	static final int MAX_EMAIL_TEXT = 100_000;

	static final int MAX_SUBJECT = 200;

	static final int MAX_ATTACHMENTS = 10;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\x00-\\x1f\"]{1,200}");

	private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,64}");

	private final MessageStore store;

	private final MessageDispatcher dispatcher;

	private final EmailSender email;

	private final WhatsAppSender whatsApp;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final NotificationSettings settings;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Messages(MessageStore store, MessageDispatcher dispatcher, EmailSender email, WhatsAppSender whatsApp,
			EventLog events, TransactionTemplate transactions, Idempotency idempotency, NotificationSettings settings) {
		this.store = store;
		this.dispatcher = dispatcher;
		this.email = email;
		this.whatsApp = whatsApp;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
		this.settings = settings;
	}

	/**
	 * A message as a client of the API sends it: an email (subject and text) or a WhatsApp text or template.
	 *
	 * @param to an email address, or a phone number (E.164, or national in the default region)
	 */
	public record SendRequest(@NotNull Channel channel, @NotBlank @Size(max = 254) String to,
			@Size(max = MAX_SUBJECT) @Nullable String subject, @Size(max = MAX_EMAIL_TEXT) @Nullable String text,
			@Valid @Nullable WhatsAppTemplate template, @Size(max = 200) @Nullable String reference) {
	}

	/**
	 * Queues a message in the caller's transaction (or a transaction of its own when there is none) and
	 * appends {@code message.queued}. It is sent only once that transaction commits; if it rolls back, the
	 * message never existed.
	 *
	 * @throws ApiException 400 naming the field when the message is not valid, 409 {@code channel_not_configured}
	 *         when this server cannot send on its channel (rather than queueing it for ever)
	 */
	public Message enqueue(OutboundMessage message) {
		var to = checked(message);
		var id = Ids.next();
		var now = clock.instant();
		transactions.executeWithoutResult(tx -> {
			store.insert(id, message, to, settings.maxAttempts(), CurrentUser.currentId(), now);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("channel", message.channel());
			payload.put("to", masked(to));
			payload.put("reference", message.reference());
			payload.put("attachments", message.attachments().size());
			events.append("message.queued", "message", id, message.locationId(), payload);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					dispatcher.wake();
				}
			});
		});
		return get(id);
	}

	/**
	 * {@link #enqueue}, unless {@code limit} messages about the same reference (a sale's receipt and invoice sends)
	 * were queued in the {@code window} before: then 429 {@code send_limit_reached} and nothing queued. Counted under
	 * a lock on the reference, so concurrent sends cannot all slip under the limit.
	 */
	public Message enqueueAtMost(OutboundMessage message, int limit, java.time.Duration window) {
		var reference = java.util.Objects.requireNonNull(message.reference(), "a limited message names its reference");
		return transactions.execute(tx -> {
			if (store.countQueuedSince(reference, clock.instant().minus(window)) >= limit) {
				throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "send_limit_reached", "Already " + limit
						+ " messages about " + reference + " in the last " + window.toHours() + " h; try again later");
			}
			return enqueue(message);
		});
	}

	/**
	 * Whether this server can send on a channel. A module that sends on its own (a receipt after a sale)
	 * asks first, so that an unconfigured channel does not refuse, and roll back, the change that caused it.
	 */
	public boolean canSend(Channel channel) {
		return channel == Channel.EMAIL ? email.configured() : whatsApp.configured();
	}

	/** {@code POST /api/v1/messages}: queues an email or WhatsApp message once per {@code Idempotency-Key}. */
	public Idempotency.Response send(SendRequest request, @Nullable String idempotencyKey) {
		var message = new OutboundMessage(request.channel(), request.to(), request.subject(), request.text(),
				request.template(), List.of(), null, request.reference());
		checked(message);
		return idempotency.run("message:create:" + CurrentUser.currentId(), idempotencyKey, request,
				HttpStatus.CREATED, () -> enqueue(message));
	}

	public Message get(UUID id) {
		return store.find(id).orElseThrow(() -> ApiException.notFound("Message", id));
	}

	/** Messages, newest first. */
	public Page<Message> list(@Nullable MessageStatus status, @Nullable Channel channel, @Nullable String reference,
			@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		if (reference != null && reference.length() > 200) {
			throw ApiException.invalid("reference", "must have at most 200 characters");
		}
		var rows = store.page(new MessageStore.Filter(status, channel, reference), Page.decodeId(cursor), size + 1);
		return Page.of(rows, size, m -> m.id().toString());
	}

	/** Checks a message and answers its recipient in canonical form (E.164 for phone numbers). */
	private String checked(OutboundMessage message) {
		var errors = new ArrayList<ApiException.FieldError>();
		String to = message.to() == null ? "" : message.to().strip();
		switch (message.channel()) {
			case EMAIL -> {
				to = checkEmail(to, errors);
				if (message.subject() == null || message.subject().isBlank()) {
					errors.add(new ApiException.FieldError("subject", "is required for an email"));
				}
				else if (message.subject().length() > MAX_SUBJECT || message.subject().chars().anyMatch(c -> c == '\r' || c == '\n')) {
					errors.add(new ApiException.FieldError("subject", "must be one line of at most " + MAX_SUBJECT + " characters"));
				}
				if (message.text() == null || message.text().isBlank()) {
					errors.add(new ApiException.FieldError("text", "is required for an email"));
				}
				else if (message.text().length() > MAX_EMAIL_TEXT) {
					errors.add(new ApiException.FieldError("text", "must have at most " + MAX_EMAIL_TEXT + " characters"));
				}
				if (message.template() != null) {
					errors.add(new ApiException.FieldError("template", "is for WhatsApp only"));
				}
				checkAttachments(message.attachments(), errors);
			}
			case WHATSAPP -> {
				to = checkPhone(to, errors);
				if (message.subject() != null) {
					errors.add(new ApiException.FieldError("subject", "is for email only"));
				}
				if (!message.attachments().isEmpty()) {
					checkWhatsAppDocument(message, errors);
				}
				else if ((message.text() == null || message.text().isBlank()) == (message.template() == null)) {
					errors.add(new ApiException.FieldError("text", "give either a text or a template"));
				}
				else if (message.text() != null && message.text().length() > MAX_WHATSAPP_TEXT) {
					errors.add(new ApiException.FieldError("text", "must have at most " + MAX_WHATSAPP_TEXT + " characters"));
				}
			}
		}
		if (message.reference() != null && message.reference().length() > 200) {
			errors.add(new ApiException.FieldError("reference", "must have at most 200 characters"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		if (!canSend(message.channel())) {
			var what = message.channel() == Channel.EMAIL
					? "Email is not configured on this server: set spring.mail.host and kassa.notifications.email.from"
					: "WhatsApp is not configured on this server: set kassa.notifications.whatsapp.base-url, phone-number-id and token";
			throw new ApiException(HttpStatus.CONFLICT, "channel_not_configured", what,
					List.of(new ApiException.FieldError("channel", "is not configured on this server")), java.util.Map.of());
		}
		return to;
	}

	private static String checkEmail(String to, List<ApiException.FieldError> errors) {
		if (to.isEmpty() || to.length() > 254 || !EMAIL.matcher(to).matches()) {
			errors.add(new ApiException.FieldError("to", "must be an email address"));
			return to;
		}
		try {
			var address = new InternetAddress(to, true);
			address.validate();
			return address.getAddress();
		}
		catch (AddressException ex) {
			errors.add(new ApiException.FieldError("to", "must be an email address"));
			return to;
		}
	}

	private String checkPhone(String to, List<ApiException.FieldError> errors) {
		if (to.isEmpty() || to.length() > 32 || !to.matches("[0-9+()\\s.-]+")) {
			errors.add(new ApiException.FieldError("to", "must be a phone number"));
			return to;
		}
		var util = PhoneNumberUtil.getInstance();
		try {
			var number = util.parse(to, settings.whatsapp().defaultRegion().toUpperCase(Locale.ROOT));
			if (!util.isValidNumber(number)) {
				errors.add(new ApiException.FieldError("to", "is not a valid phone number"));
				return to;
			}
			return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			errors.add(new ApiException.FieldError("to", "is not a valid phone number"));
			return to;
		}
	}

	/** A WhatsApp document: one file of a type the Cloud API takes as a document, the text its caption. */
	private void checkWhatsAppDocument(OutboundMessage message, List<ApiException.FieldError> errors) {
		checkAttachments(message.attachments(), errors);
		if (message.attachments().size() > 1) {
			errors.add(new ApiException.FieldError("attachments", "WhatsApp takes one document per message"));
		}
		var type = message.attachments().getFirst().contentType();
		if (type == null || !WHATSAPP_DOCUMENT_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
			errors.add(new ApiException.FieldError("attachments[0].content_type",
					"must be one WhatsApp sends as a document: " + String.join(", ", WHATSAPP_DOCUMENT_TYPES)));
		}
		if (message.template() != null) {
			errors.add(new ApiException.FieldError("template", "cannot go with a document"));
		}
		if (message.text() != null && message.text().length() > MAX_WHATSAPP_CAPTION) {
			errors.add(new ApiException.FieldError("text",
					"is the document's caption: at most " + MAX_WHATSAPP_CAPTION + " characters"));
		}
	}

	private void checkAttachments(List<Attachment> attachments, List<ApiException.FieldError> errors) {
		if (attachments.size() > MAX_ATTACHMENTS) {
			errors.add(new ApiException.FieldError("attachments", "at most " + MAX_ATTACHMENTS));
			return;
		}
		long total = 0;
		for (int i = 0; i < attachments.size(); i++) {
			var attachment = attachments.get(i);
			if (attachment.fileName() == null || !FILE_NAME.matcher(attachment.fileName()).matches()) {
				errors.add(new ApiException.FieldError("attachments[" + i + "].file_name",
						"must be a file name of 1 to 200 characters, without a path"));
			}
			if (attachment.contentType() == null
					|| !CONTENT_TYPE.matcher(attachment.contentType().toLowerCase(Locale.ROOT)).matches()) {
				errors.add(new ApiException.FieldError("attachments[" + i + "].content_type", "must be a MIME type"));
			}
			if (attachment.content() == null || attachment.content().length == 0) {
				errors.add(new ApiException.FieldError("attachments[" + i + "].content", "must not be empty"));
			}
			else {
				total += attachment.content().length;
			}
		}
		if (total > settings.maxAttachmentSize().toBytes()) {
			errors.add(new ApiException.FieldError("attachments",
					"must be at most " + settings.maxAttachmentSize().toBytes() + " bytes in all"));
		}
	}

	/** The address as the audit trail keeps it: enough to recognize, not enough to harvest. */
	static String masked(String to) {
		int at = to.indexOf('@');
		if (at > 0) {
			return to.charAt(0) + "***" + to.substring(at);
		}
		return to.length() <= 4 ? "***" : "***" + to.substring(to.length() - 4);
	}
}

package dev.kassa.documents;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.kassa.customers.Customers;
import dev.kassa.notifications.Channel;
import dev.kassa.notifications.Messages;
import dev.kassa.notifications.OutboundMessage;
import dev.kassa.organization.Locations;
import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.sales.Sale;
import dev.kassa.sales.Sales;

/**
 * Sends a sale's receipt or invoice to its customer through the notifications outbox: by email with the
 * PDF attached, or by WhatsApp as the PDF (a document, uploaded to the provider's media) with a one-line
 * caption. The message is queued in its own transaction with its {@code message.queued}
 * event, so a repeat with the same {@code Idempotency-Key} queues nothing more; at most
 * {@code kassa.documents.sends-per-sale-per-day} sends of one sale in 24 h (429 {@code send_limit_reached}).
 */
@Service
class DocumentSending {

	/** Which document of a sale. */
	enum Kind {
		RECEIPT, INVOICE
	}

	/**
	 * @param to an email address or a phone number; without one, the sale's customer's email or phone
	 */
	record SendRequest(@Nullable Kind document, @NotNull Channel channel, @Size(max = 254) @Nullable String to) {
	}

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

	private final Documents documents;

	private final Sales sales;

	private final Customers customers;

	private final Locations locations;

	private final OrganizationService organization;

	private final Messages messages;

	private final Idempotency idempotency;

	private final DocumentSettings settings;

	DocumentSending(Documents documents, Sales sales, Customers customers, Locations locations,
			OrganizationService organization, Messages messages, Idempotency idempotency, DocumentSettings settings) {
		this.documents = documents;
		this.sales = sales;
		this.customers = customers;
		this.locations = locations;
		this.organization = organization;
		this.messages = messages;
		this.idempotency = idempotency;
		this.settings = settings;
	}

	Idempotency.Response send(UUID saleId, SendRequest request, @Nullable String idempotencyKey, CurrentUser user) {
		var sale = sales.get(saleId, user);
		if (!messages.canSend(request.channel())) {
			throw ApiException.conflict("channel_not_configured",
					"This server has no " + request.channel().name().toLowerCase(Locale.ROOT) + " provider configured");
		}
		var to = recipient(sale, request);
		var kind = request.document() == null ? Kind.RECEIPT : request.document();
		// the sale is part of what the key stands for: the same key and body for another sale is a new request
		return idempotency.run("sale:send:" + user.id(), idempotencyKey, new SendOf(saleId, request), HttpStatus.ACCEPTED,
				() -> messages.enqueueAtMost(message(sale, kind, request.channel(), to, user),
						settings.sendsPerSalePerDay(), java.time.Duration.ofDays(1)));
	}

	/** What a send's Idempotency-Key stands for: the sale and the request. */
	record SendOf(UUID saleId, SendRequest request) {
	}

	private String recipient(Sale sale, SendRequest request) {
		if (request.to() != null && !request.to().isBlank()) {
			return request.to().strip();
		}
		var customer = sale.customerId() == null ? null : customers.get(sale.customerId());
		var known = customer == null ? null : request.channel() == Channel.EMAIL ? customer.email() : customer.phone();
		if (known == null || known.isBlank()) {
			throw ApiException.invalid("to", customer == null ? "the sale has no customer: name a recipient"
					: "the customer has no " + (request.channel() == Channel.EMAIL ? "email address" : "phone number")
							+ ": name a recipient");
		}
		return known;
	}

	private OutboundMessage message(Sale sale, Kind kind, Channel channel, String to, CurrentUser user) {
		var profile = organization.requireProfile();
		var shop = profile.tradeName() != null ? profile.tradeName() : profile.legalName();
		var location = locations.get(sale.locationId());
		var day = sale.createdAt().atZone(ZoneId.of(location.timeZone())).format(DAY);
		var what = kind == Kind.INVOICE ? "Tax invoice" : "Receipt";
		var total = Formats.money(sale.total(), sale.currency());
		var reference = "sale:" + sale.id();
		var document = kind == Kind.INVOICE ? documents.invoice(sale.id(), user) : documents.receipt(sale.id(), user);
		if (channel == Channel.WHATSAPP) {
			var caption = "%s %s from %s, %s: %s. Thank you for shopping with us.".formatted(what, sale.number(), shop, day,
					total);
			return OutboundMessage.whatsAppText(to, caption)
				.withAttachment(document.fileName(), document.contentType(), document.content())
				.atLocation(sale.locationId())
				.about(reference);
		}
		var text = """
				Dear customer,

				Attached is the %s %s of your purchase at %s (%s) on %s, for %s.

				Thank you for shopping with us.
				%s
				""".formatted(what.toLowerCase(Locale.ROOT), sale.number(), shop, location.name(), day, total, shop);
		return OutboundMessage.email(to, what + " " + sale.number() + " from " + shop, text)
			.withAttachment(document.fileName(), document.contentType(), document.content())
			.atLocation(sale.locationId())
			.about(reference);
	}
}

package dev.kassa.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A message another module asks to send, built with {@link #email}, {@link #whatsAppText} or
 * {@link #whatsAppTemplate}, then given to {@link Messages#enqueue}.
 *
 * @param reference what the message is about, for people reading the list, e.g. {@code sale:<id>}
 */
public record OutboundMessage(Channel channel, String to, @Nullable String subject, @Nullable String text,
		@Nullable WhatsAppTemplate template, List<Attachment> attachments, @Nullable UUID locationId,
		@Nullable String reference) {

	public OutboundMessage {
		attachments = List.copyOf(attachments);
	}

	public static OutboundMessage email(String to, String subject, String text) {
		return new OutboundMessage(Channel.EMAIL, to, subject, text, null, List.of(), null, null);
	}

	public static OutboundMessage whatsAppText(String to, String text) {
		return new OutboundMessage(Channel.WHATSAPP, to, null, text, null, List.of(), null, null);
	}

	public static OutboundMessage whatsAppTemplate(String to, WhatsAppTemplate template) {
		return new OutboundMessage(Channel.WHATSAPP, to, null, null, template, List.of(), null, null);
	}

	/** This message with one more attachment (email; WhatsApp takes one, sent as a document with the text as caption). */
	public OutboundMessage withAttachment(String fileName, String contentType, byte[] content) {
		var all = new ArrayList<>(attachments);
		all.add(new Attachment(fileName, contentType, content));
		return new OutboundMessage(channel, to, subject, text, template, all, locationId, reference);
	}

	public OutboundMessage atLocation(@Nullable UUID location) {
		return new OutboundMessage(channel, to, subject, text, template, attachments, location, reference);
	}

	public OutboundMessage about(@Nullable String what) {
		return new OutboundMessage(channel, to, subject, text, template, attachments, locationId, what);
	}
}

package dev.kassa.notifications;

import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends email through Spring Boot's {@link JavaMailSender} ({@code spring.mail.*}). Without
 * {@code spring.mail.host} there is no sender and email is refused when queued. Jakarta Mail waits for ever
 * unless told otherwise, so the connect, read and write timeouts are set from {@link NotificationSettings}
 * where {@code spring.mail.properties} does not set them.
 */
@Component
class EmailSender {

	private final @Nullable JavaMailSender mail;

	private final @Nullable String from;

	EmailSender(ObjectProvider<JavaMailSender> mail, NotificationSettings settings) {
		this.mail = mail.getIfAvailable();
		this.from = settings.email().from();
		if (this.mail instanceof JavaMailSenderImpl impl) {
			var properties = impl.getJavaMailProperties();
			String connect = String.valueOf(settings.connectTimeout().toMillis());
			String read = String.valueOf(settings.readTimeout().toMillis());
			for (var protocol : List.of("smtp", "smtps")) {
				properties.putIfAbsent("mail." + protocol + ".connectiontimeout", connect);
				properties.putIfAbsent("mail." + protocol + ".timeout", read);
				properties.putIfAbsent("mail." + protocol + ".writetimeout", read);
			}
		}
	}

	boolean configured() {
		return mail != null && from != null && !from.isBlank();
	}

	/** Sends one email; answers its Message-ID. */
	String send(MessageStore.Claimed message, List<Attachment> attachments) throws SendFailure.Thrown {
		var sender = mail;
		if (sender == null || from == null) {
			throw SendFailure.retry(null, "email is not configured on this instance (spring.mail.host, kassa.notifications.email.from)");
		}
		try {
			var mime = sender.createMimeMessage();
			var helper = new MimeMessageHelper(mime, !attachments.isEmpty(), "UTF-8");
			helper.setFrom(from);
			helper.setTo(message.to());
			helper.setSubject(message.subject() == null ? "" : message.subject());
			helper.setText(message.text() == null ? "" : message.text());
			for (var attachment : attachments) {
				helper.addAttachment(attachment.fileName(), new ByteArrayResource(attachment.content()),
						attachment.contentType());
			}
			sender.send(mime);
			var id = mime.getMessageID();
			return id == null ? "" : id;
		}
		catch (MessagingException | MailParseException | MailPreparationException ex) {
			throw SendFailure.permanent(null, "the message could not be written: " + ex.getMessage());
		}
		catch (MailAuthenticationException ex) {
			// a configuration mistake that an operator can fix: the message waits for it
			throw SendFailure.retry(null, "SMTP authentication failed: " + ex.getMessage());
		}
		catch (MailException ex) {
			throw classify(ex);
		}
	}

	/** An SMTP reply code at the start of an exception's message, as Jakarta Mail's SMTP exceptions carry it. */
	private static final java.util.regex.Pattern REPLY = java.util.regex.Pattern.compile("^\\s*([245]\\d\\d)[ -].*", java.util.regex.Pattern.DOTALL);

	/** A 5xx reply or a refused address fails for good; anything else (4xx, connection, timeout) is retried. */
	private static SendFailure.Thrown classify(MailException ex) {
		int depth = 0;
		for (Throwable cause = ex; cause != null && depth++ < 10; cause = cause.getCause()) {
			if (cause instanceof MessagingException && cause.getMessage() != null) {
				var reply = REPLY.matcher(cause.getMessage());
				if (reply.matches()) {
					int code = Integer.parseInt(reply.group(1));
					var error = cause.getMessage().strip();
					return code >= 500 ? SendFailure.permanent(code, error) : SendFailure.retry(code, error);
				}
			}
			if (cause instanceof SendFailedException failed && failed.getInvalidAddresses() != null
					&& failed.getInvalidAddresses().length > 0) {
				return SendFailure.permanent(null, "address refused: " + failed.getMessage());
			}
		}
		return SendFailure.retry(null, String.valueOf(ex.getMessage()));
	}
}

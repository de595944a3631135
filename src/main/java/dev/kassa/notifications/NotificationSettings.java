package dev.kassa.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of outbound messages and webhooks, bound from {@code kassa.notifications.*}. The SMTP server
 * itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param dispatch whether this instance sends; when false it only queues and other instances send
 * @param poll how often a dispatcher looks for due messages and endpoints with new events
 * @param connectTimeout connect timeout of every outbound call (SMTP, WhatsApp, webhooks)
 * @param readTimeout read timeout of every outbound call (for HTTP, the whole response)
 * @param lease how long a claimed message or endpoint is left to its dispatcher before another instance
 *        may take it over (its process presumed dead); must exceed connect plus read timeout
 * @param maxAttempts attempts of a message before it is FAILED
 * @param retryBase back-off after the first failed attempt; doubles after each, with jitter
 * @param retryMax longest back-off
 * @param concurrency messages sent at once by this instance
 * @param maxAttachmentSize largest total size of a message's attachments
 * @param attachmentRetention how long the attachments of a sent or failed message are kept
 * @param messageRetention how long a sent or failed message (its address, text and attempts) is kept; at
 *        least {@code attachmentRetention}
 */
@ConfigurationProperties("kassa.notifications")
record NotificationSettings(@DefaultValue("true") boolean dispatch, @DefaultValue("1s") Duration poll,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("5m") Duration lease, @DefaultValue("8") int maxAttempts, @DefaultValue("10s") Duration retryBase,
		@DefaultValue("1h") Duration retryMax, @DefaultValue("8") int concurrency,
		@DefaultValue("10MB") DataSize maxAttachmentSize, @DefaultValue("30d") Duration attachmentRetention,
		@DefaultValue("400d") Duration messageRetention, @DefaultValue Email email, @DefaultValue WhatsApp whatsapp,
		@DefaultValue Webhooks webhooks) {

	NotificationSettings {
		if (lease.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
			throw new IllegalArgumentException("kassa.notifications.lease must exceed connect-timeout + read-timeout");
		}
		if (attachmentRetention.isNegative() || messageRetention.compareTo(attachmentRetention) < 0) {
			throw new IllegalArgumentException(
					"kassa.notifications.message-retention must be at least attachment-retention, and neither negative");
		}
		if (maxAttempts < 1 || concurrency < 1) {
			throw new IllegalArgumentException("kassa.notifications.max-attempts and concurrency must be at least 1");
		}
	}

	/** @param from the sender's address; email is refused while it (or {@code spring.mail.host}) is not set */
	record Email(@Nullable String from) {
	}

	/**
	 * A provider shaped like the WhatsApp Cloud API: {@code POST {baseUrl}/{phoneNumberId}/messages} with
	 * {@code Authorization: Bearer {token}}. WhatsApp is refused while any of the three is not set.
	 *
	 * @param defaultRegion the ISO 3166 region a phone number without a + is read in
	 */
	record WhatsApp(@Nullable URI baseUrl, @Nullable String phoneNumberId, @Nullable String token,
			@DefaultValue("IN") String defaultRegion) {

		boolean configured() {
			return baseUrl != null && phoneNumberId != null && !phoneNumberId.isBlank() && token != null
					&& !token.isBlank();
		}
	}

	/**
	 * @param allowHttp whether endpoints may be plain http (never in production: the payload and its
	 *        signature travel in clear)
	 * @param allowPrivateAddresses whether endpoints may be on loopback, private, link-local or other
	 *        internal addresses (refused by default so that a webhook cannot reach into the shop's network)
	 * @param disableAfter consecutive failed deliveries after which an endpoint is disabled
	 * @param batch events read for one endpoint in one round
	 * @param concurrency endpoints delivered to at once by this instance
	 * @param deliveryRetention how long delivery attempts are kept
	 * @param withheldAggregateTypes aggregate types never sent, beyond those always withheld (users,
	 *        bank accounts, webhooks)
	 * @param secretKey base64 of 32 random bytes that seal the endpoints' signing secrets in the database (see
	 *        {@link WebhookSecrets}); unset, they are stored in clear
	 * @param previousSecretKeys keys that sealed before {@code secretKey}: they only open, and every secret
	 *        they sealed is sealed again with {@code secretKey} at start
	 */
	record Webhooks(@DefaultValue("false") boolean allowHttp, @DefaultValue("false") boolean allowPrivateAddresses,
			@DefaultValue("20") int disableAfter, @DefaultValue("100") int batch, @DefaultValue("4") int concurrency,
			@DefaultValue("30d") Duration deliveryRetention, @DefaultValue List<String> withheldAggregateTypes,
			@Nullable String secretKey, @DefaultValue List<String> previousSecretKeys) {
	}
}

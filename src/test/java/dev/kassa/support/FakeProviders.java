package dev.kassa.support;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The outside world a test class sends messages to: a real SMTP server (GreenMail) and a fake WhatsApp
 * Cloud API (WireMock), each on a free port, started at once. A class keeps one in a static field,
 * registers it from its {@code @DynamicPropertySource} and closes it after all its tests.
 */
public final class FakeProviders implements AutoCloseable {

	/** The WhatsApp phone-number id Kassa is configured with; its messages go to {@link #MESSAGES_PATH}. */
	public static final String PHONE_NUMBER_ID = "1234567890";

	public static final String MESSAGES_PATH = "/v21.0/" + PHONE_NUMBER_ID + "/messages";

	/** Where a WhatsApp document is uploaded before the message that sends it. */
	public static final String MEDIA_PATH = "/v21.0/" + PHONE_NUMBER_ID + "/media";

	public final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	public final WireMockServer whatsApp = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	public FakeProviders() {
		smtp.start();
		whatsApp.start();
	}

	/** Points Kassa's email and WhatsApp settings at these fakes and has its dispatcher look every 100 ms. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
		registry.add("kassa.notifications.email.from", () -> "shop@kassa.test");
		registry.add("kassa.notifications.whatsapp.base-url", () -> whatsApp.baseUrl() + "/v21.0");
		registry.add("kassa.notifications.whatsapp.phone-number-id", () -> PHONE_NUMBER_ID);
		registry.add("kassa.notifications.whatsapp.token", () -> "test-token");
		registry.add("kassa.notifications.poll", () -> "100ms");
	}

	/**
	 * Dispatch at test pace, for classes that watch retries and leases: looks every 100 ms, retries after
	 * 50-200 ms, gives up on a peer after 1 s, and holds a claim 30 s.
	 */
	public static void quickDispatch(DynamicPropertyRegistry registry) {
		registry.add("kassa.notifications.poll", () -> "100ms");
		registry.add("kassa.notifications.retry-base", () -> "50ms");
		registry.add("kassa.notifications.retry-max", () -> "200ms");
		registry.add("kassa.notifications.connect-timeout", () -> "1s");
		registry.add("kassa.notifications.read-timeout", () -> "1s");
		registry.add("kassa.notifications.lease", () -> "30s");
	}

	/** The emails the SMTP server has received for an address, oldest first. */
	public List<MimeMessage> mailTo(String address) {
		var found = new ArrayList<MimeMessage>();
		for (var message : smtp.getReceivedMessages()) {
			try {
				if (message.getAllRecipients()[0].toString().equals(address)) {
					found.add(message);
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

	@Override
	public void close() {
		smtp.stop();
		whatsApp.stop();
	}
}

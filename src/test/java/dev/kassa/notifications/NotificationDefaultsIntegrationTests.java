package dev.kassa.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.platform.ApiException;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** With the defaults: no SMTP server, no WhatsApp provider, webhooks https-only and to public addresses only. */
class NotificationDefaultsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Messages messages;

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private void refused(TestClient.Response response, int status, String code, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo(code);
		assertThat(response.errorFields()).contains(field);
	}

	@Test
	void aChannelThatIsNotConfiguredIsRefusedRatherThanQueuedForEver() {
		api().token("MANAGER");
		long eventsBefore = count("SELECT count(*) FROM events");
		var email = api().post("/api/v1/messages", api().token("MANAGER"),
				Map.of("channel", "EMAIL", "to", "someone@example.com", "subject", "Hi", "text", "Hello"), key());
		refused(email, 409, "channel_not_configured", "channel");
		assertThat(email.json().path("detail").asString()).contains("spring.mail.host");
		var whatsApp = api().post("/api/v1/messages", api().token("MANAGER"),
				Map.of("channel", "WHATSAPP", "to", "+919845012345", "text", "Hello"), key());
		refused(whatsApp, 409, "channel_not_configured", "channel");
		assertThat(whatsApp.json().path("detail").asString()).contains("kassa.notifications.whatsapp");
		assertThatThrownBy(() -> messages.enqueue(OutboundMessage.email("someone@example.com", "Receipt", "Attached")
			.withAttachment("r.pdf", "application/pdf", new byte[] { 1 })))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("channel_not_configured"));
		assertThat(messages.canSend(Channel.EMAIL)).isFalse();
		assertThat(messages.canSend(Channel.WHATSAPP)).isFalse();
		assertThat(count("SELECT count(*) FROM messages")).isZero();
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
	}

	@Test
	void webhooksToPlainHttpOrInternalAddressesAreRefused() {
		long eventsBefore = count("SELECT count(*) FROM events");
		for (var url : List.of("http://hooks.example.com/kassa", "https://127.0.0.1/hook", "https://localhost:8443/hook",
				"https://api.localhost/hook", "https://10.1.2.3/hook", "https://192.168.1.20/hook", "https://172.16.0.9/hook",
				"https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook", "https://0.0.0.0/hook",
				"https://[::1]/hook", "https://[fd00::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://2130706433/hook")) {
			var response = api().post("/api/v1/webhooks", api().adminToken(),
					Map.of("url", url, "event_types", List.of("*")), key());
			refused(response, 400, "validation_failed", "url");
		}
		assertThat(count("SELECT count(*) FROM webhooks")).isZero();
		assertThat(count("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
		var created = api().post("/api/v1/webhooks", api().adminToken(),
				Map.of("url", "https://203.0.113.10/kassa", "event_types", List.of("sale.*"), "active", false), key());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("active").asBoolean()).isFalse();
	}
}

package dev.kassa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API7:2023 Server Side Request Forgery: the only outbound address an API caller chooses is a webhook's
 * URL. With the default settings an ADMIN cannot point one at this machine, the shop's network, a link-local or
 * cloud metadata address, in any spelling of the address; nothing is written. (The road-distance engines are
 * named only by the operator's settings, never through the API.)
 * <p>
 * Proved elsewhere: a name whose addresses are not all public is refused when connecting, so DNS rebinding gains
 * nothing, and answers are cut at a deadline and a size ({@code notifications.OutboundHttpTests}); redirects are
 * never followed ({@code OutboundHttp}'s client, {@code TravelMatrices}' client).
 */
class Api7ServerSideRequestForgeryIntegrationTests extends IntegrationTestSupport {

	@Test
	void aWebhookCannotPointIntoTheShopOrAtTheCloudsMetadata() {
		var admin = api().adminToken();
		long before = count("SELECT count(*) FROM webhooks");
		var urls = List.of("https://127.0.0.1/hook", "https://127.1/hook", "https://2130706433/hook",
				"https://0x7f000001/hook", "https://0177.0.0.1/hook", "https://localhost/hook", "https://LOCALHOST./hook",
				"https://shop.localhost/hook", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook",
				"https://[0:0:0:0:0:ffff:7f00:1]/hook", "https://0.0.0.0/hook", "https://[::]/hook",
				"https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/hook", "https://[fd00:ec2::254]/hook",
				"https://10.0.0.1/hook", "https://172.16.0.1/hook", "https://192.168.1.1/hook", "https://100.64.0.1/hook",
				"https://224.0.0.1/hook", "https://255.255.255.255/hook", "http://hooks.example.com/hook",
				"file:///etc/passwd", "gopher://hooks.example.com/", "https://hooks.example.com@127.0.0.1/hook",
				"https://127.0.0.1:5432/hook", "https://[::1]:8080/");
		for (var url : urls) {
			var body = new LinkedHashMap<String, Object>(Map.of("url", url, "event_types", List.of("sale.*")));
			var response = api().post("/api/v1/webhooks", admin, body, "ssrf-" + url.hashCode());
			assertThat(response.status()).as(url + " " + response).isEqualTo(400);
			assertThat(response.errorFields()).as(url).containsExactly("url");
		}
		assertThat(count("SELECT count(*) FROM webhooks")).isEqualTo(before);
		var ok = api().post("/api/v1/webhooks", admin, Map.of("url", "https://hooks.example.com/kassa", "event_types",
				List.of("sale.*")), "ssrf-ok");
		assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
	}

	@Test
	void anExistingWebhookCannotBeMovedThereEither() {
		var admin = api().adminToken();
		var created = api().post("/api/v1/webhooks", admin, Map.of("url", "https://hooks.example.com/move",
				"event_types", List.of("sale.*")), "ssrf-move");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		var id = created.json().path("id").asString();
		var moved = api().patch("/api/v1/webhooks/" + id, admin, Map.of("url", "https://169.254.169.254/latest/"));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(400);
		assertThat(api().get("/api/v1/webhooks/" + id, admin).json().path("url").asString())
			.isEqualTo("https://hooks.example.com/move");
	}
}

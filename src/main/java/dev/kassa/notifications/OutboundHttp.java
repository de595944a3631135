package dev.kassa.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The HTTP client of outbound calls (WhatsApp, webhooks): connect and read timeouts from
 * {@link NotificationSettings}, HTTP/1.1, and no redirects followed (a redirect could lead a webhook to an
 * address that was refused).
 */
@Component
class OutboundHttp {

	/** What came back: the status and at most the first {@link #MAX_BODY} characters of the body. */
	record Answer(int status, String body) {
	}

	static final int MAX_BODY = 4096;

	private final HttpClient client;

	private final NotificationSettings settings;

	OutboundHttp(NotificationSettings settings) {
		this.settings = settings;
		this.client = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/**
	 * Posts a JSON body. A timeout or a connection failure is a retryable {@link SendFailure}; any answer,
	 * whatever its status, is returned.
	 */
	Answer postJson(URI uri, String body, Map<String, String> headers) throws SendFailure.Thrown {
		var request = HttpRequest.newBuilder(uri)
			.timeout(settings.readTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Kassa/1");
		headers.forEach(request::header);
		try {
			var response = client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
					HttpResponse.BodyHandlers.ofInputStream());
			try (var in = response.body()) {
				var bytes = in.readNBytes(MAX_BODY);
				return new Answer(response.statusCode(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		catch (HttpTimeoutException ex) {
			throw SendFailure.retry(null, "timed out: " + ex.getMessage());
		}
		catch (IOException ex) {
			throw SendFailure.retry(null, "connection failed: " + ex.getClass().getSimpleName()
					+ (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw SendFailure.retry(null, "interrupted (shutting down)");
		}
	}
}

package dev.kassa.notifications;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of outbound calls (WhatsApp, webhooks): connect timeout and a deadline for the whole answer from
 * {@link NotificationSettings} (the lease of a message assumes both), HTTP/1.1, no redirects followed (a
 * redirect could lead a webhook to an address that was refused), no retries of its own (the outbox retries).
 * <p>
 * Two clients: one for the endpoints the operator configured (the WhatsApp provider), one for the endpoints
 * an ADMIN registers (webhooks). The second resolves a host name through {@link PublicAddressesOnly} when its
 * connection is opened, so the addresses checked are the addresses connected to: a DNS server that answers
 * one way to a check and another way to the connection has no instant in between to use.
 */
@Component
class OutboundHttp implements AutoCloseable {

	/** What came back: the status and at most the first {@link #MAX_BODY} bytes of the body, as text. */
	record Answer(int status, String body) {
	}

	static final int MAX_BODY = 4096;

	static final String REFUSED_ADDRESS = "the host resolves to a private or reserved address, which is not allowed";

	private final NotificationSettings settings;

	private final CloseableHttpClient configured;

	private final CloseableHttpClient registered;

	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().daemon().name("kassa-outbound-deadline").factory());

	OutboundHttp(NotificationSettings settings) {
		this.settings = settings;
		this.configured = client(SystemDefaultDnsResolver.INSTANCE);
		this.registered = settings.webhooks().allowPrivateAddresses() ? configured
				: client(new PublicAddressesOnly(SystemDefaultDnsResolver.INSTANCE));
	}

	private CloseableHttpClient client(DnsResolver resolver) {
		var read = Timeout.of(settings.readTimeout());
		var connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(resolver)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(settings.connectTimeout()))
				.setSocketTimeout(read)
				.build())
			// every sender at once may call one host (all of WhatsApp goes to the provider)
			.setMaxConnTotal(settings.concurrency() + settings.webhooks().concurrency())
			.setMaxConnPerRoute(Math.max(settings.concurrency(), settings.webhooks().concurrency()))
			.build();
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setUserAgent("Kassa/1")
			.build();
	}

	/** Posts to an endpoint the operator configured; see {@link #post}. */
	Answer postJson(URI uri, String body, Map<String, String> headers) throws SendFailure.Thrown {
		return post(configured, uri, json(body), headers);
	}

	/**
	 * Posts a {@code multipart/form-data} upload (text fields, then one file as {@code file}) to an endpoint the
	 * operator configured; see {@link #post}.
	 */
	Answer postFile(URI uri, Map<String, String> fields, Attachment file, Map<String, String> headers)
			throws SendFailure.Thrown {
		var form = MultipartEntityBuilder.create().setMode(HttpMultipartMode.STRICT);
		fields.forEach((name, value) -> form.addTextBody(name, value, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
		form.addBinaryBody("file", file.content(), ContentType.create(file.contentType()), file.fileName());
		return post(configured, uri, form.build(), headers);
	}

	private static HttpEntity json(String body) {
		return new StringEntity(body, ContentType.APPLICATION_JSON);
	}

	/**
	 * Posts to an endpoint an ADMIN registered: unless {@code allow-private-addresses}, refused (retryably,
	 * names can change) when the host resolves to any private, loopback or reserved address; see
	 * {@link #post}.
	 */
	Answer postJsonToRegistered(URI uri, String body, Map<String, String> headers) throws SendFailure.Thrown {
		return post(registered, uri, json(body), headers);
	}

	/**
	 * Posts a body. A timeout (connecting, or the whole answer past the read timeout) or a connection
	 * failure is a retryable {@link SendFailure}; any answer, whatever its status, is returned.
	 */
	private Answer post(CloseableHttpClient client, URI uri, HttpEntity body, Map<String, String> headers)
			throws SendFailure.Thrown {
		var request = new HttpPost(uri);
		request.setEntity(body);
		headers.forEach(request::setHeader);
		var late = new AtomicBoolean();
		var deadline = deadlines.schedule(() -> {
			late.set(true);
			request.cancel();
		}, settings.connectTimeout().plus(settings.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
		// closing the answer before its end discards the connection: a long body is never read past MAX_BODY
		try (var response = client.executeOpen(null, request, null)) {
			var entity = response.getEntity();
			byte[] bytes = entity == null ? new byte[0] : entity.getContent().readNBytes(MAX_BODY);
			return new Answer(response.getCode(), new String(bytes, StandardCharsets.UTF_8));
		}
		catch (RefusedAddress ex) {
			throw SendFailure.retry(null, REFUSED_ADDRESS);
		}
		catch (SocketTimeoutException ex) {
			// connecting (Apache's ConnectTimeoutException is one) or waiting for a read
			throw SendFailure.retry(null, "timed out: " + ex.getMessage());
		}
		catch (IOException ex) {
			if (late.get()) {
				throw SendFailure.retry(null, "timed out: no whole answer within " + settings.readTimeout());
			}
			if (Thread.currentThread().isInterrupted()) {
				throw SendFailure.retry(null, "interrupted (shutting down)");
			}
			throw SendFailure.retry(null, "connection failed: " + ex.getClass().getSimpleName()
					+ (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
		}
		finally {
			deadline.cancel(false);
		}
	}

	@Override
	public void close() throws IOException {
		deadlines.shutdownNow();
		configured.close();
		if (registered != configured) {
			registered.close();
		}
	}

	/** A name that resolves to an address a webhook may not reach. */
	static final class RefusedAddress extends UnknownHostException {

		RefusedAddress(String host) {
			super(host + ": " + REFUSED_ADDRESS);
		}
	}

	/**
	 * Resolves a name and refuses it when any of its addresses is not {@link WebhookAddresses#isPublic
	 * public}; address literals pass through here too.
	 */
	static final class PublicAddressesOnly implements DnsResolver {

		private final DnsResolver resolver;

		PublicAddressesOnly(DnsResolver resolver) {
			this.resolver = resolver;
		}

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			var addresses = resolver.resolve(host);
			for (var address : addresses) {
				if (!WebhookAddresses.isPublic(address)) {
					throw new RefusedAddress(host);
				}
			}
			return addresses;
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			return resolver.resolveCanonicalHostname(host);
		}
	}
}

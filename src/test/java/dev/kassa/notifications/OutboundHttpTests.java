package dev.kassa.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The outbound client against a real HTTP server on this machine's loopback, which is exactly where a
 * registered webhook must not reach.
 */
class OutboundHttpTests {

	private final AtomicInteger requests = new AtomicInteger();

	/** Counted down when a test ends, so that a trickling answer stops with it. */
	private final CountDownLatch over = new CountDownLatch(1);

	private HttpServer server;

	private int port;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/hook", exchange -> answer(exchange, "{\"ok\":true}".getBytes()));
		server.createContext("/long", exchange -> answer(exchange, new byte[1 << 20]));
		server.createContext("/drip", exchange -> {
			requests.incrementAndGet();
			exchange.sendResponseHeaders(200, 0);
			try (var out = exchange.getResponseBody()) {
				// a byte every 100 ms until the test is over (or the client hangs up and the write fails)
				do {
					out.write('x');
					out.flush();
				}
				while (!over.await(100, TimeUnit.MILLISECONDS));
			}
			catch (InterruptedException | IOException ex) {
				// the client hung up
			}
		});
		server.start();
		port = server.getAddress().getPort();
	}

	private void answer(HttpExchange exchange, byte[] body) throws IOException {
		requests.incrementAndGet();
		exchange.getRequestBody().readAllBytes();
		exchange.sendResponseHeaders(200, body.length);
		try (var out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@AfterEach
	void stop() {
		over.countDown();
		server.stop(0);
	}

	private static NotificationSettings settings(boolean allowPrivateAddresses) {
		// connect 1 s, read 2 s: the trickle below (a byte every 100 ms) never lets a single read time out
		return new NotificationSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofSeconds(30), 8, Duration.ofSeconds(10), Duration.ofHours(1), 8, DataSize.ofMegabytes(10),
				Duration.ofDays(30), Duration.ofDays(400), new NotificationSettings.Email(null),
				new NotificationSettings.WhatsApp(null, null, null, "IN"), new NotificationSettings.Webhooks(true,
						allowPrivateAddresses, 20, 100, 4, Duration.ofDays(30), List.of(), null, List.of()));
	}

	private URI uri(String host, String path) {
		return URI.create("http://" + host + ":" + port + path);
	}

	@Test
	void aRegisteredEndpointIsConnectedToOnlyWhenItsAddressesArePublic() throws Exception {
		try (var http = new OutboundHttp(settings(false))) {
			for (var host : List.of("localhost", "127.0.0.1", "[::1]")) {
				assertThatThrownBy(() -> http.postJsonToRegistered(uri(host, "/hook"), "{}", Map.of()))
					.as(host)
					.isInstanceOfSatisfying(SendFailure.Thrown.class, thrown -> {
						assertThat(thrown.failure().retryable()).isTrue();
						assertThat(thrown.failure().error()).isEqualTo(OutboundHttp.REFUSED_ADDRESS);
					});
			}
			assertThat(requests).as("nothing reached the server").hasValue(0);

			var configured = http.postJson(uri("localhost", "/hook"), "{}", Map.of("X-Test", "1"));
			assertThat(configured.status()).isEqualTo(200);
			assertThat(configured.body()).isEqualTo("{\"ok\":true}");
			assertThat(requests).hasValue(1);
		}
		try (var http = new OutboundHttp(settings(true))) {
			assertThat(http.postJsonToRegistered(uri("localhost", "/hook"), "{}", Map.of()).status()).isEqualTo(200);
			assertThat(requests).hasValue(2);
		}
	}

	/** A name whose answers mix public and private addresses is refused whole: the connection could pick either. */
	@Test
	void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() throws Exception {
		var publicOne = InetAddress.ofLiteral("93.184.215.14");
		var answers = Map.of("shop.example", new InetAddress[] { publicOne },
				"rebound.example", new InetAddress[] { publicOne, InetAddress.ofLiteral("10.0.0.7") },
				"metadata.example", new InetAddress[] { InetAddress.ofLiteral("169.254.169.254") });
		var resolver = new OutboundHttp.PublicAddressesOnly(new DnsResolver() {
			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				var found = answers.get(host);
				if (found == null) {
					throw new UnknownHostException(host);
				}
				return found;
			}

			@Override
			public String resolveCanonicalHostname(String host) {
				return host;
			}
		});
		assertThat(resolver.resolve("shop.example")).containsExactly(publicOne);
		assertThatThrownBy(() -> resolver.resolve("rebound.example")).isInstanceOf(OutboundHttp.RefusedAddress.class);
		assertThatThrownBy(() -> resolver.resolve("metadata.example")).isInstanceOf(OutboundHttp.RefusedAddress.class);
		assertThatThrownBy(() -> resolver.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class)
			.isNotInstanceOf(OutboundHttp.RefusedAddress.class);
	}

	/**
	 * An answer that trickles in slower than any read times out is still cut at connect plus read timeout, which
	 * the message's lease counts on; a long answer is read only to its first {@link OutboundHttp#MAX_BODY} bytes.
	 */
	@Test
	void aTricklingAnswerIsCutAtTheDeadlineAndALongOneAtMaxBody() throws Exception {
		try (var http = new OutboundHttp(settings(true))) {
			assertThatThrownBy(() -> http.postJson(uri("localhost", "/drip"), "{}", Map.of()))
				.isInstanceOfSatisfying(SendFailure.Thrown.class, thrown -> {
					assertThat(thrown.failure().retryable()).isTrue();
					assertThat(thrown.failure().error()).startsWith("timed out: no whole answer within");
				});
			var answer = http.postJson(uri("localhost", "/long"), "{}", Map.of());
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).hasSize(OutboundHttp.MAX_BODY);
		}
	}
}

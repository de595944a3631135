package dev.kassa.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import dev.kassa.support.TestClient;

/** Multipart uploads and CSV downloads for the bulk tests (the shared TestClient speaks JSON). */
public final class BulkCsv {

	public static final String HEADER = "sku,name,description,category,unit,price,price_includes_tax,tax_class,hsn_code,barcodes,track_stock,allow_negative_stock,active";

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private BulkCsv() {
	}

	public record Answer(int status, String body, JsonNode json) {
	}

	public static Answer upload(TestClient api, String token, byte[] file, @Nullable String mode, String key) {
		var boundary = "kassa-" + System.nanoTime();
		var parts = new ArrayList<byte[]>();
		parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"products.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		parts.add(file);
		parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
		if (mode != null) {
			parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\n" + mode + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		var request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/products/imports"))
			.timeout(Duration.ofSeconds(120))
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", key)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
			.build();
		return send(request);
	}

	static Answer download(TestClient api, String token, String path) {
		return send(HttpRequest.newBuilder(URI.create(api.base() + path))
			.timeout(Duration.ofSeconds(120))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build());
	}

	private static Answer send(HttpRequest request) {
		try {
			var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			JsonNode json;
			try {
				json = TestClient.JSON.readTree(response.body());
			}
			catch (RuntimeException ex) {
				json = NullNode.getInstance();
			}
			return new Answer(response.statusCode(), response.body(), json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static byte[] csv(String... lines) {
		return (String.join("\n", List.of(lines)) + "\n").getBytes(StandardCharsets.UTF_8);
	}
}

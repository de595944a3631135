package dev.kassa.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/** What most integration tests say of an answer they set their scene with: it succeeded, and its id. */
public final class Responses {

	private Responses() {
	}

	/** A new Idempotency-Key. */
	public static String key() {
		return UUID.randomUUID().toString();
	}

	/** The answer, once it is a 2xx; the assertion names the answer otherwise. */
	public static TestClient.Response ok(TestClient.Response response) {
		assertThat(response.status()).as(response.toString()).isBetween(200, 299);
		return response;
	}

	/** The id of what a 2xx answer created or read. */
	public static String id(TestClient.Response response) {
		return ok(response).json().path("id").asString();
	}
}

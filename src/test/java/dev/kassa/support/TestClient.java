package dev.kassa.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/** Real HTTP against the server under test, with tokens for each role. */
public final class TestClient {

	public static final String ADMIN_PASSWORD = "admin-test-password-42";

	public static final JsonMapper JSON = JsonMapper.builder()
		.enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	private static final String USER_PASSWORD = "correct horse battery staple";

	/** Tokens by role, each signed in again once most of its lifetime is gone: a test run outlives one. */
	private final Map<String, Held> tokens = new ConcurrentHashMap<>();

	private record Held(String username, String password, String token, Instant renewAfter) {

		boolean fresh() {
			return Instant.now().isBefore(renewAfter);
		}
	}

	public TestClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public String base() {
		return base;
	}

	/** An answer: its status, headers, raw body and the body as JSON (a null node when not JSON). */
	public record Response(int status, HttpHeaders headers, String body, JsonNode json) {

		public String header(String name) {
			return headers.firstValue(name).orElse(null);
		}

		/** The fields named in a problem's {@code errors}. */
		public List<String> errorFields() {
			var fields = new java.util.ArrayList<String>();
			json.path("errors").forEach(error -> fields.add(error.path("field").asString()));
			return fields;
		}

		@Override
		public String toString() {
			return status + " " + body;
		}
	}

	public Response send(String method, String path, @Nullable String token, @Nullable Object body,
			Map<String, String> headers) {
		var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		headers.forEach(builder::header);
		if (body == null) {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			var text = body instanceof String s ? s : JSON.writeValueAsString(body);
			if (!headers.containsKey("Content-Type")) {
				builder.header("Content-Type", "application/json");
			}
			builder.method(method, HttpRequest.BodyPublishers.ofString(text));
		}
		try {
			var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode json;
			try {
				json = response.body().isEmpty() ? NullNode.getInstance() : JSON.readTree(response.body());
			}
			catch (RuntimeException ex) {
				json = NullNode.getInstance();
			}
			return new Response(response.statusCode(), response.headers(), response.body(), json);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Only the status and headers, for endpoints that stream without end (SSE); the body is not read. */
	public Response headersOnly(String method, String path, @Nullable String token) {
		var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		builder.method(method, HttpRequest.BodyPublishers.noBody());
		try {
			var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
			response.body().close();
			return new Response(response.statusCode(), response.headers(), "", NullNode.getInstance());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Response get(String path, @Nullable String token) {
		return send("GET", path, token, null, Map.of());
	}

	public Response post(String path, @Nullable String token, @Nullable Object body) {
		return send("POST", path, token, body, Map.of());
	}

	public Response post(String path, @Nullable String token, @Nullable Object body, String idempotencyKey) {
		return send("POST", path, token, body, Map.of("Idempotency-Key", idempotencyKey));
	}

	public Response put(String path, @Nullable String token, @Nullable Object body) {
		return send("PUT", path, token, body, Map.of());
	}

	public Response patch(String path, @Nullable String token, @Nullable Object body) {
		return send("PATCH", path, token, body, Map.of());
	}

	public Response delete(String path, @Nullable String token) {
		return send("DELETE", path, token, null, Map.of());
	}

	public Response login(String username, String password) {
		return post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
	}

	/** Forgets the tokens held, for a test that ended the sessions of a user whose token is held (the admin's). */
	public void forgetTokens() {
		tokens.clear();
	}

	public String adminToken() {
		return tokens.compute("admin", (k, held) -> held != null && held.fresh() ? held
				: signIn("admin", ADMIN_PASSWORD)).token();
	}

	/** A token of a user who has just the given role (created once per role and client, signed in again when stale). */
	public String token(String role) {
		if (role.equals("ADMIN")) {
			return adminToken();
		}
		var held = tokens.get(role);
		if (held == null) {
			// not compute: creating the user signs the admin in, which writes to the same map
			var username = role.toLowerCase() + "-" + System.nanoTime();
			createUser(username, List.of(role), null);
			tokens.putIfAbsent(role, signIn(username, USER_PASSWORD));
		}
		else if (!held.fresh()) {
			tokens.replace(role, held, signIn(held.username(), held.password()));
		}
		return tokens.get(role).token();
	}

	private Held signIn(String username, String password) {
		var login = login(username, password);
		if (login.status() != 200) {
			throw new IllegalStateException("login of " + username + " failed: " + login);
		}
		long lifetime = login.json().path("expires_in").asLong();
		return new Held(username, password, login.json().path("access_token").asString(),
				Instant.now().plusSeconds(lifetime * 3 / 4));
	}

	/** Creates a user with the given roles (and locations, if not null) and signs them in. */
	public String tokenForNewUser(String username, List<String> roles, @Nullable List<String> locationIds) {
		createUser(username, roles, locationIds);
		return signIn(username, USER_PASSWORD).token();
	}

	private void createUser(String username, List<String> roles, @Nullable List<String> locationIds) {
		var body = new LinkedHashMap<String, Object>();
		body.put("username", username);
		body.put("password", USER_PASSWORD);
		body.put("roles", roles);
		if (locationIds != null) {
			body.put("location_ids", locationIds);
		}
		var created = post("/api/v1/users", adminToken(), body);
		if (created.status() != 201) {
			throw new IllegalStateException("user creation failed: " + created);
		}
	}
}

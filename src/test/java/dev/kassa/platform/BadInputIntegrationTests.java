package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Walks every operation of the OpenAPI document as the admin with bad input: a body that is not JSON, a
 * JSON array where an object belongs, every field of the documented body given a value of the wrong type,
 * a body over the size limit, and each typed query parameter given a value that is not of its type. Each
 * must answer a 4xx problem, never a 500, and write nothing: every state change appends an event (a
 * trigger refuses a commit without one), so an unchanged event count means nothing was written. An
 * endpoint added later is covered without anyone remembering to.
 */
class BadInputIntegrationTests extends IntegrationTestSupport {

	private static final String UNKNOWN_ID = "0190b7a0-0000-7000-8000-0000000000fe";

	record Operation(String method, String path, JsonNode spec) {
	}

	private JsonNode docs;

	private List<Operation> operations() {
		docs = api().get("/v3/api-docs", null).json();
		var operations = new ArrayList<Operation>();
		for (var path : docs.path("paths").properties()) {
			for (var method : path.getValue().properties()) {
				operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
			}
		}
		return operations;
	}

	private JsonNode resolve(JsonNode schema) {
		var ref = schema.path("$ref").asString("");
		if (ref.startsWith("#/components/schemas/")) {
			return docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
		}
		return schema;
	}

	private static String type(JsonNode schema) {
		var type = schema.path("type");
		if (type.isArray()) {
			for (var t : type) {
				if (!t.asString().equals("null")) {
					return t.asString();
				}
			}
		}
		return type.asString("");
	}

	/** A value no field of this schema's type accepts. */
	private JsonNode wrong(JsonNode schema) {
		var json = TestClient.JSON;
		var resolved = resolve(schema);
		return switch (type(resolved)) {
			case "string" -> json.createObjectNode().put("not", "a string");
			case "integer", "number" -> json.getNodeFactory().stringNode("not a number");
			case "boolean" -> json.getNodeFactory().stringNode("maybe");
			case "array" -> json.getNodeFactory().stringNode("not a list");
			default -> json.getNodeFactory().numberNode(7);
		};
	}

	/** A plausible value of the field's type, every text holding a NUL, which PostgreSQL cannot store. */
	private JsonNode withNul(JsonNode schema, int depth) {
		var nodes = TestClient.JSON.getNodeFactory();
		var resolved = resolve(schema);
		if (depth > 3) {
			return nodes.nullNode();
		}
		if (resolved.has("enum")) {
			return resolved.path("enum").path(0);
		}
		return switch (type(resolved)) {
			case "string" -> nodes.stringNode("a\u0000b");
			case "integer", "number" -> nodes.numberNode(1);
			case "boolean" -> nodes.booleanNode(true);
			case "array" -> nodes.arrayNode().add(withNul(resolved.path("items"), depth + 1));
			default -> {
				var object = nodes.objectNode();
				for (var property : resolved.path("properties").properties()) {
					object.set(property.getKey(), withNul(property.getValue(), depth + 1));
				}
				yield object;
			}
		};
	}

	/** A value of the field's own type, but absurd: 10^30, 5,000 characters, three absurd items. */
	private JsonNode absurd(JsonNode schema, int depth) {
		var nodes = TestClient.JSON.getNodeFactory();
		var resolved = resolve(schema);
		if (depth > 3) {
			return nodes.nullNode();
		}
		return switch (type(resolved)) {
			case "string" -> nodes.stringNode("Z".repeat(5000));
			case "integer", "number" -> nodes.numberNode(java.math.BigInteger.TEN.pow(30));
			case "boolean" -> nodes.booleanNode(true);
			case "array" -> {
				var items = nodes.arrayNode();
				for (int i = 0; i < 3; i++) {
					items.add(absurd(resolved.path("items"), depth + 1));
				}
				yield items;
			}
			default -> {
				var object = nodes.objectNode();
				for (var property : resolved.path("properties").properties()) {
					object.set(property.getKey(), absurd(property.getValue(), depth + 1));
				}
				yield object;
			}
		};
	}

	private TestClient.Response send(String method, String path, @Nullable String body) {
		return api().send(method, path, api().adminToken(), body,
				Map.of("Idempotency-Key", "bad-" + UUID.randomUUID(), "Content-Type", "application/json"));
	}

	private long events() {
		return count("SELECT count(*) FROM events");
	}

	private static boolean refused(TestClient.Response response) {
		return response.status() >= 400 && response.status() < 500
				&& String.valueOf(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void everyBodyThatIsNotWhatTheOperationTakesIsRefusedAndWritesNothing() {
		var failures = new ArrayList<String>();
		int tried = 0;
		for (var op : operations()) {
			var content = op.spec().path("requestBody").path("content").path("application/json");
			if (content.isMissingNode()) {
				continue;
			}
			var path = op.path().replaceAll("\\{[^}]+}", UNKNOWN_ID);
			var schema = resolve(content.path("schema"));
			var bodies = new ArrayList<String>();
			// the body of plausible values with NUL in every text may even succeed where nothing is stored (a
			// route computed, an unknown session logged out); what it must not do is fail or store anything
			String harmless = null;
			bodies.add("{\"broken\": ");
			bodies.add("x".repeat(2 * 1024 * 1024));
			bodies.add("[".repeat(5000) + "]".repeat(5000));
			if (type(schema).equals("object") || schema.has("properties")) {
				bodies.add("[]");
				var wrong = TestClient.JSON.createObjectNode();
				var absurd = TestClient.JSON.createObjectNode();
				var nul = TestClient.JSON.createObjectNode();
				for (var property : schema.path("properties").properties()) {
					wrong.set(property.getKey(), wrong(property.getValue()));
					absurd.set(property.getKey(), absurd(property.getValue(), 0));
					nul.set(property.getKey(), withNul(property.getValue(), 0));
				}
				if (!wrong.isEmpty()) {
					bodies.add(wrong.toString());
					bodies.add(absurd.toString());
					harmless = nul.toString();
					bodies.add(harmless);
				}
			}
			for (var body : bodies) {
				long before = events();
				var response = send(op.method(), path, body);
				tried++;
				var shown = body.length() > 80 ? body.substring(0, 40) + "... (" + body.length() + " chars)" : body;
				boolean succeededHarmlessly = body.equals(harmless) && response.status() < 300;
				if (!refused(response) && !succeededHarmlessly) {
					failures.add(op.method() + " " + op.path() + " with " + shown + ": " + response.status() + " "
							+ response.body().substring(0, Math.min(300, response.body().length())));
				}
				if (events() != before) {
					failures.add(op.method() + " " + op.path() + " with " + shown + " wrote something");
				}
			}
		}
		assertThat(tried).as("bodies tried").isGreaterThan(100);
		assertThat(failures).isEmpty();
	}

	/**
	 * Ids in the path that are no ids (quoted, or 300 characters), and query strings that decode to no UTF-8
	 * ({@code %ff}), on every operation: refused, nothing written.
	 */
	@Test
	void everyMalformedPathIdAndUndecodableQueryIsRefusedAndWritesNothing() {
		var failures = new ArrayList<String>();
		int tried = 0;
		for (var op : operations()) {
			var targets = new ArrayList<String>();
			if (op.path().contains("{")) {
				targets.add(op.path().replaceAll("\\{[^}]+}", "not%20an%20id'--"));
				targets.add(op.path().replaceAll("\\{[^}]+}", "9".repeat(300)));
			}
			var query = new ArrayList<String>();
			for (var parameter : op.spec().path("parameters")) {
				if (parameter.path("in").asString().equals("query")) {
					query.add(parameter.path("name").asString() + "=%00%ff");
				}
			}
			if (!query.isEmpty()) {
				targets.add(op.path().replaceAll("\\{[^}]+}", UNKNOWN_ID) + "?" + String.join("&", query));
			}
			for (var target : targets) {
				long before = events();
				var response = send(op.method(), target, op.method().equals("GET") ? null : "{}");
				tried++;
				if (!refused(response)) {
					failures.add(op.method() + " " + target + ": " + response.status() + " "
							+ response.body().substring(0, Math.min(300, response.body().length())));
				}
				if (events() != before) {
					failures.add(op.method() + " " + target + " wrote something");
				}
			}
		}
		assertThat(tried).as("requests tried").isGreaterThan(150);
		assertThat(failures).isEmpty();
	}

	@Test
	void everyTypedQueryParameterGivenAnotherTypeIsRefused() {
		var failures = new ArrayList<String>();
		int tried = 0;
		for (var op : operations()) {
			if (!op.method().equals("GET")) {
				continue;
			}
			var path = op.path().replaceAll("\\{[^}]+}", UNKNOWN_ID);
			for (var parameter : op.spec().path("parameters")) {
				if (!parameter.path("in").asString().equals("query")) {
					continue;
				}
				var schema = resolve(parameter.path("schema"));
				var type = type(schema);
				var format = schema.path("format").asString("");
				boolean typed = type.equals("integer") || type.equals("number") || type.equals("boolean")
						|| schema.has("enum") || format.equals("uuid") || format.equals("date")
						|| format.equals("date-time");
				if (!typed) {
					continue;
				}
				var name = parameter.path("name").asString();
				var response = api().get(path + "?" + name + "=" + URLEncoder.encode("not-a-value%", StandardCharsets.UTF_8),
						api().adminToken());
				tried++;
				if (!refused(response)) {
					failures.add("GET " + op.path() + "?" + name + "=not-a-value%: " + response.status() + " "
							+ response.body().substring(0, Math.min(300, response.body().length())));
				}
			}
		}
		assertThat(tried).as("parameters tried").isGreaterThan(20);
		assertThat(failures).isEmpty();
	}
}

package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;


import dev.kassa.support.IntegrationTestSupport;

/**
 * Walks every operation of the OpenAPI document with every role and with no token, so that an endpoint
 * added later is covered without anyone remembering to. The roles an operation allows are the ones its
 * {@code @RolesAllowed} declares (published as {@code x-roles}); the docs' matrix must match them.
 */
@org.springframework.test.context.TestPropertySource(properties = "kassa.security.access-token-ttl=2h")
class PermissionMatrixIntegrationTests extends IntegrationTestSupport {

	private static final List<String> ROLES = List.of("ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER");

	private static final String UNKNOWN_ID = "0190b7a0-0000-7000-8000-0000000000ff";

	record Operation(String method, String path, List<String> roles) {
	}

	private List<Operation> operations() {
		var docs = api().get("/v3/api-docs", null).json();
		var operations = new ArrayList<Operation>();
		for (var path : docs.path("paths").properties()) {
			for (var method : path.getValue().properties()) {
				var roles = new ArrayList<String>();
				method.getValue().path("x-roles").forEach(role -> roles.add(role.asString()));
				operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), roles));
			}
		}
		return operations;
	}

	@Test
	void everyOperationDeclaresWhoMayCallIt() {
		var undeclared = operations().stream().filter(op -> op.roles().isEmpty()).toList();
		assertThat(undeclared).as("operations without @RolesAllowed or @PermitAll").isEmpty();
	}

	@Test
	void everyRoleGetsExactlyWhatItIsAllowed() {
		var tokens = new TreeMap<String, String>();
		ROLES.forEach(role -> tokens.put(role, api().token(role)));
		var failures = new ArrayList<String>();
		for (var op : operations()) {
			var path = op.path().replaceAll("\\{[^}]+}", UNKNOWN_ID);
			boolean isPublic = op.roles().contains("PUBLIC");
			for (var role : ROLES) {
				var response = call(op.method(), path, tokens.get(role));
				boolean allowed = isPublic || op.roles().contains(role);
				if (allowed && (response.status() == 401 || response.status() == 403)) {
					failures.add(role + " " + op.method() + " " + op.path() + " should be allowed, got " + response.status());
				}
				if (!allowed && response.status() != 403) {
					failures.add(role + " " + op.method() + " " + op.path() + " should be 403, got " + response.status());
				}
				if (response.status() >= 500) {
					failures.add(role + " " + op.method() + " " + op.path() + " failed: " + response);
				}
			}
			var anonymous = call(op.method(), path, null);
			if (!isPublic && anonymous.status() != 401) {
				failures.add("no token " + op.method() + " " + op.path() + " should be 401, got " + anonymous.status());
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void theDocumentedMatrixMatchesTheCode() throws Exception {
		var table = new StringBuilder();
		table.append("# Permission matrix\n\n");
		table.append("Generated from the code's `@RolesAllowed` by `PermissionMatrixIntegrationTests`, which also\n");
		table.append("checks that every endpoint enforces it. `x` allowed, blank refused with 403; PUBLIC needs no token.\n");
		table.append("Users limited to some locations are further limited to those locations' data.\n\n");
		table.append("| method | path | ADMIN | MANAGER | CASHIER | EMPLOYEE | DRIVER |\n");
		table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
		operations().stream()
			.sorted(java.util.Comparator.comparing(Operation::path).thenComparing(Operation::method))
			.forEach(op -> {
				table.append("| ").append(op.method()).append(" | `").append(op.path()).append("` |");
				for (var role : ROLES) {
					table.append(op.roles().contains("PUBLIC") ? " PUBLIC |" : op.roles().contains(role) ? " x |" : " |");
				}
				table.append('\n');
			});
		var generated = Path.of("target", "permissions.md");
		Files.createDirectories(generated.getParent());
		Files.writeString(generated, table);
		var documented = Path.of("docs", "permissions.md");
		assertThat(Files.exists(documented) ? Files.readString(documented) : "")
			.as("docs/permissions.md is stale: cp target/permissions.md docs/permissions.md")
			.isEqualTo(table.toString());
	}

	private dev.kassa.support.TestClient.Response call(String method, String path, String token) {
		if (path.endsWith("/stream")) {
			return api().headersOnly(method, path, token);
		}
		return api().send(method, path, token, method.equals("GET") || method.equals("DELETE") ? null : "{}",
				Map.of("Idempotency-Key", "matrix-" + java.util.UUID.randomUUID()));
	}

}

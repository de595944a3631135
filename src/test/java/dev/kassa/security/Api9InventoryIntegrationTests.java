package dev.kassa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.kassa.support.IntegrationTestSupport;

/**
 * OWASP API9:2023 Improper Inventory Management: every route Kassa's controllers answer is in the OpenAPI
 * document, with the same method, and every documented operation is answered. The document is what the permission
 * matrix ({@code platform.PermissionMatrixIntegrationTests}) walks with every role, so a route missing from it
 * would escape that check too; a controller method without an HTTP method would answer every method.
 */
class Api9InventoryIntegrationTests extends IntegrationTestSupport {

	private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options",
			"trace");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mapping;

	@Test
	void theRoutesAnsweredAreTheRoutesDocumented() {
		var answered = new TreeSet<String>();
		var anyMethod = new TreeSet<String>();
		mapping.getHandlerMethods().forEach((info, handler) -> {
			// the servlet container's error page (every method, never routed to directly) is not an operation
			if (!handler.getBeanType().getPackageName().startsWith("dev.kassa")
					|| org.springframework.boot.webmvc.error.ErrorController.class.isAssignableFrom(handler.getBeanType())) {
				return;
			}
			for (var pattern : info.getPatternValues()) {
				var path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
				var methods = info.getMethodsCondition().getMethods();
				if (methods.isEmpty()) {
					anyMethod.add(path + " (" + handler + ")");
				}
				methods.forEach(method -> answered.add(method.name() + " " + path));
			}
		});
		var documented = new TreeSet<String>();
		var docs = api().get("/v3/api-docs", null).json();
		for (var path : docs.path("paths").properties()) {
			for (var method : path.getValue().properties()) {
				if (METHODS.contains(method.getKey())) {
					documented.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
				}
			}
		}
		assertThat(anyMethod).as("controller methods answering every HTTP method").isEmpty();
		var undocumented = new TreeSet<>(answered);
		undocumented.removeAll(documented);
		assertThat(undocumented).as("answered but not in the OpenAPI document").isEmpty();
		var unanswered = new TreeSet<>(documented);
		unanswered.removeAll(answered);
		assertThat(unanswered).as("documented but answered by no controller").isEmpty();
		assertThat(answered).hasSizeGreaterThan(50);
	}

	/** A path nobody maps is a 404 problem, also below {@code /api/v2} and for old guesses such as {@code /api/v0}. */
	@Test
	void unmappedVersionsAndGuessesAreNotFound() {
		var admin = api().adminToken();
		for (var path : java.util.List.of("/api/v2/sales", "/api/v0/sales", "/api/v1/internal/users", "/api/sales",
				"/api/v1/debug", "/api/v1/admin")) {
			var response = api().get(path, admin);
			assertThat(response.status()).as(path + " " + response).isEqualTo(404);
		}
	}
}

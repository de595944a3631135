package dev.kassa.platform;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: bearer security, the problem schema on every error response, and the roles
 * allowed on each operation as {@code x-roles} (read by the permission-matrix test and the docs).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	static {
		// the caller comes from the token (WebConfiguration's resolver); unignored, springdoc documented it as
		// a required query parameter "user" on every operation that takes it
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
	}

	@Bean
	OpenAPI kassaOpenApi() {
		var problem = new Schema<Object>().type("object")
			.description("RFC 9457 problem")
			.addProperty("type", new Schema<String>().type("string"))
			.addProperty("title", new Schema<String>().type("string"))
			.addProperty("status", new Schema<Integer>().type("integer"))
			.addProperty("detail", new Schema<String>().type("string"))
			.addProperty("code", new Schema<String>().type("string").description("stable, for programs"))
			.addProperty("request_id", new Schema<String>().type("string"))
			.addProperty("errors", new Schema<Object>().type("array")
				.items(new Schema<Object>().type("object")
					.addProperty("field", new Schema<String>().type("string"))
					.addProperty("message", new Schema<String>().type("string"))));
		return new OpenAPI()
			.info(new Info().title("Kassa API")
				.version("v1")
				.description("Point-of-sale and order backend. JSON in snake_case, money as numbers, "
						+ "errors as RFC 9457 problems, lists with keyset pagination."))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
				.addSchemas("Problem", problem))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * The schemas' property names as the API writes and reads them, snake_case ({@code spring.jackson.*}):
	 * swagger-core resolves models with a Jackson 2 mapper of its own, which knew nothing of that setting
	 * and documented every body in camelCase, names the server refuses as unknown fields.
	 */
	@Bean
	ModelResolver snakeCaseSchemas() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	/**
	 * A handler takes {@code Idempotency-Key} as an optional header only so that its absence is refused by
	 * {@link Idempotency#checkKey} with Kassa's problem, not Spring's; every create that takes it refuses a
	 * request without it, so the document says it is required.
	 */
	@Bean
	OperationCustomizer idempotencyKeysRequired() {
		return (operation, handler) -> {
			if (operation.getParameters() != null) {
				operation.getParameters()
					.stream()
					.filter(p -> "header".equals(p.getIn()) && Idempotency.HEADER.equalsIgnoreCase(p.getName()))
					.forEach(p -> p.required(true)
						.description("Required. The create takes effect once per key (1 to 255 visible ASCII "
								+ "characters); a repeat with the same body gets the first answer, one with "
								+ "another body a 422."));
			}
			return operation;
		};
	}

	/** Any operation may meet the database away or Kassa at its admission limit; nothing is done in either. */
	private static final String UNAVAILABLE = "`database_unavailable` or `overloaded`: nothing was done; "
			+ "send the same request again (same Idempotency-Key) after Retry-After";

	@Bean
	OperationCustomizer rolesAndProblems() {
		return (operation, handler) -> {
			var roles = AccessRules.allowed(handler);
			if (roles == null) {
				operation.addExtension("x-roles", List.of("PUBLIC"));
			}
			else {
				operation.addExtension("x-roles", List.copyOf(new TreeSet<>(roles.stream().map(Enum::name).toList())));
			}
			var problemContent = new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
			Map<String, String> errors = roles == null
					? Map.of("400", "Invalid input; `errors` names each field", "429", "Too many requests", "503", UNAVAILABLE)
					: Map.of("400", "Invalid input; `errors` names each field", "401",
							"Missing, expired or forged access token", "403", "The caller's role may not do this",
							"429", "Too many requests; see Retry-After", "503", UNAVAILABLE);
			errors.forEach((status, description) -> {
				if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
					operation.getResponses()
						.addApiResponse(status, new ApiResponse().description(description).content(problemContent));
				}
			});
			return operation;
		};
	}
}

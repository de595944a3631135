package dev.kassa.platform;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	/**
	 * JSON that would change meaning silently is refused: an enum given as a number ({@code "method": 2} was
	 * the third payment method) and a boolean given as a number ({@code -1} was true). Numbers and strings
	 * still convert into each other ({@code "amount": "500.00"}).
	 */
	@Bean
	JsonMapperBuilderCustomizer noSilentCoercions() {
		return builder -> builder.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.withCoercionConfig(LogicalType.Boolean, config -> config.setCoercion(CoercionInputShape.Integer,
					CoercionAction.Fail).setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
	}

	/**
	 * Request bodies refuse a field they do not know (400 naming it), so that a misspelt
	 * {@code is_percent_discount} changes no money unnoticed. Only the HTTP converter is strict: the shared
	 * mapper still reads what Kassa stored itself and what providers answer, which may grow fields.
	 */
	@Bean
	@org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
	org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer strictRequestBodies(
			tools.jackson.databind.json.JsonMapper json) {
		var strict = json.rebuild().enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		return builder -> builder.withJsonConverter(
				new org.springframework.http.converter.json.JacksonJsonHttpMessageConverter(strict));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AccessRules());
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new AccessRules.CurrentUserResolver());
	}
}

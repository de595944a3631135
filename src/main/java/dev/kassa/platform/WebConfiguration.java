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

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AccessRules());
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new AccessRules.CurrentUserResolver());
	}
}

package dev.kassa.support;

import java.nio.file.Files;
import java.util.List;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Gives every top-level {@link KassaIntegrationTest} class a database and a data directory of its own. */
class DatabasePerTestClass implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		var top = testClass;
		while (top.getEnclosingClass() != null) {
			top = top.getEnclosingClass();
		}
		if (!AnnotatedElementUtils.hasAnnotation(top, KassaIntegrationTest.class)) {
			return null;
		}
		return new Customizer(top.getName());
	}

	private record Customizer(String testClass) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			try {
				var url = TestDatabase.newDatabase(testClass.substring(testClass.lastIndexOf('.') + 1));
				var dataDir = Files.createTempDirectory("kassa-test-");
				TestPropertyValues
					.of("kassa.db.url=" + url, "kassa.db.user=postgres", "kassa.data-dir=" + dataDir)
					.applyTo(context);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}
}

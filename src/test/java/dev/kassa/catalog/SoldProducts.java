package dev.kassa.catalog;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Stands in for the sales module's references: products listed here count as sold. */
@TestConfiguration
class SoldProducts {

	static final Set<UUID> SOLD = ConcurrentHashMap.newKeySet();

	@Bean
	ProductReferences soldProducts() {
		return id -> SOLD.contains(id) ? 1 : 0;
	}
}

package dev.kassa.sales;

import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.kassa.catalog.ProductReferences;

/** A product sold at least once is deactivated, never deleted, so that its sales stay readable. */
@Component
class SaleProductReferences implements ProductReferences {

	private final SaleStore store;

	SaleProductReferences(SaleStore store) {
		this.store = store;
	}

	@Override
	public long count(UUID productId) {
		return store.linesOf(productId);
	}
}

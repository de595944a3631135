package dev.kassa.catalog;

import java.util.UUID;

/**
 * Implemented by modules whose records refer to products (sales). A product that any implementation
 * counts references to is deactivated instead of deleted, so that its history stays readable.
 * Called inside the deleting transaction, after the product row is locked.
 */
public interface ProductReferences {

	/** How many records refer to the product; 0 when none. */
	long count(UUID productId);
}

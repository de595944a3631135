package dev.kassa.organization;

import java.util.UUID;

/**
 * Something in another module that refers to locations. Modules implement it as a bean; a location is
 * deleted only when every implementation counts zero, otherwise the refusal names each and its count.
 */
public interface LocationReferences {

	/** What refers to the location, in plural words: {@code "sales"}, {@code "stock rows"}. */
	String what();

	/** How many of them refer to the location. */
	long count(UUID locationId);

	/**
	 * Runs in the deleting transaction before counting: drops this module's rows that belong to the location
	 * but need not keep it (for example a document series that never gave out a number). Does nothing by default.
	 */
	default void release(UUID locationId) {
	}
}

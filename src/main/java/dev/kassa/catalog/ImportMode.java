package dev.kassa.catalog;

/** How an import treats rows with errors. */
enum ImportMode {

	/** One transaction: any error and nothing changes; the report lists every error. */
	ALL_OR_NOTHING,

	/** The valid rows are imported in batches of their own; the others are reported. */
	VALID_ROWS
}

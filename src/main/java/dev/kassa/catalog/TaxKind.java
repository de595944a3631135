package dev.kassa.catalog;

/** GST classes take one of the GST slabs (plus an optional cess); plain classes any rate. */
enum TaxKind {
	GST, PLAIN
}

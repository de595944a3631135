/** The catalog: products with their barcodes and price history, the category tree, and tax classes. */
@NullMarked
package dev.kassa.catalog;

import org.jspecify.annotations.NullMarked;

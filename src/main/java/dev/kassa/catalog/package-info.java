/** The catalog: products with their barcodes and price history, the category tree, and tax classes. */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "jobs"})
@NullMarked
package dev.kassa.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

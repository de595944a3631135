/**
 * The seed's API ({@code /api/estimates/...}, {@code /api/orders/...}, {@code /api/reports/...}) in the
 * seed's shapes, over the sales and reports services: it has no tables of its own.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "organization", "catalog", "customers", "sales", "reports"})
@NullMarked
package dev.kassa.compat;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/** Sales and orders: pricing, payments, voids, returns and credit notes, estimates and their conversion. */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "identity", "organization", "numbering", "catalog", "inventory", "customers", "tills"})
@NullMarked
package dev.kassa.sales;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

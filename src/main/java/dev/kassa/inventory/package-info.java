/** Stock per location and product, changed only through a ledger of movements. */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "organization", "catalog"})
@NullMarked
package dev.kassa.inventory;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/** Gas and parcel delivery: drivers, vehicles, delivery orders, and routes planned with jsprit and driven. */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "identity", "jobs", "notifications", "organization", "catalog", "customers", "inventory", "numbering", "sales"})
@NullMarked
package dev.kassa.delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

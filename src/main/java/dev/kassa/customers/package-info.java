/** Customers: contact details, addresses, GSTIN, tags, and the purchase figures sales keep on them. */
@ApplicationModule(allowedDependencies = {"platform", "platform::gst", "events::log"})
@NullMarked
package dev.kassa.customers;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/**
 * Reports: read-only aggregates of sales, returns and estimates per location and business day. The
 * aggregates are SQL over the sales module's tables (the one read-only exception to "a module reads only
 * its own tables"); names and categories come through the other modules' services.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "organization", "catalog"})
@NullMarked
package dev.kassa.reports;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

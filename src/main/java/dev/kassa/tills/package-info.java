/**
 * Tills: terminals, their cash sessions (opening float, paid in and out, drops, no-sale openings, blind
 * close, variance) and the X and Z reports, Z reports numbered per terminal and chained by hash.
 */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "organization"})
@NullMarked
package dev.kassa.tills;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

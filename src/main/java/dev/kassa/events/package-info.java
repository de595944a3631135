/** The event log (audit trail, tamper-evident chain) and the live streams that serve it. */
@ApplicationModule(allowedDependencies = {"platform"})
@NullMarked
package dev.kassa.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

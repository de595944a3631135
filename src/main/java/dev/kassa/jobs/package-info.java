/** Background jobs on db-scheduler, with their state and progress kept for users to follow. */
@ApplicationModule(allowedDependencies = {"platform", "events::log"})
@NullMarked
package dev.kassa.jobs;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

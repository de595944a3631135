/** Background jobs on db-scheduler, with their state and progress kept for users to follow. */
@NullMarked
package dev.kassa.jobs;

import org.jspecify.annotations.NullMarked;

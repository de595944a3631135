/** HTTP conventions, errors, security, rate limits, the embedded database and identifiers. */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.kassa.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

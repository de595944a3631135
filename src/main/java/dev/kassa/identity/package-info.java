/** Users, their roles and locations, passwords, and the tokens they sign in with. */
@ApplicationModule(allowedDependencies = {"platform", "events::log"})
@NullMarked
package dev.kassa.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

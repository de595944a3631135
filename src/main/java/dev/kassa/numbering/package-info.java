/** Document series and their gapless numbers, per document type, location and financial year. */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "organization"})
@NullMarked
package dev.kassa.numbering;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

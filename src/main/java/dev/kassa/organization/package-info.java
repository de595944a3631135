/** The organization's profile, tax registrations, bank accounts, financial years, and its locations. */
@ApplicationModule(allowedDependencies = {"platform", "platform::gst", "events::log", "identity"})
@NullMarked
package dev.kassa.organization;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

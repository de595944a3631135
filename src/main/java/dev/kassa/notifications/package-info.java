/** Outbound messages (email, WhatsApp) through an outbox, and webhooks that follow the event log. */
@ApplicationModule(allowedDependencies = {"platform", "events::log", "events::feed"})
@NullMarked
package dev.kassa.notifications;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

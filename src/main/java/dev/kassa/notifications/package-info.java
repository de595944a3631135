/** Outbound messages (email, WhatsApp) through an outbox, and webhooks that follow the event log. */
@NullMarked
package dev.kassa.notifications;

import org.jspecify.annotations.NullMarked;

package dev.kassa.tills;

import java.util.UUID;

/**
 * A session is being closed (counted), published inside the close's transaction before its row is locked;
 * a listener's writes commit or roll back with the close.
 */
public record TillSessionClosing(UUID sessionId, UUID terminalId, UUID userId) {
}

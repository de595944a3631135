package dev.kassa.platform;

/**
 * A value already serialized to JSON, so that a document written under a lock (a sale holding its
 * number's row) is serialized once and shared by its event and its idempotent answer.
 */
public record RawJson(String text) {
}

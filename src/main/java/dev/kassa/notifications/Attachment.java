package dev.kassa.notifications;

/**
 * A file sent with an email, e.g. a receipt's PDF.
 *
 * @param fileName as the recipient sees it, without a path
 * @param contentType a MIME type, e.g. {@code application/pdf}
 */
record Attachment(String fileName, String contentType, byte[] content) {
}

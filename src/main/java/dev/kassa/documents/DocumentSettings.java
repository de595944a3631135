package dev.kassa.documents;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the documents, bound from {@code kassa.documents.*}.
 *
 * @param fallbackFonts TrueType font files (paths) tried, in order, for characters the bundled Liberation Sans
 *        lacks (Devanagari, Tamil, ...), e.g. a Noto Sans font of the script; characters no font has print as ?
 * @param receiptFooter the last lines of a receipt
 * @param batchMaxDays the longest period a batch may cover, in days, both ends counted
 * @param batchMaxDocuments the most documents one batch may hold
 * @param batchRetention how long a batch's ZIP file is kept after it is made
 * @param batchCleanupSweep how often expired batch files are removed
 * @param sendsPerSalePerDay how many times one sale's receipt or invoice may be sent in 24 h, so that a till cannot
 *        be made to flood an address (or the shop's WhatsApp bill) with one sale's documents
 */
@ConfigurationProperties("kassa.documents")
record DocumentSettings(@DefaultValue List<String> fallbackFonts,
		@DefaultValue("Thank you for shopping with us!") String receiptFooter,
		@DefaultValue("31") int batchMaxDays, @DefaultValue("500") int batchMaxDocuments,
		@DefaultValue("24h") Duration batchRetention, @DefaultValue("10m") Duration batchCleanupSweep,
		@DefaultValue("5") int sendsPerSalePerDay) {
}

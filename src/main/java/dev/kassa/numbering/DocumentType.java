package dev.kassa.numbering;

/** The kinds of documents that carry a number from a series. */
public enum DocumentType {

	SALE("", 6), ESTIMATE("E", 5), CREDIT_NOTE("C", 5), DELIVERY("D", 5), TRANSFER("T", 5),

	/** A refund of container deposits (delivery module): its own series, as deposits are not sales. */
	DEPOSIT_REFUND("R", 5);

	/** The prefix and widest sequence of the series created by default. */
	final String defaultPrefix;

	final int defaultWidth;

	DocumentType(String defaultPrefix, int defaultWidth) {
		this.defaultPrefix = defaultPrefix;
		this.defaultWidth = defaultWidth;
	}
}

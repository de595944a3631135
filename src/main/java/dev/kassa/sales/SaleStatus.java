package dev.kassa.sales;

/** A sale is completed when posted; a void keeps it, its number and its lines. */
public enum SaleStatus {
	COMPLETED, VOIDED
}

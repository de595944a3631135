package dev.kassa.sales;

/** How a customer pays. Only cash may be tendered beyond its amount and give change. */
public enum PaymentMethod {
	CASH, CARD, UPI, OTHER
}

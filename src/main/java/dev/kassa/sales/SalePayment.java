package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * @param amount what this payment settles of the total
 * @param tendered cash handed over; the difference to {@code amount} was given back as change
 */
public record SalePayment(UUID id, PaymentMethod method, BigDecimal amount, @Nullable BigDecimal tendered,
		@Nullable String reference) {
}

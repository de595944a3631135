package dev.kassa.customers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A customer.
 *
 * @param phone E.164, e.g. {@code +919876543210}
 * @param gstin for business customers, checked for format and check character
 */
public record Customer(UUID id, String name, @Nullable String phone, @Nullable String email, @Nullable String gstin,
		@Nullable Address billingAddress, @Nullable Address shippingAddress, @Nullable String notes,
		List<String> tags, Instant createdAt, Instant updatedAt) {
}

package dev.kassa.compat;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The seed's request bodies, as its clients send them. */
final class SeedRequests {

	private SeedRequests() {
	}

	/**
	 * One item of the seed's estimate or sale.
	 *
	 * @param id the product: its id (a UUID) or its SKU; the seed's integer ids are the SKUs of the products
	 *        imported from it (see docs/compat.md)
	 * @param name ignored: the catalog's name is used
	 * @param price the unit price; a price other than the catalog's is an override, allowed as for a sale
	 */
	record Item(@NotBlank @Size(max = 64) String id, @Size(max = 200) @Nullable String name,
			@DecimalMin("0") @Digits(integer = 10, fraction = 4) @Nullable BigDecimal price,
			@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 3) BigDecimal quantity) {
	}

	/**
	 * The seed's estimate and sale body. {@code subtotal} and {@code total} must agree with the server's.
	 *
	 * @param customerPhone finds the customer, or creates one with {@code customerName} and the address
	 * @param saleBy the seed's free-text seller, kept in the notes; the caller is the cashier
	 * @param discountAmount a percentage when {@code isPercentageDiscount}, else an amount
	 * @param paymentMode Cash, Card, UPI; anything else is OTHER with the mode as its reference
	 */
	record Sale(@Size(max = 200) @Nullable String customerName, @Size(max = 32) @Nullable String customerPhone,
			@Size(max = 500) @Nullable String customerAddress, @Size(max = 100) @Nullable String saleBy,
			@NotEmpty @Size(max = 500) List<@Valid @NotNull Item> items,
			@Digits(integer = 14, fraction = 4) @Nullable BigDecimal subtotal,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal discountAmount,
			@Nullable Boolean isPercentageDiscount,
			@NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal total,
			@Size(max = 32) @Nullable String paymentMode, @Size(max = 1000) @Nullable String notes) {
	}

	/** The seed's {@code PUT /{order_id}/status} body; the seed also took it as a query parameter. */
	record Status(@Size(max = 32) @Nullable String status, @Size(max = 32) @Nullable String newStatus) {
	}
}

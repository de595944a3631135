package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;

/**
 * Prices a cart without selling it, exactly as {@code POST /api/v1/sales} would, so a till shows only the
 * server's figures (and its refusals, such as a price override beyond the cashier's limit) before tender.
 * Writes nothing; stock is checked when the sale is posted.
 */
@RestController
@Tag(name = "Sales")
class SaleQuoteController {

	private final Quotes quotes;

	SaleQuoteController(Quotes quotes) {
		this.quotes = quotes;
	}

	/** A cart to price: the parts of a sale that decide its figures. */
	record CartRequest(@NotNull UUID locationId,
			@Pattern(regexp = "[0-9]{2}", message = "must be a two-digit state code") @Nullable String placeOfSupply,
			@NotEmpty @Size(max = 500) List<Sales.@Valid @NotNull NewLine> lines,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal discount,
			@Nullable Boolean isPercentageDiscount) {
	}

	/** The server's figures for a cart; {@code total} is what the sale will charge. */
	record CartQuote(UUID locationId, String currency, String supply, @Nullable String placeOfSupply,
			BigDecimal subtotal, BigDecimal saleDiscount, BigDecimal discountTotal, BigDecimal taxable,
			BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, BigDecimal taxTotal, BigDecimal total,
			List<SaleLine> lines) {
	}

	@PostMapping("/api/v1/sales/quote")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Price a cart as a sale would be priced, without recording anything (the till's totals)")
	CartQuote quote(@Valid @RequestBody CartRequest request, CurrentUser user) {
		var quote = quotes.preview(new Quotes.Request(request.locationId(), request.placeOfSupply(), request.lines(),
				request.discount(), request.isPercentageDiscount(), null, null), user);
		var priced = quote.priced();
		return new CartQuote(quote.location().id(), quote.currency(), quote.supply().name(), quote.placeOfSupply(),
				priced.subtotal(), priced.saleDiscount(), priced.discountTotal(), priced.taxable(), priced.cgst(),
				priced.sgst(), priced.igst(), priced.cess(), priced.tax(), priced.total(), quote.lines());
	}
}

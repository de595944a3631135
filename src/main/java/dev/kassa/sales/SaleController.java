package dev.kassa.sales;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Sales")
class SaleController {

	private final Sales sales;

	SaleController(Sales sales) {
		this.sales = sales;
	}

	@PostMapping("/api/v1/sales")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Post a sale: priced by the server, paid, taken from stock and numbered at once; "
			+ "Idempotency-Key required, a repeat answers the first response")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Sales.NewSale request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser cashier) {
		var response = sales.create(request, idempotencyKey, cashier);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	record VoidRequest(@NotBlank @Size(max = 500) String reason) {
	}

	@PostMapping("/api/v1/sales/{id}/void")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Void a sale on its own business day, with a reason: stock goes back, the number stays; "
			+ "a CASHIER needs a MANAGER's approval (Kassa-Approval, max_percent 100)")
	Sale voidSale(@PathVariable UUID id, @Valid @RequestBody VoidRequest request, CurrentUser manager) {
		return sales.voidSale(id, request.reason(), manager);
	}

	record ReturnQuoteRequest(@NotNull @Size(max = 500) java.util.List<Sales.@Valid @NotNull QuoteLine> lines) {
	}

	@PostMapping("/api/v1/sales/{id}/returns/quote")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Price a return of some of a sale's lines as the return would be priced, writing nothing: "
			+ "every line with what may still be returned and the refund for the quantity asked (the till's refund)")
	Sales.ReturnQuote quoteReturn(@PathVariable UUID id, @Valid @RequestBody ReturnQuoteRequest request,
			CurrentUser user) {
		return sales.quoteReturn(id, request.lines(), user);
	}

	@PostMapping("/api/v1/sales/{id}/returns")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Take back some of a sale's lines as a credit note, restocking per line and refunding; "
			+ "never more than sold minus earlier returns; Idempotency-Key required; a CASHIER needs a MANAGER's "
			+ "approval (Kassa-Approval, max_percent 100)")
	ResponseEntity<JsonNode> createReturn(@PathVariable UUID id, @Valid @RequestBody Sales.NewReturn request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = sales.createReturn(id, request, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/sales/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Get a sale with its lines and payments")
	Sale get(@PathVariable UUID id, CurrentUser user) {
		return sales.get(id, user);
	}

	@GetMapping("/api/v1/sales/by-number")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Get a sale by its document number (numbers hold slashes, so it is a query parameter)")
	Sale byNumber(@RequestParam String number, CurrentUser user) {
		return sales.byNumber(number, user);
	}

	@GetMapping("/api/v1/sales")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "List sales, newest first, filtered by location, status, business days (from, to "
			+ "inclusive), cashier, customer and payment method")
	Page<Sale> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable SaleStatus status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(name = "cashier_id", required = false) @Nullable UUID cashierId,
			@RequestParam(name = "customer_id", required = false) @Nullable UUID customerId,
			@RequestParam(name = "payment_method", required = false) @Nullable PaymentMethod paymentMethod,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		if (locationId != null) {
			user.requireLocation(locationId);
		}
		return sales.list(new Sales.Filter(user.locations(), locationId, status, from, to, cashierId, customerId,
				paymentMethod), cursor, limit);
	}
}

package dev.kassa.sales;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Sales")
class OfflineExceptionController {

	private final OfflineExceptions exceptions;

	OfflineExceptionController(OfflineExceptions exceptions) {
		this.exceptions = exceptions;
	}

	@GetMapping("/api/v1/offline-exceptions")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List what sales made offline met when they arrived (stock short, a price changed or "
			+ "unexplained, a product deactivated, a customer missing, a late arrival, a cancelled number), newest "
			+ "first, filtered by location, till session, sale and kind; the sales stand")
	Page<OfflineException> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(name = "session_id", required = false) @Nullable UUID sessionId,
			@RequestParam(name = "sale_id", required = false) @Nullable UUID saleId,
			@RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return exceptions.list(locationId, sessionId, saleId, kind, cursor, limit, user);
	}
}

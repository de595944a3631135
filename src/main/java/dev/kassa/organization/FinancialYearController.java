package dev.kassa.organization;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Financial years")
class FinancialYearController {

	private final FinancialYears years;

	private final Idempotency idempotency;

	FinancialYearController(FinancialYears years, Idempotency idempotency) {
		this.years = years;
		this.idempotency = idempotency;
	}

	record CreateFinancialYear(@NotNull LocalDate startsOn, @NotNull LocalDate endsOn,
			@Size(max = 8) @Nullable String code) {
	}

	@PostMapping("/api/v1/organization/financial-years")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Create a financial year; it must not overlap another (409 naming it)")
	ResponseEntity<JsonNode> create(@Valid @RequestBody CreateFinancialYear request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		var answer = idempotency.run("financial_year.create:" + user.id(), key, request, HttpStatus.CREATED,
				() -> years.create(
						new FinancialYears.NewFinancialYear(request.startsOn(), request.endsOn(), request.code())));
		return ResponseEntity.status(answer.status()).body(answer.body());
	}

	@GetMapping("/api/v1/organization/financial-years")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List the financial years, oldest created first")
	Page<FinancialYear> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return years.list(cursor, limit);
	}

	@GetMapping("/api/v1/organization/financial-years/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Get a financial year")
	FinancialYear get(@PathVariable UUID id) {
		return years.get(id);
	}

	@PostMapping("/api/v1/organization/financial-years/{id}/close")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Close a financial year: it takes no new documents")
	FinancialYear close(@PathVariable UUID id) {
		return years.close(id);
	}
}

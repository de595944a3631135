package dev.kassa.numbering;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Document series")
@RolesAllowed({ "ADMIN", "MANAGER" })
class DocumentSeriesController {

	private final DocumentNumbers numbers;

	private final Idempotency idempotency;

	DocumentSeriesController(DocumentNumbers numbers, Idempotency idempotency) {
		this.numbers = numbers;
		this.idempotency = idempotency;
	}

	record CreateSeries(@NotNull DocumentType documentType, @NotNull UUID locationId, @NotNull UUID financialYearId,
			@NotBlank @Size(max = 64) String format) {
	}

	@PostMapping("/api/v1/document-series")
	@Operation(summary = "Create a series for a document type, location and financial year, e.g. {LOC}/{FY}/{SEQ:6}")
	ResponseEntity<JsonNode> create(@Valid @RequestBody CreateSeries request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		user.requireLocation(request.locationId());
		var answer = idempotency.run("document_series.create:" + user.id(), key, request, HttpStatus.CREATED,
				() -> numbers.create(new DocumentNumbers.NewSeries(request.documentType(), request.locationId(),
						request.financialYearId(), request.format())));
		return ResponseEntity.status(answer.status()).body(answer.body());
	}

	@GetMapping("/api/v1/document-series")
	@Operation(summary = "List the series of the locations you may see; filter by location, type and year")
	Page<DocumentSeries> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(name = "document_type", required = false) @Nullable DocumentType documentType,
			@RequestParam(name = "financial_year_id", required = false) @Nullable UUID financialYearId,
			CurrentUser user) {
		return numbers.list(cursor, limit, user.locations(), locationId, documentType, financialYearId);
	}

	@GetMapping("/api/v1/document-series/{id}")
	@Operation(summary = "Get a series")
	DocumentSeries get(@PathVariable UUID id, CurrentUser user) {
		return visible(numbers.get(id), user);
	}

	@GetMapping("/api/v1/document-series/{id}/next")
	@Operation(summary = "Preview the next number of a series without taking it")
	DocumentNumbers.NextNumber next(@PathVariable UUID id, CurrentUser user) {
		visible(numbers.get(id), user);
		return numbers.preview(id);
	}

	private static DocumentSeries visible(DocumentSeries series, CurrentUser user) {
		if (!user.mayUse(series.locationId())) {
			throw ApiException.notFound("Document series", series.id());
		}
		return series;
	}
}

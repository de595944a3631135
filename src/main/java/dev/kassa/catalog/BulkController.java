package dev.kassa.catalog;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.Idempotency;

@RestController
@Tag(name = "Bulk catalog operations")
@RolesAllowed({ "ADMIN", "MANAGER" })
class BulkController {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final CatalogImport imports;

	private final CatalogBulk bulk;

	private final dev.kassa.platform.Idempotency idempotency;

	BulkController(CatalogImport imports, CatalogBulk bulk, dev.kassa.platform.Idempotency idempotency) {
		this.idempotency = idempotency;
		this.imports = imports;
		this.bulk = bulk;
	}

	@PostMapping("/api/v1/products/imports")
	@Operation(summary = "Upload a product CSV (create or update by SKU) to import in the background; mode all_or_nothing or valid_rows. 202 with the import and its job_id")
	ResponseEntity<JsonNode> upload(@RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(required = false) @Nullable String mode,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		// the problems of the request in one answer: the file (or, with a file, its mode) and the key
		var errors = new ArrayList<ApiException.FieldError>();
		@Nullable ImportMode importMode = null;
		if (file == null) {
			errors.add(new ApiException.FieldError("file", "is required: a multipart part named file with the CSV"));
		}
		else {
			try {
				importMode = mode(mode);
			}
			catch (ApiException ex) {
				errors.addAll(ex.errors());
			}
		}
		try {
			Idempotency.checkKey(idempotencyKey);
		}
		catch (ApiException ex) {
			errors.addAll(ex.errors());
		}
		if (file == null || importMode == null || !errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		var response = imports.upload(file, file.getOriginalFilename(), file.getSize(), importMode, idempotencyKey);
		var id = response.body().path("id").asString();
		return ResponseEntity.status(response.status())
			.header(HttpHeaders.LOCATION, "/api/v1/products/imports/" + id)
			.body(response.body());
	}

	private static ImportMode mode(@Nullable String mode) {
		if (mode == null || mode.isBlank()) {
			throw ApiException.invalid("mode", "is required: all_or_nothing or valid_rows");
		}
		try {
			return ImportMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("mode", "must be all_or_nothing or valid_rows");
		}
	}

	@GetMapping("/api/v1/products/imports/{id}")
	@Operation(summary = "An import's status and counts")
	ProductImport get(@PathVariable UUID id) {
		return imports.find(id);
	}

	@GetMapping(path = "/api/v1/products/imports/{id}/errors.csv", produces = "text/csv")
	@Operation(summary = "An import's error report as CSV: line, field, message")
	ResponseEntity<StreamingResponseBody> errors(@PathVariable UUID id) {
		imports.find(id);
		return csv("import-" + id + "-errors.csv", out -> imports.writeErrors(id, out));
	}

	@GetMapping(path = "/api/v1/products/export.csv", produces = "text/csv")
	@Operation(summary = "Export products as CSV in the import's columns (it imports back unchanged); filter by category_id (with subcategories) and active")
	ResponseEntity<StreamingResponseBody> export(
			@RequestParam(name = "category_id", required = false) @Nullable UUID categoryId,
			@RequestParam(required = false) @Nullable Boolean active) {
		bulk.checkExport(categoryId);
		return csv("products.csv", out -> bulk.export(categoryId, active, out));
	}

	@PostMapping("/api/v1/products/bulk/price-change")
	@Operation(summary = "Change the prices of a category and its subcategories by a percent or an amount (negative: down), rounded to the paisa; refused (422) if any would go below zero; Idempotency-Key required, a repeat answers the first response")
	ResponseEntity<JsonNode> changePrices(@Valid @RequestBody CatalogBulk.PriceChangeInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			dev.kassa.platform.CurrentUser user) {
		var response = idempotency.run("price-change:" + user.id(), idempotencyKey, request, HttpStatus.OK,
				() -> bulk.changePrices(request));
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/products/bulk/activate")
	@Operation(summary = "Activate products by ids (at most 10,000) or by category with its subcategories")
	CatalogBulk.BulkResult activate(@Valid @RequestBody CatalogBulk.SelectionInput request) {
		return bulk.setActive(request, true);
	}

	@PostMapping("/api/v1/products/bulk/deactivate")
	@Operation(summary = "Deactivate products by ids (at most 10,000) or by category with its subcategories")
	CatalogBulk.BulkResult deactivate(@Valid @RequestBody CatalogBulk.SelectionInput request) {
		return bulk.setActive(request, false);
	}

	private interface CsvWriter {

		void write(Writer out);
	}

	private static ResponseEntity<StreamingResponseBody> csv(String fileName, CsvWriter writer) {
		StreamingResponseBody body = stream -> {
			var out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
			writer.write(out);
			out.flush();
		};
		return ResponseEntity.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
			.body(body);
	}
}

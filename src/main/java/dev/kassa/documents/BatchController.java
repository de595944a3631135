package dev.kassa.documents;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
@Tag(name = "Documents")
@RolesAllowed({ "ADMIN", "MANAGER" })
class BatchController {

	private final DocumentBatches batches;

	BatchController(DocumentBatches batches) {
		this.batches = batches;
	}

	@PostMapping("/api/v1/documents/batches")
	@Operation(summary = "Ask for a ZIP of the invoices or receipts of a location's sales from one business day to "
			+ "another (bounded in days and documents), made in the background; 202 with the batch and its job_id; "
			+ "Idempotency-Key required")
	ResponseEntity<JsonNode> create(@Valid @RequestBody DocumentBatches.NewBatch request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = batches.create(request, idempotencyKey, user);
		return ResponseEntity.status(response.status())
			.header(HttpHeaders.LOCATION, "/api/v1/documents/batches/" + response.body().path("id").asString())
			.body(response.body());
	}

	@GetMapping("/api/v1/documents/batches")
	@Operation(summary = "List document batches, newest first, of a location or of every location the caller may see")
	Page<DocumentBatch> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return batches.list(locationId, cursor, limit, user);
	}

	@GetMapping("/api/v1/documents/batches/{id}")
	@Operation(summary = "A document batch: its state, progress and, once made, the link to its file")
	DocumentBatch get(@PathVariable UUID id, CurrentUser user) {
		return batches.get(id, user);
	}

	@GetMapping("/api/v1/documents/batches/{id}/file")
	@ApiResponse(responseCode = "200", description = "the ZIP of PDFs",
			content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
	@Operation(summary = "Download a made batch as ZIP; 409 while it is being made, 410 once it has expired")
	ResponseEntity<byte[]> file(@PathVariable UUID id, CurrentUser user) {
		var file = batches.file(id, user);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.fileName()).build().toString())
			.eTag(file.etag())
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(file.content());
	}
}

package dev.kassa.documents;

import java.util.UUID;
import java.util.function.Supplier;

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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.CurrentUser;

/**
 * Documents as PDF, rendered on each request. A request whose {@code If-None-Match} names the current
 * ETag gets 304 without rendering; responses are private to the caller and revalidated on each use.
 */
@RestController
@Tag(name = "Documents")
class DocumentController {

	private final Documents documents;

	private final DocumentSending sending;

	DocumentController(Documents documents, DocumentSending sending) {
		this.documents = documents;
		this.sending = sending;
	}

	@PostMapping("/api/v1/sales/{id}/send")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Send a sale's receipt (default) or invoice to its customer, or to the address given: "
			+ "by email with the PDF attached, or by WhatsApp as the PDF with a caption; 202 with the queued message")
	ResponseEntity<JsonNode> send(@PathVariable UUID id, @Valid @RequestBody DocumentSending.SendRequest body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			CurrentUser user) {
		var response = sending.send(id, body, idempotencyKey, user);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/sales/{id}/receipt.pdf")
	@ApiResponse(responseCode = "200", description = "the PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "A sale's 80 mm thermal receipt as PDF")
	ResponseEntity<byte[]> receipt(@PathVariable UUID id, CurrentUser user, WebRequest request) {
		return pdf(() -> documents.prepareReceipt(id, user), request);
	}

	@GetMapping("/api/v1/sales/{id}/invoice.pdf")
	@ApiResponse(responseCode = "200", description = "the PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "A sale's A4 GST tax invoice as PDF (original for recipient); a voided sale's is marked VOID")
	ResponseEntity<byte[]> invoice(@PathVariable UUID id, CurrentUser user, WebRequest request) {
		return pdf(() -> documents.prepareInvoice(id, user), request);
	}

	@GetMapping("/api/v1/sales/{id}/returns/{returnId}/credit-note.pdf")
	@ApiResponse(responseCode = "200", description = "the PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The A4 credit note of a return of a sale as PDF")
	ResponseEntity<byte[]> creditNote(@PathVariable UUID id, @PathVariable UUID returnId, CurrentUser user,
			WebRequest request) {
		return pdf(() -> documents.prepareCreditNote(id, returnId, user), request);
	}

	@GetMapping("/api/v1/estimates/{id}/quotation.pdf")
	@ApiResponse(responseCode = "200", description = "the PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "An estimate's A4 quotation as PDF, with its validity")
	ResponseEntity<byte[]> quotation(@PathVariable UUID id, CurrentUser user, WebRequest request) {
		return pdf(() -> documents.prepareQuotation(id, user), request);
	}

	private static ResponseEntity<byte[]> pdf(Supplier<Documents.Prepared> prepare, WebRequest request) {
		var prepared = prepare.get();
		var cache = CacheControl.noCache().cachePrivate();
		if (request.checkNotModified(prepared.etag())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(prepared.etag()).cacheControl(cache).build();
		}
		var document = prepared.render();
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename(document.fileName()).build().toString())
			.eTag(document.etag())
			.cacheControl(cache)
			.body(document.content());
	}
}

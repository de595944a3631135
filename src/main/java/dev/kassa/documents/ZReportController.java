package dev.kassa.documents;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.tills.Terminals;
import dev.kassa.tills.TillSessions;

/** A till session's Z report as a PDF, on the terminal's receipt roll or on A4. */
@RestController
@Tag(name = "Till sessions")
class ZReportController {

	private final TillSessions sessions;

	private final Terminals terminals;

	private final OrganizationService organization;

	private final PdfFonts fonts;

	ZReportController(TillSessions sessions, Terminals terminals, OrganizationService organization, PdfFonts fonts) {
		this.sessions = sessions;
		this.terminals = terminals;
		this.organization = organization;
		this.fonts = fonts;
	}

	@GetMapping(path = "/api/v1/till-sessions/{id}/z-report", produces = MediaType.APPLICATION_PDF_VALUE)
	@ApiResponse(responseCode = "200", description = "the PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The Z report of a closed session: JSON, or with Accept: application/pdf the PDF "
			+ "(paper=80mm, 58mm or a4, the terminal's paper width when absent); 404 until closed")
	ResponseEntity<byte[]> byAccept(@PathVariable UUID id, @RequestParam(required = false) @Nullable String paper,
			CurrentUser user) {
		return pdf(id, paper, user);
	}

	@GetMapping("/api/v1/till-sessions/{id}/z-report.pdf")
	@ApiResponse(responseCode = "200", description = "the PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The Z report of a closed session as PDF, as GET z-report with Accept: application/pdf: "
			+ "paper=80mm, 58mm (receipt roll) or a4; the terminal's paper width when absent; 404 until closed")
	ResponseEntity<byte[]> pdf(@PathVariable UUID id, @RequestParam(required = false) @Nullable String paper,
			CurrentUser user) {
		var z = sessions.zReport(id, user);
		var sheet = paper == null ? null : switch (paper.toLowerCase(java.util.Locale.ROOT)) {
			case "80mm", "80" -> ZReportLayout.Sheet.ROLL_80;
			case "58mm", "58" -> ZReportLayout.Sheet.ROLL_58;
			case "a4" -> ZReportLayout.Sheet.A4;
			default -> throw ApiException.invalid("paper", "must be 80mm, 58mm or a4");
		};
		if (sheet == null) {
			sheet = terminals.get(z.terminalId(), user).paperWidth() == 58 ? ZReportLayout.Sheet.ROLL_58
					: ZReportLayout.Sheet.ROLL_80;
		}
		var shop = organization.profile().map(p -> p.tradeName() != null ? p.tradeName() : p.legalName()).orElse("Kassa");
		byte[] content;
		try (var pdf = new Pdf(fonts, "Z report " + z.number(), z.createdAt())) {
			ZReportLayout.render(pdf, z, shop, sheet);
			content = pdf.finish();
		}
		var code = z.report().path("terminal_code").asString("terminal");
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
				.filename("z-report-" + code.replaceAll("[^A-Za-z0-9-]", "") + "-" + z.number() + ".pdf")
				.build()
				.toString())
			.body(content);
	}
}

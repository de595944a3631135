package dev.kassa.reports;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;

@RestController
@Tag(name = "Reports")
class ReportController {

	static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

	private final Reports reports;

	ReportController(Reports reports) {
		this.reports = reports;
	}

	@GetMapping("/api/v1/reports/daily")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "A location's business day (its local day; today when no date): totals, payment methods, "
			+ "top products, categories, cashiers, hours, GST by rate, returns and voids; CSV with Accept: text/csv")
	ResponseEntity<?> daily(@RequestParam(name = "location_id") UUID locationId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			@RequestParam(required = false) @Nullable Integer top,
			@RequestParam(required = false) @Nullable String section,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept, CurrentUser user) {
		checkSection(section);
		return answer(reports.day(locationId, date, top, user), section, accept);
	}

	@GetMapping("/api/v1/reports/range")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Business days from..to inclusive (at most 366) of one location, or of every location the "
			+ "caller may see; the same figures as the daily report; CSV with Accept: text/csv")
	ResponseEntity<?> range(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) @Nullable Integer top,
			@RequestParam(required = false) @Nullable String section,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept, CurrentUser user) {
		checkSection(section);
		return answer(reports.range(locationId, from, to, top, user), section, accept);
	}

	private static void checkSection(@Nullable String section) {
		if (section != null && !ReportCsv.sections().contains(section)) {
			throw ApiException.invalid("section", "must be one of " + String.join(", ", ReportCsv.SECTIONS));
		}
	}

	private static ResponseEntity<?> answer(SalesReport report, @Nullable String section, @Nullable String accept) {
		if (wantsCsv(accept)) {
			return ResponseEntity.ok()
				.contentType(CSV)
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"report-" + report.period().from() + "-"
						+ report.period().to() + ".csv\"")
				.body(ReportCsv.write(report, section));
		}
		if (section != null) {
			throw ApiException.invalid("section", "is for CSV (Accept: text/csv); JSON has every section");
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
	}

	private static boolean wantsCsv(@Nullable String accept) {
		if (accept == null) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (org.springframework.http.InvalidMediaTypeException ex) {
			throw ApiException.invalid("Accept", "is not a media type list");
		}
		for (var type : types) {
			if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
				return true;
			}
			if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return false;
			}
		}
		return false;
	}
}

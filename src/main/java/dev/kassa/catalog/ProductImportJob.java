package dev.kassa.catalog;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.kassa.jobs.JobHandler;
import dev.kassa.jobs.JobProgress;

/**
 * Runs a product import in the background. Progress is in bytes of the file; a run cut short goes on
 * after the import's last committed batch (valid rows: {@code resumed}) or starts over (all or nothing:
 * {@code retried}).
 */
@Component
class ProductImportJob implements JobHandler {

	static final String KIND = "catalog.import";

	private final CatalogImport imports;

	ProductImportJob(CatalogImport imports) {
		this.imports = imports;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public @Nullable String run(JsonNode input, JobProgress progress) {
		var id = importId(input);
		var done = imports.resume(id, (lines, bytesRead, bytesTotal) -> {
			progress.total(bytesTotal);
			progress.done(bytesRead);
		});
		if (done.problem() != null) {
			progress.error(done.problem());
		}
		return "/api/v1/products/imports/" + id;
	}

	/** A valid-rows import goes on after its last committed batch; an all-or-nothing one committed nothing and starts over. */
	@Override
	public boolean resumable(JsonNode input) {
		return imports.find(importId(input)).mode() == ImportMode.VALID_ROWS;
	}

	private static UUID importId(JsonNode input) {
		return UUID.fromString(input.path("import_id").asString());
	}
}

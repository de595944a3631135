package dev.kassa.documents;

import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.kassa.jobs.JobHandler;
import dev.kassa.jobs.JobProgress;

/**
 * Makes a document batch in the background. Progress counts sales; a run cut short starts over (the ZIP is
 * written in memory and stored once, so nothing of a cut run is kept); a finished batch is not made again.
 */
@Component
class BatchJob implements JobHandler {

	static final String KIND = "documents.batch";

	private final DocumentBatches batches;

	BatchJob(DocumentBatches batches) {
		this.batches = batches;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public String run(JsonNode input, JobProgress progress) {
		return batches.make(UUID.fromString(input.path("batch_id").asString()), progress);
	}
}

package dev.kassa.jobs;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A kind of background job. Modules implement it as a bean; {@link Jobs#submit} runs it. */
public interface JobHandler {

	/** The kind's name, unique, e.g. {@code catalog.import}. */
	String kind();

	/**
	 * Does the work. Throwing fails this attempt; it is retried with back-off up to three attempts.
	 *
	 * @return a link to the result (a file, a report), or {@code null}
	 */
	@Nullable String run(JsonNode input, JobProgress progress) throws Exception;

	/** Whether a run cut short (the process died) can go on from {@link JobProgress#done()} rather than restart. */
	default boolean resumable() {
		return false;
	}
}

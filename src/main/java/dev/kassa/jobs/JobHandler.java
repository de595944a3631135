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

	/**
	 * Whether a run of this input cut short (its process died) goes on from what it had committed rather
	 * than start over: the next run is then recorded as {@code resumed}, else as {@code retried}.
	 * {@link JobProgress#done()} tells the next run where the last one was.
	 */
	default boolean resumable(JsonNode input) {
		return false;
	}
}

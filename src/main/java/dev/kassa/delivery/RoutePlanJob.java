package dev.kassa.delivery;

import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.kassa.jobs.JobHandler;
import dev.kassa.jobs.JobProgress;

/**
 * Solves a large route plan in the background. Progress counts the solver's iterations; the result is the
 * plan, whose routes are PLANNED (or whose failure says why, when another plan took its orders first).
 * A run cut short solves again from the start: nothing of it was committed.
 */
@Component
class RoutePlanJob implements JobHandler {

	private final Routes routes;

	RoutePlanJob(Routes routes) {
		this.routes = routes;
	}

	@Override
	public String kind() {
		return Routes.JOB_KIND;
	}

	@Override
	public String run(JsonNode input, JobProgress progress) {
		return routes.runPlan(UUID.fromString(input.path("plan_id").asString()), progress);
	}
}

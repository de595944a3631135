package dev.kassa.jobs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Job kinds for the tests: one that counts to its input's {@code n}, one whose first attempt fails. */
final class TestJobs {

	private TestJobs() {
	}

	@Component
	static final class Count implements JobHandler {

		@Override
		public String kind() {
			return "test.count";
		}

		@Override
		public String run(JsonNode input, JobProgress progress) {
			long n = input.path("n").asLong();
			progress.total(n);
			for (long i = 1; i <= n; i++) {
				if (i % 7 == 0) {
					progress.error("item " + i + " skipped");
				}
				progress.done(i);
			}
			return "/api/v1/results/count-" + n;
		}
	}

	@Component
	static final class FailsOnce implements JobHandler {

		static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

		@Override
		public String kind() {
			return "test.fails-once";
		}

		@Override
		public String run(JsonNode input, JobProgress progress) {
			if (FAILED.add(input.path("key").asString())) {
				throw new IllegalStateException("first attempt fails");
			}
			progress.total(1);
			progress.done(1);
			return null;
		}
	}
}

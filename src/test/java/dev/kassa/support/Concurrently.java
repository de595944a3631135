package dev.kassa.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Races calls against each other, for the tests of what must hold when requests arrive at once. */
public final class Concurrently {

	private Concurrently() {
	}

	/** Runs n calls at once on virtual threads, released together, and answers their results in order. */
	public static <T> List<T> concurrently(int n, IntFunction<T> call) throws Exception {
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			var start = new CountDownLatch(1);
			var tasks = new ArrayList<Future<T>>();
			for (int i = 0; i < n; i++) {
				int index = i;
				Callable<T> task = () -> {
					start.await();
					return call.apply(index);
				};
				tasks.add(executor.submit(task));
			}
			start.countDown();
			var results = new ArrayList<T>();
			for (var task : tasks) {
				results.add(task.get());
			}
			return results;
		}
	}
}

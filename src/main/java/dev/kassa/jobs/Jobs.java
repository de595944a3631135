package dev.kassa.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Workers;

/**
 * Runs background jobs on db-scheduler over the same PostgreSQL: any instance may pick a job up, and a
 * job whose process died is picked up again (db-scheduler revives dead executions), its run marked
 * {@code resumed} or {@code retried}. Failed attempts retry with exponential back-off, three attempts in
 * all. Each change of a job's state is one transaction with one event ({@code job.queued},
 * {@code job.started}, {@code job.progressed}, {@code job.retrying}, {@code job.succeeded},
 * {@code job.failed}); progress is saved and sent at most every {@link #PROGRESS_INTERVAL}. The runner is the
 * supervised worker {@code jobs} ({@link Workers}): if it dies, or db-scheduler stops by itself, a new scheduler
 * is started a second later, and {@code /health} shows {@code jobs} down meanwhile.
 */
@Service
public class Jobs implements SmartLifecycle {

	static final int MAX_ATTEMPTS = 3;

	static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

	private static final Logger log = LoggerFactory.getLogger(Jobs.class);

	private final JobRunStore runs;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Map<String, JobHandler> handlers;

	private final OneTimeTask<String> task;

	private final DataSource dataSource;

	private final Workers workers;

	/** Schedules (and, while {@link #run} runs it, executes); a new one once the runner was started again. */
	private volatile Scheduler scheduler;

	private Workers.@Nullable Worker worker;

	private final JobSettings settings;

	private volatile boolean running;

	Jobs(JobRunStore runs, EventLog events, TransactionTemplate transactions, JsonMapper json, List<JobHandler> handlers,
			DataSource dataSource, JobSettings settings, Workers workers) {
		this.settings = settings;
		this.dataSource = dataSource;
		this.workers = workers;
		this.runs = runs;
		this.events = events;
		this.transactions = transactions;
		this.json = json;
		this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(JobHandler::kind, Function.identity()));
		this.task = Tasks.oneTime("kassa-job", String.class)
			.onFailure(new FailureHandler.MaxRetriesFailureHandler<>(MAX_ATTEMPTS - 1,
					new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1))))
			.execute((instance, context) -> execute(UUID.fromString(instance.getData())));
		this.scheduler = newScheduler();
	}

	private Scheduler newScheduler() {
		// Scheduling joins the caller's transaction: a job is queued only if the change that asked for it commits.
		return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.of(task))
			.threads(settings.threads())
			.pollingInterval(settings.poll())
			.heartbeatInterval(settings.heartbeat())
			.missedHeartbeatsLimit(settings.missedHeartbeats())
			.enableImmediateExecution()
			.build();
	}

	/**
	 * The worker's body: runs a scheduler (a fresh one when the last was stopped) until the worker is stopped.
	 * db-scheduler stopping by itself is a death, so that the supervisor starts a new one.
	 */
	private void run(Workers.Worker self) throws InterruptedException {
		var current = scheduler;
		if (current.getSchedulerState().isStarted() || current.getSchedulerState().isShuttingDown()) {
			current = newScheduler();
			scheduler = current;
		}
		current.start();
		try {
			while (running && self.wanted()) {
				self.checkpoint();
				if (current.getSchedulerState().isShuttingDown()) {
					throw new IllegalStateException("db-scheduler stopped by itself");
				}
				TimeUnit.MILLISECONDS.sleep(Math.max(100, settings.poll().toMillis()));
			}
		}
		finally {
			current.stop();
		}
	}

	/**
	 * Queues a job of a kind with its JSON input; answers its id. Runs in the caller's transaction when
	 * there is one, else in a transaction of its own.
	 */
	public UUID submit(String kind, JsonNode input, @Nullable UUID startedBy) {
		if (!handlers.containsKey(kind)) {
			throw ApiException.invalid("kind", "no job kind " + kind);
		}
		return transactions.execute(tx -> {
			var id = Ids.next();
			runs.insert(id, kind, json.writeValueAsString(input), startedBy);
			events.append("job.queued", "job", id, null, Map.of("kind", kind));
			scheduler.schedule(task.instance(id.toString(), id.toString()), Instant.now());
			return id;
		});
	}

	/** A job, for the user who started it or an ADMIN or MANAGER. */
	public JobRun get(UUID id, CurrentUser user) {
		var run = runs.find(id).orElseThrow(() -> ApiException.notFound("job", id));
		if (!user.hasAny(dev.kassa.platform.Role.ADMIN, dev.kassa.platform.Role.MANAGER)
				&& !user.id().equals(run.startedBy())) {
			throw ApiException.notFound("job", id);
		}
		return run;
	}

	private void execute(UUID id) {
		var claimed = transactions.execute(tx -> {
			var before = runs.lock(id);
			if (before.state().equals("SUCCEEDED") || before.state().equals("FAILED")) {
				return Optional.<JobRun>empty();
			}
			var handler = handlers.get(before.kind());
			boolean cutShort = before.state().equals("RUNNING");
			boolean resume = cutShort && handler != null && handler.resumable(json.readTree(runs.input(id)));
			String recovery = cutShort ? (resume ? "resumed" : "retried") : null;
			runs.start(id, recovery, resume);
			var payload = new java.util.LinkedHashMap<String, Object>();
			payload.put("kind", before.kind());
			payload.put("attempt", before.attempts() + 1);
			payload.put("recovery", recovery);
			events.append("job.started", "job", id, null, payload);
			return Optional.of(runs.find(id).orElseThrow());
		});
		if (claimed == null || claimed.isEmpty()) {
			return;
		}
		var started = claimed.get();
		var handler = handlers.get(started.kind());
		var progress = new Progress(id, started.done(), (ArrayNode) started.errors());
		try {
			if (handler == null) {
				throw new IllegalStateException("no handler for job kind " + started.kind());
			}
			var result = handler.run(json.readTree(runs.input(id)), progress);
			progress.flush(true);
			transactions.executeWithoutResult(tx -> {
				runs.finish(id, "SUCCEEDED", result, progress.errorsJson());
				events.append("job.succeeded", "job", id, null, Map.of("kind", started.kind(), "done", progress.done()));
			});
		}
		catch (Exception ex) {
			progress.error("attempt " + started.attempts() + ": " + ex.getMessage());
			boolean last = started.attempts() >= MAX_ATTEMPTS;
			transactions.executeWithoutResult(tx -> {
				runs.finish(id, last ? "FAILED" : "QUEUED", null, progress.errorsJson());
				events.append(last ? "job.failed" : "job.retrying", "job", id, null,
						Map.of("kind", started.kind(), "attempt", started.attempts()));
			});
			log.warn("Job {} ({}) failed attempt {}", id, started.kind(), started.attempts(), ex);
			throw new IllegalStateException("job " + id + " failed", ex);
		}
	}

	/** Keeps progress in memory and saves it, with a {@code job.progressed} event, a few times a second. */
	private final class Progress implements JobProgress {

		private final UUID id;

		private final ArrayNode errors;

		private volatile long done;

		private volatile @Nullable Long total;

		private long lastSaved;

		Progress(UUID id, long done, ArrayNode errors) {
			this.id = id;
			this.done = done;
			this.errors = errors;
		}

		@Override
		public long done() {
			return done;
		}

		@Override
		public void total(long total) {
			this.total = total;
			flush(false);
		}

		@Override
		public void done(long done) {
			this.done = done;
			flush(false);
		}

		@Override
		public synchronized void error(String message) {
			if (errors.size() < 1000) {
				errors.add(message.length() > 500 ? message.substring(0, 500) : message);
			}
		}

		synchronized String errorsJson() {
			return json.writeValueAsString(errors);
		}

		synchronized void flush(boolean always) {
			long now = System.nanoTime();
			if (!always && now - lastSaved < PROGRESS_INTERVAL.toNanos()) {
				return;
			}
			lastSaved = now;
			transactions.executeWithoutResult(tx -> {
				runs.progress(id, done, total, errorsJson());
				var payload = new java.util.LinkedHashMap<String, Object>();
				payload.put("done", done);
				payload.put("total", total);
				events.append("job.progressed", "job", id, null, payload);
			});
		}
	}

	/** Runs jobs here from start-up unless {@code kassa.jobs.run} is false; {@link #start()} still can. */
	@Override
	public boolean isAutoStartup() {
		return settings.run();
	}

	@Override
	public void start() {
		running = true;
		worker = workers.start("jobs", this::run);
	}

	@Override
	public void stop() {
		running = false;
		var supervised = worker;
		if (supervised != null) {
			supervised.stop(Duration.ofMinutes(1));
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}
}

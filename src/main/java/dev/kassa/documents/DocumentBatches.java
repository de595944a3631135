package dev.kassa.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.events.EventLog;
import dev.kassa.jobs.JobProgress;
import dev.kassa.jobs.JobRun;
import dev.kassa.jobs.Jobs;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.Role;
import dev.kassa.sales.Sales;

/**
 * Batches of documents: the invoices or receipts of one location's sales over at most
 * {@code kassa.documents.batch-max-days} business days and {@code batch-max-documents} sales, written by a
 * background job into one ZIP that is kept in PostgreSQL for {@code batch-retention}. Events:
 * {@code document_batch.created} (with the job's {@code job.queued}), {@code document_batch.completed},
 * {@code document_batch.expired}. A batch and its file are seen by whoever may see its job and its location.
 */
@Service
class DocumentBatches {

	private static final Logger log = LoggerFactory.getLogger(DocumentBatches.class);

	private static final int PAGE = 200;

	/** What a client asks for; every field is required. */
	record NewBatch(@NotBlank @Size(max = 20) @Nullable String kind, @NotNull @Nullable UUID locationId,
			@NotNull @Nullable LocalDate from, @NotNull @Nullable LocalDate to) {
	}

	private final BatchStore store;

	private final Documents documents;

	private final Sales sales;

	private final Locations locations;

	private final Jobs jobs;

	private final EventLog events;

	private final Idempotency idempotency;

	private final TransactionTemplate transactions;

	private final DocumentSettings settings;

	private final JsonMapper json;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	DocumentBatches(BatchStore store, Documents documents, Sales sales, Locations locations, @Lazy Jobs jobs,
			EventLog events, Idempotency idempotency, TransactionTemplate transactions, DocumentSettings settings,
			JsonMapper json) {
		this.store = store;
		this.documents = documents;
		this.sales = sales;
		this.locations = locations;
		this.jobs = jobs;
		this.events = events;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.settings = settings;
		this.json = json;
	}

	/** Checks the request and queues the batch's job, once per key: 202 with the batch. */
	Idempotency.Response create(NewBatch request, @Nullable String idempotencyKey, CurrentUser user) {
		return idempotency.run("document_batch:" + user.id(), idempotencyKey, request, HttpStatus.ACCEPTED,
				() -> record(request, user));
	}

	private DocumentBatch record(NewBatch request, CurrentUser user) {
		var kind = kind(request.kind());
		var location = locations.getOrInvalid(Objects.requireNonNull(request.locationId(), "validated"), "location_id");
		user.requireLocation(location.id());
		LocalDate from = Objects.requireNonNull(request.from(), "validated");
		LocalDate to = Objects.requireNonNull(request.to(), "validated");
		if (from.isAfter(to)) {
			throw ApiException.invalid("from", "must not be after to");
		}
		long days = ChronoUnit.DAYS.between(from, to) + 1;
		if (days > settings.batchMaxDays()) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "batch_period_too_long",
					"A batch covers at most " + settings.batchMaxDays() + " days; " + from + " to " + to + " are " + days,
					List.of(new ApiException.FieldError("to", "must be within " + settings.batchMaxDays() + " days of from")),
					Map.of("max_days", settings.batchMaxDays(), "days", days));
		}
		long count = sales.count(location.id(), from, to, user);
		if (count > settings.batchMaxDocuments()) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "batch_too_large",
					"A batch holds at most " + settings.batchMaxDocuments() + " documents; " + location.code() + " has "
							+ count + " sales from " + from + " to " + to + "; ask for a shorter period",
					List.of(new ApiException.FieldError("to", "the period holds " + count + " sales, at most "
							+ settings.batchMaxDocuments() + " fit in a batch")),
					Map.of("max_documents", settings.batchMaxDocuments(), "documents", count));
		}
		var id = Ids.next();
		var row = new BatchStore.Row(id, kind, location.id(), from, to, "QUEUED", null, user.id(), count, null, null,
				null, clock.instant(), null, null);
		store.insert(row);
		var jobId = jobs.submit(BatchJob.KIND, json.createObjectNode().put("batch_id", id.toString()), user.id());
		store.setJob(id, jobId);
		var payload = new LinkedHashMap<String, Object>();
		payload.put("kind", kind.toLowerCase(Locale.ROOT));
		payload.put("location_id", location.id());
		payload.put("from", from.toString());
		payload.put("to", to.toString());
		payload.put("expected_count", count);
		payload.put("job_id", jobId);
		events.append("document_batch.created", "document_batch", id, location.id(), payload);
		return view(store.find(id).orElseThrow(), null);
	}

	private static String kind(@Nullable String kind) {
		var given = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT);
		if (!given.equals("INVOICES") && !given.equals("RECEIPTS")) {
			throw ApiException.invalid("kind", "must be invoices or receipts");
		}
		return given;
	}

	/** The batch, for whoever may see its job and its location; 404 for anyone else. */
	DocumentBatch get(UUID id, CurrentUser user) {
		var row = visible(id, user);
		return view(row, row.jobId() == null ? null : jobs.get(row.jobId(), user));
	}

	/**
	 * Batches newest first, of the location or of every location the user may see. Only ADMIN and MANAGER
	 * list them, and they may see every job.
	 */
	Page<DocumentBatch> list(@Nullable UUID locationId, @Nullable String cursor, @Nullable Integer limit,
			CurrentUser user) {
		int size = Page.limit(limit);
		if (locationId != null) {
			user.requireLocation(locationId);
		}
		var rows = store.page(user.locations(), locationId, Page.decodeId(cursor), size + 1);
		var views = new java.util.ArrayList<DocumentBatch>();
		for (var row : rows) {
			JobRun job = null;
			if (row.status().equals("QUEUED") && row.jobId() != null) {
				job = jobs.get(row.jobId(), user);
			}
			views.add(view(row, job));
		}
		return Page.of(views, size, batch -> batch.id().toString());
	}

	private BatchStore.Row visible(UUID id, CurrentUser user) {
		var row = store.find(id).filter(found -> user.mayUse(found.locationId()))
			.orElseThrow(() -> ApiException.notFound("Document batch", id));
		if (row.jobId() != null) {
			jobs.get(row.jobId(), user);
		}
		return row;
	}

	/** A made batch's ZIP: 409 while it is being made or when its job failed, 410 once it has expired. */
	record File(String fileName, byte[] content, String etag) {
	}

	File file(UUID id, CurrentUser user) {
		var row = visible(id, user);
		switch (row.status()) {
			case "EXPIRED" -> throw new ApiException(HttpStatus.GONE, "batch_expired",
					"The file of batch " + id + " was removed at " + row.expiresAt() + "; ask for a new batch");
			case "QUEUED" -> {
				var job = row.jobId() == null ? null : jobs.get(row.jobId(), user);
				if (job != null && job.state().equals("FAILED")) {
					throw ApiException.conflict("batch_failed", "Batch " + id + " was not made: its job " + job.id()
							+ " failed after " + job.attempts() + " attempts; ask for a new batch");
				}
				throw ApiException.conflict("batch_not_ready",
						"Batch " + id + " is still being made; its job is " + row.jobId());
			}
			default -> {
			}
		}
		var content = store.file(id).orElseThrow(() -> new ApiException(HttpStatus.GONE, "batch_expired",
				"The file of batch " + id + " was removed; ask for a new batch"));
		var location = locations.get(row.locationId());
		var name = row.kind().toLowerCase(Locale.ROOT) + "-" + location.code() + "-" + row.from() + "-to-" + row.to()
				+ ".zip";
		return new File(name, content, "\"" + HexFormat.of().formatHex(row.sha256() == null ? new byte[0] : row.sha256()) + "\"");
	}

	private static DocumentBatch view(BatchStore.Row row, @Nullable JobRun job) {
		String state = switch (row.status()) {
			case "SUCCEEDED" -> "succeeded";
			case "EXPIRED" -> "expired";
			default -> job == null ? "queued" : job.state().toLowerCase(Locale.ROOT);
		};
		long done = row.documentCount() != null ? row.documentCount() : job == null ? 0 : job.done();
		return new DocumentBatch(row.id(), row.kind().toLowerCase(Locale.ROOT), row.locationId(), row.from(), row.to(),
				state, row.jobId(), row.expectedCount(), row.documentCount(), done, row.fileSize(),
				row.status().equals("SUCCEEDED") ? fileUrl(row.id()) : null, row.requestedBy(), row.createdAt(),
				row.finishedAt(), row.expiresAt());
	}

	static String fileUrl(UUID id) {
		return "/api/v1/documents/batches/" + id + "/file";
	}

	/**
	 * Writes the batch's ZIP and stores it, for the job. The sales are read as the user who asked, limited to
	 * the batch's location. A document that cannot be made is named in the job's errors and left out; more
	 * sales than a batch may hold (made after it was asked for) are left out the same way.
	 */
	String make(UUID id, JobProgress progress) {
		var row = store.find(id).orElseThrow(() -> new IllegalStateException("no document batch " + id));
		if (!row.status().equals("QUEUED")) {
			return fileUrl(id);
		}
		var user = new CurrentUser(row.requestedBy(), "document-batch", Set.of(Role.MANAGER), Set.of(row.locationId()));
		var filter = new Sales.Filter(Set.of(row.locationId()), row.locationId(), null, row.from(), row.to(), null, null,
				null);
		progress.total(row.expectedCount());
		var buffer = new ByteArrayOutputStream(64 * 1024);
		long written = 0, seen = 0;
		try (var zip = new ZipOutputStream(buffer)) {
			String cursor = null;
			do {
				var page = sales.list(filter, cursor, PAGE);
				for (var sale : page.items()) {
					seen++;
					if (written >= settings.batchMaxDocuments()) {
						progress.error("sale " + sale.number() + ": left out, a batch holds at most "
								+ settings.batchMaxDocuments() + " documents");
						continue;
					}
					try {
						var document = row.kind().equals("INVOICES") ? documents.invoiceOf(sale).render()
								: documents.receiptOf(sale).render();
						zip.putNextEntry(new ZipEntry(document.fileName()));
						zip.write(document.content());
						zip.closeEntry();
						written++;
					}
					catch (RuntimeException ex) {
						log.warn("Document of sale {} left out of batch {}", sale.id(), id, ex);
						progress.error("sale " + sale.number() + ": " + ex.getMessage());
					}
					if (seen > row.expectedCount()) {
						progress.total(seen);
					}
					progress.done(seen);
				}
				cursor = page.nextCursor();
			}
			while (cursor != null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		var file = buffer.toByteArray();
		var sha256 = sha256(file);
		long count = written;
		transactions.executeWithoutResult(tx -> {
			var now = clock.instant();
			if (store.finish(id, file, sha256, count, now, now.plus(settings.batchRetention()))) {
				events.append("document_batch.completed", "document_batch", id, row.locationId(),
						Map.of("documents", count, "file_size", file.length, "sha256", HexFormat.of().formatHex(sha256)));
			}
		});
		return fileUrl(id);
	}

	/**
	 * Removes the files of batches past their expiry, each in its own transaction with a
	 * {@code document_batch.expired} event; guarded, so that sweeps on several instances remove each once.
	 *
	 * @return how many this sweep removed
	 */
	int expireDue() {
		int expired = 0;
		List<UUID> due;
		do {
			due = store.dueForExpiry(clock.instant(), 100);
			for (var id : due) {
				Boolean done = transactions.execute(tx -> {
					if (!store.expire(id, clock.instant())) {
						return false;
					}
					var row = store.find(id).orElseThrow();
					events.append("document_batch.expired", "document_batch", id, row.locationId(),
							Map.of("expires_at", String.valueOf(row.expiresAt())));
					return true;
				});
				if (Boolean.TRUE.equals(done)) {
					expired++;
				}
			}
		}
		while (due.size() == 100);
		if (expired > 0) {
			log.info("Removed the files of {} expired document batches", expired);
		}
		return expired;
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}

package dev.kassa.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.io.InputStreamSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.catalog.ProductCsv.FileProblem;
import dev.kassa.catalog.ProductCsv.Header;
import dev.kassa.catalog.ProductCsv.References;
import dev.kassa.catalog.ProductCsv.Row;
import dev.kassa.events.EventLog;
import dev.kassa.jobs.Jobs;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;

/**
 * CSV imports of products: create or update by SKU. The upload is kept in the database in chunks, so
 * that the import can run anywhere and read it as a stream; rows are applied in batches of
 * {@value #BATCH}, each batch's products taken with one locking statement and written with a few
 * array statements. Memory stays bounded by the batch, plus one entry per distinct SKU and barcode
 * (to find duplicates within the file).
 * <p>
 * Events: {@code catalog.import_queued} (upload), {@code catalog.import_started}, one
 * {@code catalog.import_batch_applied} per committed batch in valid-rows mode, and at the end
 * {@code catalog.imported} (counts and a SHA-256 of the changed SKUs) or {@code catalog.import_failed}.
 * Products changed by an import get no event each; price history rows are kept for changed prices.
 */
@Service
class CatalogImport {

	static final int BATCH = 1000;

	private static final int CHUNK = 1 << 20;

	private final ProductImportStore imports;

	private final ImportFileReader reader;

	private final BulkProductStore products;

	private final CategoryStore categories;

	private final TaxClassStore taxClasses;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final CatalogSettings settings;

	private final Jobs jobs;

	private final JsonMapper json;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	CatalogImport(ProductImportStore imports, ImportFileReader reader, BulkProductStore products, CategoryStore categories,
			TaxClassStore taxClasses, EventLog events, TransactionTemplate transactions, Idempotency idempotency,
			CatalogSettings settings, @Lazy Jobs jobs, JsonMapper json) {
		this.jobs = jobs;
		this.json = json;
		this.imports = imports;
		this.reader = reader;
		this.products = products;
		this.categories = categories;
		this.taxClasses = taxClasses;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
		this.settings = settings;
	}

	/** What an upload is, for the idempotency check: the same key with another file is refused. */
	private record Upload(ImportMode mode, @Nullable String fileName, long size, String sha256) {
	}

	/**
	 * Stores an uploaded file as a QUEUED import and queues the job that applies it ({@link #resume}). Refuses a file over the size
	 * limit (413) and an empty one (400).
	 */
	public Idempotency.Response upload(InputStreamSource file, @Nullable String fileName, long size, ImportMode mode,
			@Nullable String idempotencyKey) {
		if (size > settings.importMaxSize().toBytes()) {
			throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
					"The file has " + size + " bytes; imports take at most " + settings.importMaxSize().toBytes(),
					List.of(new ApiException.FieldError("file", "must be at most " + settings.importMaxSize())),
					Map.of());
		}
		if (size == 0) {
			throw ApiException.invalid("file", "is empty: a CSV file with a header line is expected");
		}
		if (fileName != null && fileName.length() > 255) {
			throw ApiException.invalid("file", "its name must have at most 255 characters");
		}
		var sha256 = sha256(file);
		var request = new Upload(mode, fileName, size, HexFormat.of().formatHex(sha256));
		return idempotency.run("product_import:create:" + CurrentUser.currentId(), idempotencyKey, request,
				HttpStatus.ACCEPTED, () -> {
					var created = new ProductImport(Ids.next(), mode, ProductImport.Status.QUEUED, fileName, size, 0, 0,
							0, 0, 0, 0, null, null, CurrentUser.currentId(), clock.instant(), null, null);
					imports.insert(created, sha256);
					try (var in = file.getInputStream()) {
						int n = 0;
						byte[] chunk;
						while ((chunk = in.readNBytes(CHUNK)).length > 0) {
							imports.insertChunk(created.id(), n++, chunk);
						}
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					var payload = new LinkedHashMap<String, Object>();
					payload.put("import_id", created.id());
					payload.put("mode", mode);
					payload.put("file_name", fileName);
					payload.put("file_size", size);
					payload.put("file_sha256", request.sha256());
					// Queued in this transaction: the job exists exactly when the import does.
					var jobId = jobs.submit(ProductImportJob.KIND,
							json.createObjectNode().put("import_id", created.id().toString()), CurrentUser.currentId());
					imports.setJob(created.id(), jobId);
					payload.put("job_id", jobId);
					events.append("catalog.import_queued", "product_import", created.id(), null, payload);
					return find(created.id());
				});
	}

	public ProductImport find(UUID id) {
		return imports.find(id).orElseThrow(() -> ApiException.notFound("Import", id));
	}

	/** Writes the error report as CSV (line, field, message), in file order. */
	public void writeErrors(UUID id, Appendable out) {
		find(id);
		try {
			var printer = new CSVPrinter(out, ProductCsv.FORMAT);
			printer.printRecord("line", "field", "message");
			imports.errors(id, error -> {
				try {
					printer.printRecord(error.line() == null ? "" : error.line(),
							error.field() == null ? "" : error.field(), error.message());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			printer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs a QUEUED import to its end and answers it; one already claimed or finished is answered as it is.
	 * The caller decides where it runs (a job, or the request itself).
	 */
	public ProductImport run(UUID id, ImportProgress progress) {
		var claimed = transactions.execute(tx -> {
			if (!imports.start(id, clock.instant())) {
				return false;
			}
			events.append("catalog.import_started", "product_import", id, null, Map.of("import_id", id));
			return true;
		});
		if (Boolean.TRUE.equals(claimed)) {
			process(find(id), progress);
		}
		return find(id);
	}

	/**
	 * Continues a RUNNING import whose runner stopped (a killed process): valid-rows imports go on after
	 * the last committed batch, all-or-nothing ones start over (nothing of them was committed). The
	 * caller makes sure that no other runner is still at work on it.
	 */
	public ProductImport resume(UUID id, ImportProgress progress) {
		var current = find(id);
		if (current.status() == ProductImport.Status.QUEUED) {
			return run(id, progress);
		}
		if (current.status() == ProductImport.Status.RUNNING) {
			process(current, progress);
		}
		return find(id);
	}

	private void process(ProductImport job, ImportProgress reported) {
		// Progress is told outside the import's transaction, so that what the listener saves is seen at once
		// (and is not rolled back with an all-or-nothing import).
		var outside = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
		outside.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		ImportProgress progress = (lines, bytesRead, bytesTotal) -> outside
			.executeWithoutResult(tx -> reported.update(lines, bytesRead, bytesTotal));
		try {
			reader.read(job, (header, line, record, bytes) -> {
			});
		}
		catch (FileProblem problem) {
			fail(job, problem.error);
			return;
		}
		var references = References.of(categories.all(), taxClasses.all());
		try {
			if (job.mode() == ImportMode.ALL_OR_NOTHING) {
				allOrNothing(job, references, progress);
			}
			else {
				validRows(job, references, progress);
			}
		}
		catch (RuntimeException ex) {
			// A write the checks did not foresee (a concurrent change took a SKU or barcode): the import stops.
			fail(job, new ImportError(null, null, "the import stopped: " + ProductCsv.abbreviated(
					String.valueOf(ex.getMessage())) + (job.mode() == ImportMode.VALID_ROWS
							? " (batches before it stay imported)" : " (nothing was imported)")));
		}
	}

	private void fail(ProductImport job, ImportError error) {
		transactions.executeWithoutResult(tx -> {
			imports.lockLastLine(job.id());
			imports.insertErrors(job.id(), imports.errorCount(job.id()), List.of(error));
			imports.add(job.id(), new ProductImportStore.Counts(0, 0, 0, 0, 0, 1), 0);
			imports.finish(job.id(), ProductImport.Status.FAILED, error.message(), clock.instant());
			imports.deleteChunks(job.id());
			var payload = new LinkedHashMap<String, Object>();
			payload.put("import_id", job.id());
			payload.put("problem", error.message());
			events.append("catalog.import_failed", "product_import", job.id(), null, payload);
		});
	}

	/** One transaction; at the first error everything written is rolled back and only errors are collected. */
	private void allOrNothing(ProductImport job, References references, ImportProgress progress) {
		transactions.executeWithoutResult(tx -> {
			imports.lockLastLine(job.id());
			products.preferIndexes();
			var savepoint = tx.createSavepoint();
			var run = new Run(job, references, 0, 0);
			reader.readUnchecked(job, (header, line, record, bytes) -> {
				run.read(header, line, record);
				if (run.full()) {
					applyAllOrNothing(run, tx, savepoint);
					progress.update(line, bytes, job.fileSize());
				}
			});
			applyAllOrNothing(run, tx, savepoint);
			var totals = run.totals;
			var payload = summary(job, run);
			if (totals.errors() > 0) {
				imports.add(job.id(), new ProductImportStore.Counts(totals.rows(), 0, 0, 0, totals.rejected(),
						totals.errors()), run.lastLine);
				var problem = totals.rejected() + " of " + totals.rows()
						+ " rows have errors: nothing was imported (all_or_nothing)";
				imports.finish(job.id(), ProductImport.Status.FAILED, problem, clock.instant());
				payload.put("problem", problem);
				payload.put("changed_skus", 0);
				payload.remove("changed_skus_sha256");
				imports.deleteChunks(job.id());
				events.append("catalog.import_failed", "product_import", job.id(), null, payload);
			}
			else {
				imports.add(job.id(), totals, run.lastLine);
				imports.finish(job.id(), ProductImport.Status.COMPLETED, null, clock.instant());
				imports.deleteChunks(job.id());
				events.append("catalog.imported", "product_import", job.id(), null, payload);
			}
		});
		progress.update(find(job.id()).rowsRead(), job.fileSize(), job.fileSize());
	}

	private void applyAllOrNothing(Run run, TransactionStatus tx, Object savepoint) {
		var batchErrors = run.validate();
		if (!batchErrors.isEmpty() && run.writing) {
			tx.rollbackToSavepoint(savepoint);
			run.writing = false;
		}
		run.finishBatch(batchErrors);
	}

	/** Each batch in a transaction of its own with its event; a resumed run skips the settled lines. */
	private void validRows(ProductImport job, References references, ImportProgress progress) {
		long settled = java.util.Objects.requireNonNull(transactions.execute(tx -> imports.lockLastLine(job.id())));
		var run = new Run(job, references, settled, imports.errorCount(job.id()));
		reader.readUnchecked(job, (header, line, record, bytes) -> {
			run.read(header, line, record);
			if (run.full()) {
				commitBatch(run);
				progress.update(line, bytes, job.fileSize());
			}
		});
		commitBatch(run);
		transactions.executeWithoutResult(tx -> {
			imports.lockLastLine(job.id());
			imports.finish(job.id(), ProductImport.Status.COMPLETED, null, clock.instant());
			imports.deleteChunks(job.id());
			var done = find(job.id());
			var payload = summary(job, run);
			payload.put("rows", done.rowsRead());
			payload.put("created", done.created());
			payload.put("updated", done.updated());
			payload.put("unchanged", done.unchanged());
			payload.put("rejected", done.rejected());
			payload.put("errors", done.errorCount());
			events.append("catalog.imported", "product_import", job.id(), null, payload);
		});
		progress.update(find(job.id()).rowsRead(), job.fileSize(), job.fileSize());
	}

	private void commitBatch(Run run) {
		if (run.rows.isEmpty() && run.parseErrors.isEmpty() && run.batchRows == 0) {
			return;
		}
		transactions.executeWithoutResult(tx -> {
			imports.lockLastLine(run.job.id());
			products.preferIndexes();
			long firstLine = run.batchFirstLine;
			var before = run.totals;
			var batchDigest = digest();
			run.batchDigest = batchDigest;
			run.finishBatch(run.validate());
			var counts = minus(run.totals, before);
			imports.add(run.job.id(), counts, run.lastLine);
			var payload = new LinkedHashMap<String, Object>();
			payload.put("import_id", run.job.id());
			payload.put("first_line", firstLine);
			payload.put("last_line", run.lastLine);
			payload.put("created", counts.created());
			payload.put("updated", counts.updated());
			payload.put("unchanged", counts.unchanged());
			payload.put("rejected", counts.rejected());
			payload.put("changed_skus_sha256", HexFormat.of().formatHex(batchDigest.digest()));
			events.append("catalog.import_batch_applied", "product_import", run.job.id(), null, payload);
		});
	}

	private static ProductImportStore.Counts minus(ProductImportStore.Counts a, ProductImportStore.Counts b) {
		return new ProductImportStore.Counts(a.rows() - b.rows(), a.created() - b.created(), a.updated() - b.updated(),
				a.unchanged() - b.unchanged(), a.rejected() - b.rejected(), a.errors() - b.errors());
	}

	private static LinkedHashMap<String, Object> summary(ProductImport job, Run run) {
		var payload = new LinkedHashMap<String, Object>();
		payload.put("import_id", job.id());
		payload.put("mode", job.mode());
		payload.put("rows", run.totals.rows());
		payload.put("created", run.writing ? run.totals.created() : 0);
		payload.put("updated", run.writing ? run.totals.updated() : 0);
		payload.put("unchanged", run.writing ? run.totals.unchanged() : 0);
		payload.put("rejected", run.totals.rejected());
		payload.put("errors", run.totals.errors());
		payload.put("changed_skus", run.changedSkus);
		payload.put("changed_skus_sha256", HexFormat.of().formatHex(run.digest.digest()));
		return payload;
	}

	/** The state of one run through the file: the batch being gathered, duplicates seen, totals. */
	private final class Run {

		final ProductImport job;

		final References references;

		/** Lines up to here were settled by an earlier run: only their SKUs and barcodes are noted. */
		final long settled;

		final Map<String, Long> skuLines = new HashMap<>();

		final Map<String, Long> barcodeLines = new HashMap<>();

		final List<Row> rows = new ArrayList<>();

		final List<ImportError> parseErrors = new ArrayList<>();

		final MessageDigest digest = digest();

		MessageDigest batchDigest = digest();

		ProductImportStore.Counts totals = ProductImportStore.Counts.ZERO;

		long changedSkus;

		long nextError;

		long lastLine;

		long batchFirstLine;

		int batchRows;

		int rejectedInBatch;

		boolean writing = true;

		Run(ProductImport job, References references, long settled, long nextError) {
			this.job = job;
			this.references = references;
			this.settled = settled;
			this.nextError = nextError;
		}

		void read(Header header, long line, CSVRecord record) {
			if (line <= settled) {
				var sku = ProductCsv.sku(record, header);
				if (sku != null) {
					skuLines.putIfAbsent(sku.toLowerCase(Locale.ROOT), line);
				}
				return;
			}
			if (batchRows == 0) {
				batchFirstLine = line;
			}
			batchRows++;
			lastLine = line;
			int before = parseErrors.size();
			var sku = ProductCsv.sku(record, header);
			if (sku != null) {
				var first = skuLines.putIfAbsent(sku.toLowerCase(Locale.ROOT), line);
				if (first != null) {
					parseErrors.add(new ImportError(line, "sku", "repeats the SKU " + sku + " of line " + first));
				}
			}
			var row = ProductCsv.read(record, line, header, references, parseErrors);
			if (row != null) {
				for (var code : row.givenBarcodes()) {
					var first = barcodeLines.putIfAbsent(code, line);
					if (first != null) {
						parseErrors.add(new ImportError(line, "barcodes", "barcode " + code + " is also on line " + first));
					}
				}
			}
			if (parseErrors.size() > before) {
				rejectedInBatch++;
			}
			else if (row != null) {
				rows.add(row);
			}
		}

		boolean full() {
			return batchRows >= BATCH;
		}

		/** Checks the batch against the database; answers every error of the batch's lines, in line order. */
		List<ImportError> validate() {
			var errors = new ArrayList<>(parseErrors);
			var stored = products.lockBySkus(rows.stream().map(Row::sku).toList());
			var owners = products.barcodeOwners(rows.stream().flatMap(row -> row.givenBarcodes().stream()).toList());
			pending.clear();
			for (var row : rows) {
				var current = stored.get(row.sku().toLowerCase(Locale.ROOT));
				int before = errors.size();
				for (var code : row.givenBarcodes()) {
					var owner = owners.get(code);
					if (owner != null && (current == null || !owner.id().equals(current.id()))) {
						errors.add(new ImportError(row.line(), "barcodes",
								"barcode " + code + " is already used by product " + owner.sku()));
					}
				}
				var values = row.apply(current == null ? null : current.values(), errors);
				if (errors.size() > before || values == null) {
					rejectedInBatch++;
					continue;
				}
				pending.add(new BulkProductStore.Change(current == null ? Ids.next() : current.id(),
						current == null ? null : current.values(), values));
			}
			errors.sort(Comparator.comparing(error -> error.line() == null ? 0L : error.line()));
			return errors;
		}

		final List<BulkProductStore.Change> pending = new ArrayList<>();

		/** Writes the batch (unless an all-or-nothing run has failed) and its errors, and starts the next. */
		void finishBatch(List<ImportError> errors) {
			long created = 0;
			long updated = 0;
			long unchanged = 0;
			if (writing && (errors.isEmpty() || job.mode() == ImportMode.VALID_ROWS)) {
				var now = clock.instant();
				var inserts = pending.stream().filter(change -> change.before() == null).toList();
				var updates = pending.stream()
					.filter(change -> change.before() != null && !change.before().sameAs(change.after()))
					.toList();
				var changes = new ArrayList<>(inserts);
				changes.addAll(updates);
				products.insert(inserts, now);
				products.update(updates, now);
				products.replaceBarcodes(changes, now);
				products.recordPrices(changes, now, job.createdBy());
				created = inserts.size();
				updated = updates.size();
				unchanged = pending.size() - created - updated;
				for (var change : pending) {
					if (change.before() == null || !change.before().sameAs(change.after())) {
						var bytes = (change.after().sku() + "\n").getBytes(StandardCharsets.UTF_8);
						digest.update(bytes);
						batchDigest.update(bytes);
						changedSkus++;
					}
				}
			}
			imports.insertErrors(job.id(), nextError, errors);
			nextError += errors.size();
			totals = totals.plus(new ProductImportStore.Counts(batchRows, created, updated, unchanged, rejectedInBatch,
					errors.size()));
			rows.clear();
			parseErrors.clear();
			pending.clear();
			batchRows = 0;
			rejectedInBatch = 0;
		}
	}

	private static byte[] sha256(InputStreamSource file) {
		var digest = digest();
		try (var in = file.getInputStream()) {
			byte[] buffer = new byte[64 * 1024];
			int n;
			while ((n = in.read(buffer)) > 0) {
				digest.update(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return digest.digest();
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}

package dev.kassa.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

import dev.kassa.catalog.ProductCsv.FileProblem;
import dev.kassa.catalog.ProductCsv.Header;

/**
 * Reads an import's stored file back from the database, chunk after chunk, as strict UTF-8 CSV: every pass
 * of an import (validation, all-or-nothing, valid rows, a resumed run) sees the same records the same way.
 */
@Component
class ImportFileReader {

	private final ProductImportStore imports;

	ImportFileReader(ProductImportStore imports) {
		this.imports = imports;
	}

	@FunctionalInterface
	interface RecordVisitor {

		void visit(Header header, long line, CSVRecord record, long bytesRead);
	}

	void readUnchecked(ProductImport job, RecordVisitor visitor) {
		try {
			read(job, visitor);
		}
		catch (FileProblem problem) {
			throw new IllegalStateException("the stored file changed: " + problem.getMessage(), problem);
		}
	}

	/**
	 * Reads the stored file as strict UTF-8 CSV: the header, then each data record with the line it starts
	 * on (empty lines skipped). Refuses bad bytes, bad quoting and a bad header as a problem of the file.
	 */
	void read(ProductImport job, RecordVisitor visitor) throws FileProblem {
		var bytes = new ChunkStream(job.id());
		var decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		CSVParser parser = null;
		try {
			parser = ProductCsv.FORMAT.parse(new InputStreamReader(bytes, decoder));
			var records = parser.iterator();
			Header header = null;
			while (true) {
				long line = parser.getCurrentLineNumber() + 1;
				if (!records.hasNext()) {
					break;
				}
				var record = records.next();
				if (header == null) {
					header = Header.of(record);
					continue;
				}
				if (record.size() == 1 && record.get(0).isBlank()) {
					continue;
				}
				visitor.visit(header, line, record, bytes.read);
			}
			if (header == null) {
				throw new FileProblem(1L, null, "the file is empty: a header line is expected");
			}
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			long line = parser == null ? 1 : parser.getCurrentLineNumber() + 1;
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof CharacterCodingException) {
					throw new FileProblem(line, null,
							"the file is not UTF-8: bytes that are not UTF-8 at or near line " + line
									+ " (save it as CSV UTF-8)");
				}
				if (cause instanceof FileProblem problem) {
					throw problem;
				}
			}
			if (ex.getCause() instanceof IOException io) {
				throw new FileProblem(line, null, "the file is not valid CSV: " + io.getMessage());
			}
			throw ex;
		}
		catch (IOException ex) {
			if (ex instanceof CharacterCodingException) {
				throw new FileProblem(1L, null, "the file is not UTF-8: bytes that are not UTF-8 on line 1");
			}
			throw new FileProblem(1L, null, "the file is not valid CSV: " + ex.getMessage());
		}
	}

	/** The stored file, chunk after chunk, counting the bytes read. */
	private final class ChunkStream extends InputStream {

		private final UUID importId;

		private byte[] chunk = new byte[0];

		private int position;

		private int next;

		private boolean done;

		long read;

		ChunkStream(UUID importId) {
			this.importId = importId;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			while (position >= chunk.length) {
				if (done) {
					return -1;
				}
				var loaded = imports.chunk(importId, next++);
				if (loaded.isEmpty()) {
					done = true;
					return -1;
				}
				chunk = loaded.get();
				position = 0;
			}
			int n = Math.min(length, chunk.length - position);
			System.arraycopy(chunk, position, buffer, offset, n);
			position += n;
			read += n;
			return n;
		}
	}
}

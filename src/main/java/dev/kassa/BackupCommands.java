package dev.kassa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.kassa.events.EventVerifier;
import dev.kassa.platform.Backups;

/**
 * {@code ./kassa backup} and {@code ./kassa restore FILE}: a consistent backup of the embedded database while
 * Kassa runs, and its restore into the data directory, checked before it is trusted (see docs/backups.md).
 */
final class BackupCommands {

	private BackupCommands() {
	}

	/** {@code backup [--dir=./backups] [--keep=14] [--kassa.data-dir=./data]}; exit 0 when written. */
	static int backup(String[] args) {
		if (!option(args, "kassa.db.url", env("KASSA_DB_URL", "")).isBlank()) {
			System.err.println("kassa backup: Kassa uses an external PostgreSQL (KASSA_DB_URL): back it up with "
					+ "pg_dump or pg_basebackup, see docs/backups.md");
			return 2;
		}
		var dataDir = Path.of(option(args, "kassa.data-dir", env("KASSA_DATA_DIR", "./data")));
		var directory = Path.of(option(args, "dir", env("KASSA_BACKUP_DIR", "./backups")));
		int keep = Integer.parseInt(option(args, "keep", env("KASSA_BACKUP_KEEP", "14")));
		try {
			var made = Backups.backup(dataDir, directory, keep);
			System.out.printf("Backup written: %s (%,d bytes, %d sales, event log up to seq %d%s)%n", made.file(),
					made.bytes(), made.sales(), made.headSeq(),
					made.headHash() == null ? "" : ", head hash " + made.headHash());
			return 0;
		}
		catch (Exception ex) {
			System.err.println("kassa backup failed: " + ex.getMessage());
			return 1;
		}
	}

	/**
	 * {@code restore FILE [--kassa.data-dir=./data]}: unpacks the backup into the data directory (moving what
	 * is there aside), starts the database on it (PostgreSQL replays the backup's WAL), verifies the event
	 * chain and compares its head with the head the backup recorded. Exit 0 when all holds.
	 */
	static int restore(String[] args) {
		var files = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
		if (files.size() != 1) {
			System.err.println("usage: ./kassa restore FILE [--kassa.data-dir=./data]");
			return 2;
		}
		var file = Path.of(files.getFirst());
		if (!Files.isRegularFile(file)) {
			System.err.println("kassa restore: no such file " + file);
			return 2;
		}
		var dataDir = Path.of(option(args, "kassa.data-dir", env("KASSA_DATA_DIR", "./data")));
		Backups.Restored restored;
		try {
			restored = Backups.restore(dataDir, file);
		}
		catch (Exception ex) {
			System.err.println("kassa restore failed: " + ex.getMessage());
			return 1;
		}
		if (restored.movedAside() != null) {
			System.out.println("The database that was there is kept in " + restored.movedAside());
		}
		System.out.println("Restored " + file + " into " + restored.directory() + "; starting it to check it");
		var springArgs = new ArrayList<String>();
		Arrays.stream(args).filter(a -> a.startsWith("--") && !a.startsWith("--dir=") && !a.startsWith("--keep="))
			.forEach(springArgs::add);
		return KassaApplication.offline(springArgs.toArray(String[]::new), context -> {
			var verification = context.getBean(EventVerifier.class).verify();
			System.out.println(verification.describe());
			if (!verification.ok()) {
				return 1;
			}
			long head = verification.headSeq() == null ? 0 : verification.headSeq();
			if (head < restored.headSeq()) {
				System.out.println("INCOMPLETE: the backup recorded the event log up to seq " + restored.headSeq()
						+ " but the restored log ends at " + head + ": its tail is lost");
				return 1;
			}
			if (restored.headHash() != null) {
				var hash = context.getBean(JdbcClient.class)
					.sql("SELECT encode(hash, 'hex') FROM events WHERE seq = :seq")
					.param("seq", restored.headSeq())
					.query(String.class)
					.optional()
					.orElse(null);
				if (!restored.headHash().equals(hash)) {
					System.out.println("MISMATCH: the backup recorded head hash " + restored.headHash() + " at seq "
							+ restored.headSeq() + "; the restored log has " + hash + " there");
					return 1;
				}
			}
			long sales = context.getBean(JdbcClient.class).sql("SELECT count(*) FROM sales").query(Long.class).single();
			System.out.println("OK: the restored log holds the backup's head (seq " + restored.headSeq()
					+ ") and verifies through it; " + sales + " sales (" + restored.sales()
					+ " at least, as the backup recorded them); start Kassa with ./kassa start");
			return 0;
		});
	}

	private static String option(String[] args, String name, String otherwise) {
		for (var arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		return otherwise;
	}

	private static String env(String name, String otherwise) {
		var value = System.getenv(name);
		return value == null || value.isBlank() ? otherwise : value;
	}
}

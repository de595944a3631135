package dev.kassa.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Backups of the embedded PostgreSQL while Kassa runs, with PostgreSQL's own base backup: between
 * {@code pg_backup_start} and {@code pg_backup_stop} the data directory is copied as it is, then the WAL
 * written meanwhile (kept from removal by a temporary replication slot) and the backup label. Started on a
 * copy, PostgreSQL replays that WAL and reaches the state of one moment: a consistent snapshot, every
 * transaction committed before the backup started included. One zip file per backup; the newest
 * {@code keep} are kept. The event chain's head at the backup's start is written beside it, so that a
 * restore can tell whether it holds the whole log it should.
 */
public final class Backups {

	/** The manifest entry: the chain head when the backup began, and what the backup is. */
	static final String MANIFEST = "kassa-backup.properties";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/** Copied as empty directories: the server's runtime state, rebuilt at start. */
	private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
			"pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

	/** Never copied: the running server's own files. */
	private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
			"backup_label", "tablespace_map", "backup_label.old", "standby.signal", "recovery.signal");

	private Backups() {
	}

	/** What a backup held: its file, the chain head it was sure to hold, and the sales then recorded. */
	public record Made(Path file, long headSeq, @Nullable String headHash, long sales, long bytes) {
	}

	/**
	 * Backs up the embedded database of {@code dataDir} into {@code directory}, and deletes the oldest backups
	 * there beyond {@code keep}. The server must be running (Kassa started): its port is read from its pid file.
	 */
	public static Made backup(Path dataDir, Path directory, int keep) throws IOException, SQLException {
		var pgData = dataDir.resolve("postgres").toAbsolutePath().normalize();
		int port = port(pgData);
		Files.createDirectories(directory);
		var name = "kassa-" + STAMP.format(Instant.now()) + ".zip";
		var partial = directory.resolve(name + ".partial");
		var file = directory.resolve(name);
		long headSeq;
		String headHash;
		long sales;
		try (var connection = connect(dataDir, port, "postgres");
				var out = new ZipOutputStream(Files.newOutputStream(partial))) {
			var slot = "kassa_backup_" + ProcessHandle.current().pid();
			query(connection, "SELECT pg_create_physical_replication_slot('" + slot + "', true, true)");
			query(connection, "SELECT pg_backup_start('kassa " + name + "', true)");
			var root = pgData;
			var wal = root.resolve("pg_wal");
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
					if (!dir.equals(root)) {
						out.putNextEntry(new ZipEntry(root.relativize(dir) + "/"));
						out.closeEntry();
					}
					return dir.getParent() != null && dir.getParent().equals(root)
							&& EMPTIED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
									: FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
					if (root.equals(path.getParent()) && SKIPPED.contains(path.getFileName().toString())) {
						return FileVisitResult.CONTINUE;
					}
					if (path.getFileName().toString().startsWith("pgsql_tmp")) {
						return FileVisitResult.CONTINUE;
					}
					try {
						add(out, root, path);
					}
					catch (NoSuchFileException removed) {
						// removed while the copy ran (a dropped relation, a temporary file): the WAL replays it
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path path, IOException ex) throws IOException {
					if (ex instanceof NoSuchFileException) {
						// a file removed while the copy ran (a dropped relation, a temporary file): the WAL replays it
						return FileVisitResult.CONTINUE;
					}
					throw ex;
				}
			});
			// read while the backup runs: everything it covers committed before pg_backup_stop, so it is in
			try (var statement = connection.createStatement();
					var rs = statement.executeQuery("""
							SELECT (SELECT seq FROM event_chain_head WHERE id = 1),
							       (SELECT encode(hash, 'hex') FROM event_chain_head WHERE id = 1),
							       (SELECT count(*) FROM sales)
							""")) {
				rs.next();
				headSeq = rs.getLong(1);
				headHash = rs.getString(2);
				sales = rs.getLong(3);
			}
			String label;
			String map;
			try (var statement = connection.createStatement();
					var rs = statement.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
				rs.next();
				label = rs.getString(1);
				map = rs.getString(2);
			}
			// the WAL from the backup's start to its end (pg_backup_stop has switched to a new segment)
			try (var files = Files.list(wal)) {
				for (var segment : files.filter(Files::isRegularFile).sorted().toList()) {
					try {
						add(out, root, segment);
					}
					catch (NoSuchFileException recycled) {
						// a segment older than the slot's start was recycled meanwhile: not needed
					}
				}
			}
			text(out, "backup_label", label);
			if (map != null && !map.isBlank()) {
				text(out, "tablespace_map", map);
			}
			var manifest = new Properties();
			manifest.setProperty("created_at", Instant.now().toString());
			manifest.setProperty("head_seq", Long.toString(headSeq));
			manifest.setProperty("head_hash", headHash == null ? "" : headHash);
			manifest.setProperty("sales", Long.toString(sales));
			out.putNextEntry(new ZipEntry(MANIFEST));
			manifest.store(out, "Kassa backup: restore with ./kassa restore " + name);
			out.closeEntry();
		}
		catch (IOException | SQLException | RuntimeException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
		prune(directory, keep);
		return new Made(file, headSeq, headHash, sales, Files.size(file));
	}

	/** Deletes all but the newest {@code keep} backups in {@code directory}. */
	static List<Path> prune(Path directory, int keep) throws IOException {
		List<Path> backups;
		try (var files = Files.list(directory)) {
			backups = files.filter(p -> p.getFileName().toString().matches("kassa-\\d{8}T\\d{6}Z\\.zip"))
				.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
				.toList();
		}
		var deleted = new ArrayList<Path>();
		for (var old : backups.subList(Math.min(Math.max(keep, 1), backups.size()), backups.size())) {
			Files.deleteIfExists(old);
			deleted.add(old);
		}
		return deleted;
	}

	/** The chain head a backup was sure to hold, from its manifest. */
	public record Restored(Path directory, @Nullable Path movedAside, long headSeq, @Nullable String headHash,
			long sales) {
	}

	/**
	 * Unpacks a backup into {@code dataDir/postgres}, which must not be in use; a directory there already is
	 * moved aside (never deleted). The next start of PostgreSQL on it replays the backup's WAL.
	 */
	public static Restored restore(Path dataDir, Path backup) throws IOException {
		var pgData = dataDir.resolve("postgres").toAbsolutePath().normalize();
		Path aside = null;
		if (Files.exists(pgData)) {
			if (Files.isRegularFile(pgData.resolve("postmaster.pid"))) {
				var pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip());
				if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
					throw new IOException("The database in " + pgData + " is running (pid " + pid
							+ "): stop Kassa before restoring");
				}
			}
			try (var entries = Files.list(pgData)) {
				if (entries.findAny().isPresent()) {
					aside = pgData.resolveSibling("postgres.before-restore-" + STAMP.format(Instant.now()));
					Files.move(pgData, aside);
				}
			}
		}
		Files.createDirectories(pgData);
		var manifest = new Properties();
		try (var in = new ZipInputStream(Files.newInputStream(backup))) {
			for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (entry.getName().equals(MANIFEST)) {
					manifest.load(in);
					continue;
				}
				var target = pgData.resolve(entry.getName()).normalize();
				if (!target.startsWith(pgData)) {
					throw new IOException("The backup holds a path outside its directory: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		if (!Files.isRegularFile(pgData.resolve("backup_label")) || manifest.isEmpty()) {
			throw new IOException(backup + " is not a Kassa backup (no backup label or manifest)");
		}
		Files.setPosixFilePermissions(pgData, PosixFilePermissions.fromString("rwx------"));
		var hash = manifest.getProperty("head_hash", "");
		return new Restored(pgData, aside, Long.parseLong(manifest.getProperty("head_seq", "0")),
				hash.isEmpty() ? null : hash, Long.parseLong(manifest.getProperty("sales", "0")));
	}

	/** The port of the running embedded server, from its pid file (line 4). */
	static int port(Path pgData) throws IOException {
		var pidFile = pgData.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			throw new IOException("The embedded database in " + pgData + " is not running: start Kassa first "
					+ "(./kassa start), then back up");
		}
		var lines = Files.readAllLines(pidFile);
		return Integer.parseInt(lines.get(3).strip());
	}

	static Connection connect(Path dataDir, int port, String database) throws SQLException, IOException {
		var properties = new Properties();
		properties.setProperty("user", "postgres");
		properties.setProperty("password", EmbeddedDatabaseConfiguration.superuserPassword(dataDir));
		properties.setProperty("connectTimeout", "10");
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, properties);
	}

	private static void query(Connection connection, String sql) throws SQLException {
		try (var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
			rs.next();
		}
	}

	/** Copies the bytes the file has now; one changed meanwhile is made whole by the WAL replay. */
	private static void add(ZipOutputStream out, Path root, Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			out.putNextEntry(new ZipEntry(root.relativize(file).toString()));
			in.transferTo(out);
			out.closeEntry();
		}
	}

	private static void text(ZipOutputStream out, String name, String text) throws IOException {
		out.putNextEntry(new ZipEntry(name));
		OutputStream body = out;
		body.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		out.closeEntry();
	}
}

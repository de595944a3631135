package dev.kassa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kassa.platform.Backups;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;
import dev.kassa.support.Tills;

/**
 * {@code ./kassa backup} taken while tills sell, on Kassa's own embedded database, and {@code ./kassa restore}
 * into an empty data directory: every sale acknowledged before the backup began is there with its number,
 * the numbers go on without a gap or a repeat, the chain verifies and holds the head the backup recorded.
 * A backup whose log lost its tail is told apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD,
				"kassa.rate-limit.per-user.capacity=100000", "kassa.rate-limit.per-user.per-second=100000",
				"kassa.rate-limit.per-address.capacity=100000", "kassa.rate-limit.per-address.per-second=100000",
				"kassa.rate-limit.login.capacity=100000", "kassa.rate-limit.login.per-second=100000",
				"kassa.db.url=", "kassa.db.durable=false", "kassa.db.pool-size=8" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BackupRestoreIntegrationTests {

	private static Path dataDir;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
		dataDir = Files.createTempDirectory("kassa-backup-");
		registry.add("kassa.data-dir", dataDir::toString);
	}

	@Value("${local.server.port}")
	int port;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aBackupTakenWhileTillsSellIsRestoredWhole() throws Exception {
		var api = new TestClient(port);
		var shop = Shop.open(api, "BAK", new BigDecimal("100000"));
		var backups = Files.createTempDirectory("kassa-backups-");
		Backups.Made made;
		List<Tills.Sale> before;
		try (var tills = new Tills(shop, () -> api).start(4, Duration.ofMillis(5))) {
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged(tills) >= 30);
			before = tills.sales().stream().filter(s -> s.acknowledged() != null).toList();
			made = Backups.backup(dataDir, backups, 2);
			int after = acknowledged(tills);
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged(tills) >= after + 10);
			tills.stop(Duration.ofSeconds(60));
		}
		assertThat(made.sales()).isGreaterThanOrEqualTo(before.size());

		var restoredDir = Files.createTempDirectory("kassa-restored-");
		var options = new String[] { "--kassa.data-dir=" + restoredDir, "--kassa.db.url=", "--kassa.db.durable=false",
				"--kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD };
		assertThat(BackupCommands.restore(with(made.file().toString(), options))).as("restore's exit code").isZero();

		var numbers = new HashMap<String, String>();
		long nextValue = KassaApplication.offline(options, context -> {
			var jdbc = context.getBean(JdbcClient.class);
			jdbc.sql("SELECT id::text, number FROM sales WHERE location_id = :l")
				.param("l", UUID.fromString(shop.location()))
				.query((rs, n) -> numbers.put(rs.getString(1), rs.getString(2)))
				.list();
			return jdbc.sql("SELECT next_value FROM document_series WHERE location_id = :l AND document_type = 'SALE'")
				.param("l", UUID.fromString(shop.location()))
				.query(Long.class)
				.single();
		});
		for (var sale : before) {
			var answer = sale.acknowledged().json();
			assertThat(numbers.get(answer.path("id").asString())).as("sale acknowledged before the backup")
				.isEqualTo(answer.path("number").asString());
		}
		var sequence = new TreeSet<Long>();
		numbers.values().forEach(n -> sequence.add(Long.parseLong(n.replaceAll("^.*\\D", ""))));
		assertThat(sequence).hasSize(numbers.size());
		assertThat(sequence.first()).isOne();
		assertThat(sequence.last()).isEqualTo(numbers.size());
		assertThat(nextValue).as("the next number follows the last restored one").isEqualTo(numbers.size() + 1);

		// a backup that claims a longer log than it holds (its tail lost) is refused
		var cut = backups.resolve("cut.zip");
		rewriteManifest(made.file(), cut, made.headSeq() + 1000);
		var cutDir = Files.createTempDirectory("kassa-restored-cut-");
		assertThat(BackupCommands.restore(with(cut.toString(), "--kassa.data-dir=" + cutDir, "--kassa.db.url=",
				"--kassa.db.durable=false", "--kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD)))
			.as("restore of a backup missing its tail").isOne();
	}

	@Autowired
	JdbcClient jdbc;

	/** Issue 16: the embedded database trusts nobody, and Kassa is not its superuser nor its schema's owner. */
	@Test
	void theEmbeddedDatabaseAsksForPasswordsAndKassaCannotSwitchOffTheAppendOnlyLog() throws Exception {
		int pgPort = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).strip());
		for (var user : List.of("postgres", "kassa_owner", "kassa_app")) {
			assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres",
					user, "")).as(user + " without a password").isInstanceOf(SQLException.class);
		}
		assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("kassa_app");
		assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single())
			.isFalse();
		assertThatThrownBy(() -> jdbc.sql("ALTER TABLE events DISABLE TRIGGER events_append_only").update())
			.as("the application's role may not touch the schema").rootCause().hasMessageContaining("must be owner");
		assertThatThrownBy(() -> jdbc.sql("CREATE TABLE intruder (n int)").update())
			.rootCause().hasMessageContaining("permission denied");
		var secret = dataDir.resolve("postgres/kassa-kassa_app.secret");
		assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
			.isEqualTo("rw-------");
	}

	@Test
	void onlyTheNewestBackupsAreKept() throws Exception {
		var backups = Files.createTempDirectory("kassa-prune-");
		for (var name : List.of("kassa-20260101T000000Z.zip", "kassa-20260102T000000Z.zip",
				"kassa-20260103T000000Z.zip", "notes.txt")) {
			Files.writeString(backups.resolve(name), "x");
		}
		Backups.backup(dataDir, backups, 2);
		try (var files = Files.list(backups)) {
			assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(3)
				.contains("kassa-20260103T000000Z.zip", "notes.txt");
		}
	}

	private static String[] with(String first, String... rest) {
		var all = new String[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	private static void rewriteManifest(Path from, Path to, long headSeq) throws Exception {
		try (var in = new ZipInputStream(Files.newInputStream(from));
				var out = new ZipOutputStream(Files.newOutputStream(to))) {
			for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				out.putNextEntry(new ZipEntry(entry.getName()));
				if (entry.getName().equals("kassa-backup.properties")) {
					var manifest = new Properties();
					manifest.load(in);
					manifest.setProperty("head_seq", Long.toString(headSeq));
					manifest.store(out, null);
				}
				else {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
	}

	private static int acknowledged(Tills tills) {
		return (int) tills.sales().stream().filter(s -> s.acknowledged() != null).count();
	}
}

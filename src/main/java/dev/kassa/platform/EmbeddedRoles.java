package dev.kassa.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * Locks the embedded PostgreSQL down, once at each start: the server (initialised by the library with
 * {@code trust} for every local connection) asks every connection for a password ({@code scram-sha-256}),
 * and Kassa does not connect as the superuser. {@link #OWNER} owns the schema and runs the migrations;
 * {@link #APP}, what the running server connects as, may read and write rows but not change the schema nor
 * switch off a trigger (such as the event log's append-only one). Each role's password is generated once
 * and kept in a file only the owner of the process may read, inside the database's directory, so that a
 * backup restored elsewhere carries them. An older data directory, whose tables the superuser owned, is
 * handed over to {@link #OWNER}.
 */
final class EmbeddedRoles {

	static final String OWNER = "kassa_owner";

	static final String APP = "kassa_app";

	static final String SUPERUSER = "postgres";

	private EmbeddedRoles() {
	}

	/** The password of a role, generated and written (owner-only) the first time it is asked for. */
	static String secret(Path pgData, String role) throws IOException {
		var file = pgData.resolve("kassa-" + role + ".secret");
		if (Files.isRegularFile(file)) {
			return Files.readString(file, StandardCharsets.US_ASCII).strip();
		}
		var bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		var secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		// created with its permissions, never readable by others even for a moment
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(file, secret, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
		return secret;
	}

	/** Sets the passwords, the roles, the ownership and the grants, then requires passwords from every client. */
	static void secure(Path pgData, int port) throws IOException {
		var superuser = secret(pgData, SUPERUSER);
		var owner = secret(pgData, OWNER);
		var app = secret(pgData, APP);
		var properties = new Properties();
		properties.setProperty("user", SUPERUSER);
		properties.setProperty("password", superuser);
		try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
				properties); var statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			for (var sql : List.of(
					"ALTER ROLE postgres PASSWORD '" + superuser + "'",
					"""
					DO $$ BEGIN
					  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kassa_owner') THEN CREATE ROLE kassa_owner; END IF;
					  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kassa_app') THEN CREATE ROLE kassa_app; END IF;
					END $$
					""",
					"ALTER ROLE kassa_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '" + owner + "'",
					"ALTER ROLE kassa_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '" + app + "'",
					"ALTER DATABASE postgres OWNER TO kassa_owner",
					"ALTER SCHEMA public OWNER TO kassa_owner",
					"""
					DO $$ DECLARE r record; BEGIN
					  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
					             AND pg_get_userbyid(c.relowner) = 'postgres' LOOP
					    IF r.relkind = 'S' THEN
					      IF NOT EXISTS (SELECT FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
					                     WHERE s.relname = r.relname AND d.deptype IN ('a', 'i')) THEN
					        EXECUTE format('ALTER SEQUENCE public.%I OWNER TO kassa_owner', r.relname);
					      END IF;
					    ELSE
					      EXECUTE format('ALTER TABLE public.%I OWNER TO kassa_owner', r.relname);
					    END IF;
					  END LOOP;
					  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
					           WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = 'postgres' LOOP
					    EXECUTE format('ALTER ROUTINE %s OWNER TO kassa_owner', r.f);
					  END LOOP;
					  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
					           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND pg_get_userbyid(t.typowner) = 'postgres'
					             AND NOT EXISTS (SELECT FROM pg_class c WHERE c.reltype = t.oid) LOOP
					    EXECUTE format('ALTER TYPE public.%I OWNER TO kassa_owner', r.typname);
					  END LOOP;
					END $$
					""",
					"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
					"GRANT USAGE ON SCHEMA public TO kassa_app",
					"GRANT CONNECT, TEMPORARY ON DATABASE postgres TO kassa_app",
					"SET ROLE kassa_owner",
					"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kassa_app",
					"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kassa_app",
					"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kassa_app",
					"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO kassa_app",
					"RESET ROLE")) {
				statement.execute(sql);
			}
			connection.commit();
			requirePasswords(pgData);
			statement.execute("SELECT pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IOException("Could not secure the embedded PostgreSQL in " + pgData + ": " + ex.getMessage(), ex);
		}
	}

	/** Replaces the library's {@code trust} rules: every connection, local or over loopback, gives a password. */
	private static void requirePasswords(Path pgData) throws IOException {
		var hba = pgData.resolve("pg_hba.conf");
		var rules = """
				# Written by Kassa: every connection gives a password (see docs/reliability.md and docs/backups.md)
				local   all   all                 scram-sha-256
				host    all   all   127.0.0.1/32  scram-sha-256
				host    all   all   ::1/128       scram-sha-256
				""";
		if (!Files.readString(hba).equals(rules)) {
			Files.writeString(hba, rules, StandardOpenOption.TRUNCATE_EXISTING);
		}
	}
}

package dev.kassa.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The delivery_proof_settings, delivery_proof_codes and delivery_proof_files tables, and route_stops.proof. */
@Repository
class ProofStore {

	private final JdbcClient jdbc;

	ProofStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Code(UUID stopId, String salt, String codeHash, String sentTo, int sends, int attempts,
			Instant sentAt, Instant expiresAt, @Nullable Instant verifiedAt) {
	}

	record FileInfo(UUID id, UUID stopId, String kind, String contentType, int sizeBytes, String sha256,
			@Nullable UUID uploadedBy, Instant uploadedAt) {
	}

	Optional<ProofRequirement> required(UUID locationId) {
		return jdbc.sql("SELECT required FROM delivery_proof_settings WHERE location_id = :id")
			.param("id", locationId)
			.query((rs, n) -> ProofRequirement.valueOf(rs.getString(1)))
			.optional();
	}

	void setRequired(UUID locationId, ProofRequirement required, Instant now) {
		jdbc.sql("""
				INSERT INTO delivery_proof_settings (location_id, required, updated_at) VALUES (:id, :required, :now)
				ON CONFLICT (location_id) DO UPDATE SET required = EXCLUDED.required, updated_at = EXCLUDED.updated_at
				""").param("id", locationId).param("required", required.name()).param("now", Timestamp.from(now)).update();
	}

	/** The stop's status, its row locked until the transaction ends. */
	Optional<String> lockStop(UUID stopId) {
		return jdbc.sql("SELECT status FROM route_stops WHERE id = :id FOR UPDATE")
			.param("id", stopId)
			.query(String.class)
			.optional();
	}

	Optional<Code> code(UUID stopId) {
		return jdbc.sql("""
				SELECT stop_id, salt, code_hash, sent_to, sends, attempts, sent_at, expires_at, verified_at
				FROM delivery_proof_codes WHERE stop_id = :id
				""").param("id", stopId).query((rs, n) -> new Code(rs.getObject(1, UUID.class), rs.getString(2),
					rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
					rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
					rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
			.optional();
	}

	/**
	 * A new code for the stop, replacing the last one, while sends are left and the stop is neither verified nor
	 * locked: one guarded upsert, so that racing sends cannot pass the limit. The attempts carry over.
	 *
	 * @return the sends made with this one, or empty when refused
	 */
	Optional<Integer> putCode(UUID stopId, UUID routeId, String salt, String hash, String sentTo,
			Instant now, Instant expires, int maxSends, int maxAttempts) {
		return jdbc.sql("""
				INSERT INTO delivery_proof_codes AS c (stop_id, route_id, salt, code_hash, sent_to, sends,
				    attempts, sent_at, expires_at)
				VALUES (:stop, :route, :salt, :hash, :to, 1, 0, :now, :expires)
				ON CONFLICT (stop_id) DO UPDATE SET salt = EXCLUDED.salt, code_hash = EXCLUDED.code_hash,
				    sent_to = EXCLUDED.sent_to, sends = c.sends + 1,
				    sent_at = EXCLUDED.sent_at, expires_at = EXCLUDED.expires_at
				WHERE c.sends < :maxSends AND c.attempts < :maxAttempts AND c.verified_at IS NULL
				RETURNING sends
				""").param("stop", stopId).param("route", routeId).param("salt", salt).param("hash", hash)
			.param("to", sentTo).param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expires)).param("maxSends", maxSends).param("maxAttempts", maxAttempts)
			.query(Integer.class)
			.optional();
	}

	/** One attempt counted, if attempts are left and the code is not verified yet; the code as it is then. */
	Optional<Code> countAttempt(UUID stopId, int maxAttempts) {
		int updated = jdbc.sql("""
				UPDATE delivery_proof_codes SET attempts = attempts + 1
				WHERE stop_id = :id AND attempts < :max AND verified_at IS NULL
				""").param("id", stopId).param("max", maxAttempts).update();
		return updated == 1 ? code(stopId) : Optional.empty();
	}

	boolean verify(UUID stopId, Instant now) {
		return jdbc.sql("UPDATE delivery_proof_codes SET verified_at = :now WHERE stop_id = :id AND verified_at IS NULL")
			.param("id", stopId).param("now", Timestamp.from(now)).update() == 1;
	}

	int fileCount(UUID stopId) {
		return jdbc.sql("SELECT count(*) FROM delivery_proof_files WHERE stop_id = :id").param("id", stopId)
			.query(Integer.class).single();
	}

	void insertFile(FileInfo info, byte[] content) {
		jdbc.sql("""
				INSERT INTO delivery_proof_files (id, stop_id, kind, content_type, size_bytes, sha256, content,
				    uploaded_by, uploaded_at)
				VALUES (:id, :stop, :kind, :type, :size, :sha, :content, :by, :at)
				""").param("id", info.id()).param("stop", info.stopId()).param("kind", info.kind())
			.param("type", info.contentType()).param("size", info.sizeBytes()).param("sha", info.sha256())
			.param("content", content).param("by", info.uploadedBy()).param("at", Timestamp.from(info.uploadedAt()))
			.update();
	}

	List<FileInfo> files(UUID stopId) {
		return jdbc.sql("""
				SELECT id, stop_id, kind, content_type, size_bytes, sha256, uploaded_by, uploaded_at
				FROM delivery_proof_files WHERE stop_id = :id ORDER BY id
				""").param("id", stopId).query((rs, n) -> new FileInfo(rs.getObject(1, UUID.class),
					rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
					rs.getObject(7, UUID.class), rs.getTimestamp(8).toInstant()))
			.list();
	}

	Optional<byte[]> content(UUID stopId, UUID fileId) {
		return jdbc.sql("SELECT content FROM delivery_proof_files WHERE id = :id AND stop_id = :stop")
			.param("id", fileId).param("stop", stopId).query(byte[].class).optional();
	}

	@Nullable
	String stopProof(UUID stopId) {
		return jdbc.sql("SELECT proof FROM route_stops WHERE id = :id").param("id", stopId)
			.query((rs, n) -> rs.getString(1)).optional().orElse(null);
	}

	void setStopProof(UUID stopId, @Nullable String proof) {
		jdbc.sql("UPDATE route_stops SET proof = :proof WHERE id = :id").param("id", stopId).param("proof", proof).update();
	}
}

package dev.kassa.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a create at most once per {@code Idempotency-Key}. The key row is inserted first in the same
 * transaction as the effect: a concurrent request with the same key waits on that row and then reads
 * the stored answer; if the first one rolls back, the second one runs. The same key with another body
 * is refused with 422.
 */
@Service
public class Idempotency {

	/** The request header that carries the client's key. */
	public static final String HEADER = "Idempotency-Key";

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Settings settings;

	Idempotency(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, Settings settings) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.json = json;
		this.settings = settings;
	}

	/** @param retention how long a key is remembered */
	@ConfigurationProperties("kassa.idempotency")
	public record Settings(@DefaultValue("24h") Duration retention) {
	}

	/** A stored answer: its status and JSON body. */
	public record Response(int status, JsonNode body) {
	}

	/**
	 * Runs {@code work} in a new transaction unless the key has been used, and returns its answer.
	 *
	 * @param scope separates keys of different operations and users, e.g. {@code "sale:" + userId}
	 * @param key the client's key; required
	 * @param request the request body, whose hash must match on a repeat
	 * @param work the effect, returning its answer; runs inside the transaction
	 */
	public Response run(String scope, @Nullable String key, Object request, HttpStatus status, Supplier<?> work) {
		return run(scope, key, request, status, answer -> work.get());
	}

	/**
	 * Stores the answer from inside the work's own last statement, for work done under a hot lock
	 * that is kept to one round trip (see {@link SqlPart}). Without it, the answer is stored by a
	 * statement of its own after the work.
	 */
	public interface Answer {

		/**
		 * The part that stores the answer: a common table expression {@code i_answer} that updates the
		 * key's row once per row of {@code from}, with the response given as a SQL expression over that
		 * row and the statement's parameters, of type text holding the JSON answer. The work must then
		 * return the same JSON as a {@link RawJson}.
		 */
		SqlPart storeInStatement(String from, String responseSql);
	}

	/** {@link #run(String, String, Object, HttpStatus, Supplier)}, with work that may store its answer itself. */
	public Response run(String scope, @Nullable String key, Object request, HttpStatus status,
			Function<Answer, ?> work) {
		var checked = checkKey(key);
		byte[] hash = hash(request);
		var outcome = transactions.execute(tx -> {
			int inserted = jdbc.sql("""
					INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (:scope, :key, :hash)
					ON CONFLICT (scope, key) DO NOTHING
					""").param("scope", scope).param("key", checked).param("hash", hash).update();
			if (inserted == 0) {
				return replay(scope, checked, hash);
			}
			var stored = new boolean[1];
			Answer answer = (from, responseSql) -> {
				stored[0] = true;
				var params = new HashMap<String, Object>();
				params.put("i_status", status.value());
				params.put("i_scope", scope);
				params.put("i_key", key);
				return new SqlPart("i_answer AS (UPDATE idempotency_keys SET status = :i_status, response = ("
						+ responseSql + ") FROM " + from + " WHERE scope = :i_scope AND key = :i_key)", params);
			};
			var result = work.apply(answer);
			var text = result instanceof RawJson raw ? raw.text() : json.writeValueAsString(result);
			if (stored[0]) {
				if (!(result instanceof RawJson)) {
					throw new IllegalStateException("work that stores its answer returns it as RawJson");
				}
				return new Stored(status.value(), text);
			}
			jdbc.sql("UPDATE idempotency_keys SET status = :status, response = :response WHERE scope = :scope AND key = :key")
				.param("status", status.value())
				.param("response", text)
				.param("scope", scope)
				.param("key", key)
				.update();
			return new Stored(status.value(), text);
		});
		// parsed after commit, the same way for the first answer and for every repeat
		return new Response(outcome.status(), reader().readTree(outcome.text()));
	}

	private record Stored(int status, String text) {
	}

	/** 400 naming {@code Idempotency-Key} when it is missing or malformed: what {@link #run} checks first. */
	public static String checkKey(@Nullable String key) {
		if (key == null || key.isBlank()) {
			throw ApiException.invalid("Idempotency-Key", "header is required for this request");
		}
		if (!KEY.matcher(key).matches()) {
			throw ApiException.invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
		}
		return key;
	}

	/**
	 * Whether the key has a committed answer in this scope, so that costly work prepared before {@link #run}
	 * can be skipped for a repeat ({@link #run} decides all the same: a key answered meanwhile is replayed).
	 */
	public boolean answered(String scope, String key) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE scope = :scope AND key = :key)")
			.param("scope", scope)
			.param("key", key)
			.query(Boolean.class)
			.single();
	}

	/** Amounts are answered as they were written: 10.50, not 10.5. */
	private tools.jackson.databind.ObjectReader reader() {
		return json.reader()
			.with(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.without(tools.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
	}

	private Stored replay(String scope, String key, byte[] hash) {
		var stored = jdbc.sql("""
				SELECT request_hash, status, response FROM idempotency_keys WHERE scope = :scope AND key = :key
				""").param("scope", scope).param("key", key).query((rs, n) -> new Object[] { rs.getBytes(1),
						rs.getObject(2), rs.getString(3) }).single();
		if (!Arrays.equals((byte[]) stored[0], hash)) {
			throw ApiException.unprocessable("idempotency_key_reused",
					"Idempotency-Key " + key + " was used with a different request body", "Idempotency-Key");
		}
		return new Stored((Integer) stored[1], (String) stored[2]);
	}

	private byte[] hash(Object request) {
		try {
			return MessageDigest.getInstance("SHA-256")
				.digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
	void forgetExpired() {
		jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => :seconds)")
			.param("seconds", (double) settings.retention().toSeconds())
			.update();
	}
}

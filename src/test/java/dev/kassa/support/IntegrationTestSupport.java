package dev.kassa.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Base of the integration tests: the client for this server and SQL on its database. */
@KassaIntegrationTest
public abstract class IntegrationTestSupport {

	@Value("${local.server.port}")
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	/** Each test class's server has a data directory, and with it a token signing key, of its own. */
	@Value("${kassa.data-dir}")
	private String dataDir;

	/**
	 * Keyed by server, not by port: a server of a context the test framework closed frees its port, a later
	 * one may get the same port, and its client must not offer tokens signed with the closed one's key.
	 */
	private static final java.util.Map<String, TestClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

	/** The client of this server; its tokens are kept across the test methods of a class. */
	protected TestClient api() {
		return CLIENTS.computeIfAbsent(port + " " + dataDir, key -> new TestClient(port));
	}

	protected long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}
}

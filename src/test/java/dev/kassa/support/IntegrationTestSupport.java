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

	private static final java.util.Map<Integer, TestClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

	/** The client of this server; its tokens are kept across the test methods of a class. */
	protected TestClient api() {
		return CLIENTS.computeIfAbsent(port, TestClient::new);
	}

	protected long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}
}

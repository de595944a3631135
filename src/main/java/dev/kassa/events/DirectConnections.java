package dev.kassa.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.stereotype.Component;

/**
 * Connections of their own for the long-lived background loops (the sealer holding its advisory lock, the
 * LISTEN of the live poller), opened beside the pool so that they never take a pooled connection away from
 * requests. The same database and credentials as the pool.
 */
@Component
class DirectConnections {

	private final DataSource dataSource;

	DirectConnections(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	Connection open() throws SQLException {
		if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
			var connection = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
			connection.setAutoCommit(true);
			return connection;
		}
		return dataSource.getConnection();
	}
}

package dev.kassa.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.stereotype.Component;

/**
 * Connections of their own for the long-lived background loops (the sealer holding its advisory lock, the
 * LISTEN of the live poller), opened beside the pool so that they never take a pooled connection away from
 * requests. The same database, credentials and timeouts as the pool.
 */
@Component
class DirectConnections {

	private final DataSource dataSource;

	DirectConnections(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	Connection open() throws SQLException {
		if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
			// the pool's driver settings too: its connect, socket and statement timeouts bound these loops' waits
			var properties = new Properties();
			properties.putAll(hikari.getDataSourceProperties());
			if (hikari.getUsername() != null) {
				properties.setProperty("user", hikari.getUsername());
			}
			if (hikari.getPassword() != null) {
				properties.setProperty("password", hikari.getPassword());
			}
			var connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
			connection.setAutoCommit(true);
			return connection;
		}
		return dataSource.getConnection();
	}
}

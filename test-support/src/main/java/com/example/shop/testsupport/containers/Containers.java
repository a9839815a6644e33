package com.example.shop.testsupport.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL and Redis containers from the configured images, for tests to declare as
 * {@code @Bean @ServiceConnection} (Redis with {@code name = "redis"}, since a stand-in
 * image need not be called {@code redis}), and what a test reads from a database.
 */
public final class Containers {

	public static final int REDIS_PORT = 6379;

	private Containers() {
	}

	public static PostgreSQLContainer postgres() {
		return new PostgreSQLContainer(ContainerImages.postgres());
	}

	public static GenericContainer<?> redis() {
		return new GenericContainer<>(ContainerImages.redis()).withExposedPorts(REDIS_PORT);
	}

	/**
	 * What a service stored, read straight from its database as text, for tests that look
	 * behind a service's API (the PostgreSQL driver must be on the test's classpath).
	 * @param database the service's database
	 * @param sql a query with {@code ?} parameters
	 * @param parameters its parameters
	 * @return each row's columns, in order, as text
	 */
	public static List<List<String>> rows(PostgreSQLContainer database, String sql, Object... parameters) {
		try (Connection connection = DriverManager.getConnection(database.getJdbcUrl(), database.getUsername(),
				database.getPassword()); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet result = statement.executeQuery()) {
				int columns = result.getMetaData().getColumnCount();
				List<List<String>> rows = new ArrayList<>();
				while (result.next()) {
					List<String> row = new ArrayList<>();
					for (int column = 1; column <= columns; column++) {
						row.add(result.getString(column));
					}
					rows.add(List.copyOf(row));
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read " + database.getDatabaseName() + ": " + sql, ex);
		}
	}

}

package com.example.shop.testsupport.containers;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The configured PostgreSQL and Redis images keep the part of the official images'
 * contract the project relies on, whether they are the official images or local
 * stand-ins.
 */
class ContainersIntegrationTests {

	@Test
	void postgresWhenStartedThenDatabaseUserPasswordAndInitScriptsAreHonoured() throws Exception {
		try (PostgreSQLContainer postgres = Containers.postgres()
			.withDatabaseName("orders")
			.withUsername("order_service")
			.withPassword("container-test-password")
			.withCopyFileToContainer(MountableFile.forClasspathResource("initdb/create-marker.sql"),
					"/docker-entrypoint-initdb.d/create-marker.sql")) {
			postgres.start();

			try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), "order_service",
					"container-test-password");
					ResultSet result = connection.createStatement()
						.executeQuery(
								"SELECT current_database(), current_user, (SELECT created_by FROM init_marker)")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo("orders");
				assertThat(result.getString(2)).isEqualTo("order_service");
				assertThat(result.getString(3)).isEqualTo("init script");
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(postgres.getJdbcUrl(), "order_service", "wrong-password"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		}
	}

	@Test
	void redisWhenStartedThenAnswersOnItsPortFromOutsideTheContainer() throws Exception {
		try (GenericContainer<?> redis = Containers.redis()) {
			redis.start();

			try (Socket socket = new Socket(redis.getHost(), redis.getMappedPort(Containers.REDIS_PORT))) {
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				byte[] answer = new byte[7];
				int read = in.readNBytes(answer, 0, answer.length);
				assertThat(new String(answer, 0, read, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
			}
		}
	}

}

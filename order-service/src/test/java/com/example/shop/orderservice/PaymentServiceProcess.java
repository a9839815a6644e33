package com.example.shop.orderservice;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import com.example.shop.testsupport.Containers;
import com.example.shop.testsupport.ServiceProcess;
import com.example.shop.testsupport.ShopKeycloak;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real payment-service, run from its jar as a process of its own with its own
 * PostgreSQL; started once per test JVM.
 */
final class PaymentServiceProcess {

	private final PostgreSQLContainer database = Containers.postgres()
		.withDatabaseName("payments")
		.withUsername("payment_service")
		.withPassword("payment-test-password");

	private final ServiceProcess process;

	private PaymentServiceProcess() {
		this.database.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.database::stop, "payment-db-stop"));
		ShopKeycloak keycloak = ShopKeycloak.get();
		this.process = ServiceProcess.start("payment-service", ServiceProcess.jarOf("payment-service"),
				Map.of("PAYMENT_DB_URL", this.database.getJdbcUrl(), "PAYMENT_DB_USERNAME", this.database.getUsername(),
						"PAYMENT_DB_PASSWORD", this.database.getPassword(), "KEYCLOAK_ISSUER_URI", keycloak.issuer(),
						"KEYCLOAK_JWK_SET_URI", keycloak.jwkSetUri().toString()));
	}

	static PaymentServiceProcess get() {
		return Shared.INSTANCE;
	}

	URI url() {
		return this.process.url();
	}

	Path log() {
		return this.process.log();
	}

	/**
	 * The payment-service's database, for tests to check what it stored.
	 * @return the running container
	 */
	PostgreSQLContainer database() {
		return this.database;
	}

	private static final class Shared {

		static final PaymentServiceProcess INSTANCE = new PaymentServiceProcess();

	}

}

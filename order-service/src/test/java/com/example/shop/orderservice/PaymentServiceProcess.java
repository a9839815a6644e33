package com.example.shop.orderservice;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.example.shop.testsupport.containers.Containers;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import com.example.shop.testsupport.process.ServiceProcess;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real payment-service, run from its jar as a process of its own with its own
 * PostgreSQL: one shared by the tests of a JVM, or one of a test's own with the
 * certificate the test gives it.
 */
final class PaymentServiceProcess {

	private final PostgreSQLContainer database = Containers.postgres()
		.withDatabaseName("payments")
		.withUsername("payment_service")
		.withPassword("payment-test-password");

	private final ServiceProcess process;

	private PaymentServiceProcess(Path tlsDirectory) {
		this.database.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.database::stop, "payment-db-stop"));
		Map<String, String> environment = new HashMap<>(ShopKeycloak.get().serviceEnvironment());
		environment.putAll(
				Map.of("PAYMENT_DB_URL", this.database.getJdbcUrl(), "PAYMENT_DB_USERNAME", this.database.getUsername(),
						"PAYMENT_DB_PASSWORD", this.database.getPassword(), "SHOP_TLS_DIR", tlsDirectory.toString()));
		this.process = ServiceProcess.start(ServiceName.PAYMENT_SERVICE, ServiceProcess.jarOf("payment-service"),
				environment);
	}

	static PaymentServiceProcess get() {
		return Shared.INSTANCE;
	}

	/**
	 * A payment-service of the caller's own, with a database of its own.
	 * @param tlsDirectory its certificate, key and CA
	 * @return the started service
	 */
	static PaymentServiceProcess startWith(Path tlsDirectory) {
		return new PaymentServiceProcess(tlsDirectory);
	}

	URI url() {
		return this.process.url();
	}

	Path log() {
		return this.process.log();
	}

	ServiceProcess process() {
		return this.process;
	}

	/**
	 * The payment-service's database, for tests to check what it stored.
	 * @return the running container
	 */
	PostgreSQLContainer database() {
		return this.database;
	}

	private static final class Shared {

		static final PaymentServiceProcess INSTANCE = new PaymentServiceProcess(
				TestPki.get().tlsDirectory(ServiceName.PAYMENT_SERVICE));

	}

}

package com.example.shop.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.containers.ContainerImages;
import com.example.shop.testsupport.containers.Containers;
import com.example.shop.testsupport.keycloak.AuthorizationRequest;
import com.example.shop.testsupport.keycloak.AuthorizationResponse;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.KeycloakAdmin;
import com.example.shop.testsupport.keycloak.Randoms;
import com.example.shop.testsupport.keycloak.RealmLogin;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenEndpointResult;
import com.example.shop.testsupport.platform.RepositoryFiles;
import com.example.shop.testsupport.process.LocalPorts;
import com.github.dockerjava.api.model.Capability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak as the Kubernetes manifests run it: the image built by
 * {@code auth-server/Dockerfile}, {@code start --optimized --import-realm} in production
 * mode on its own PostgreSQL database, as uid 1000 with a read-only root file system, no
 * capabilities and writable space only where the pod has an {@code emptyDir}; the realm
 * imported from the one realm file alone, without the demo users' file, as the prod
 * overlay does.
 */
class ProductionKeycloakIntegrationTests {

	private static final String IMAGE = "shop/keycloak:integration-test";

	private static final String ADMIN_CLIENT = "shop-test-admin";

	private static final Network network = Network.newNetwork();

	private static final Map<String, String> secrets = Map.of("db", Randoms.urlSafe(24), "admin", Randoms.urlSafe(24),
			ShopRealm.GATEWAY_CLIENT, Randoms.urlSafe(24), ShopRealm.ORDER_SERVICE_CLIENT, Randoms.urlSafe(24));

	private static final PostgreSQLContainer database = Containers.postgres()
		.withNetwork(network)
		.withNetworkAliases("keycloak-db")
		.withDatabaseName("keycloak")
		.withUsername("keycloak")
		.withPassword(secrets.get("db"));

	private static GenericContainer<?> keycloak;

	private static String baseUrl;

	@BeforeAll
	static void start() throws Exception {
		buildImage();
		database.start();
		int port = LocalPorts.free();
		baseUrl = "http://localhost:" + port;
		keycloak = new GenericContainer<>(IMAGE).withNetwork(network)
			.withCommand("start", "--optimized", "--import-realm")
			.withEnv(Map.of("KC_HOSTNAME", baseUrl, "KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true", "KC_HTTP_ENABLED",
					"true", "KC_PROXY_HEADERS", "xforwarded", "KC_DB_URL",
					"jdbc:postgresql://keycloak-db:5432/keycloak", "KC_DB_USERNAME", "keycloak", "KC_DB_PASSWORD",
					secrets.get("db")))
			.withEnv(Map.of("KC_BOOTSTRAP_ADMIN_CLIENT_ID", ADMIN_CLIENT, "KC_BOOTSTRAP_ADMIN_CLIENT_SECRET",
					secrets.get("admin"), "GATEWAY_PUBLIC_URL", ShopRealm.GATEWAY_PUBLIC_URL, "GATEWAY_CLIENT_SECRET",
					secrets.get(ShopRealm.GATEWAY_CLIENT), "ORDER_SERVICE_CLIENT_SECRET",
					secrets.get(ShopRealm.ORDER_SERVICE_CLIENT)))
			.withFileSystemBind(ShopRealm.file().toString(), "/opt/keycloak/data/import/shop-realm.json",
					BindMode.READ_ONLY)
			.withExposedPorts(9000)
			.withCreateContainerCmdModifier((command) -> {
				command.withUser("1000:1000");
				command.getHostConfig()
					.withReadonlyRootfs(true)
					.withTmpFs(Map.of("/opt/keycloak/data", "rw,size=256m", "/tmp", "rw,size=64m"))
					.withCapDrop(Capability.ALL)
					.withSecurityOpts(List.of("no-new-privileges"));
			})
			.waitingFor(Wait.forHttp("/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(4)));
		// Tokens and pages carry KC_HOSTNAME, so the host port is chosen before
		// the start.
		keycloak.setPortBindings(List.of(port + ":8080"));
		keycloak.start();
	}

	@AfterAll
	static void stop() {
		if (keycloak != null) {
			keycloak.stop();
		}
		database.stop();
		network.close();
	}

	@Test
	void startWhenProductionModeThenRunsUnprivilegedOnReadOnlyRoot() throws Exception {
		ExecResult user = keycloak.execInContainer("id", "-u");
		ExecResult write = keycloak.execInContainer("touch", "/opt/keycloak/lib/written");

		assertThat(user.getStdout().strip()).isEqualTo("1000");
		assertThat(write.getExitCode()).isNotZero();
		assertThat(write.getStderr()).contains("Read-only file system");
		assertThat(keycloak.getLogs()).contains("Profile prod activated").doesNotContain("start-dev");
	}

	@Test
	void importWhenProductionModeThenRealmClientsWorkWithTheirSecrets() throws Exception {
		RealmLogin realm = new RealmLogin(issuer(), secrets::get);

		TokenEndpointResult service = realm.tokenEndpoint()
			.clientCredentials(ShopRealm.ORDER_SERVICE_CLIENT, secrets.get(ShopRealm.ORDER_SERVICE_CLIENT));

		assertThat(service.isSuccess()).as("%s", service).isTrue();
		assertThat(service.tokens().parsedAccessToken().getJWTClaimsSet().getIssuer()).isEqualTo(issuer());
	}

	@Test
	void importWhenRealmFileAloneThenNoUserExistsAndDemoLoginFails() {
		List<Map<String, Object>> users = new KeycloakAdmin(baseUrl, ADMIN_CLIENT, secrets.get("admin")).users();
		RealmLogin realm = new RealmLogin(issuer(), secrets::get);

		AuthorizationResponse login = realm.browserLogin(AuthorizationRequest.forGateway())
			.submit(DemoUser.ALICE.username(), DemoUser.ALICE.password());

		assertThat(users).isEmpty();
		assertThat(login.code()).isNull();
		assertThat(login.body()).contains("Invalid username or password");
	}

	private static String issuer() {
		return baseUrl + "/realms/" + ShopRealm.NAME;
	}

	/**
	 * The README's build command for the image, with the configured Keycloak image as
	 * base.
	 */
	private static void buildImage() throws IOException, InterruptedException {
		Process build = new ProcessBuilder("docker", "build", "-q", "--build-arg",
				"KEYCLOAK_IMAGE=" + ContainerImages.keycloak().asCanonicalNameString(), "-t", IMAGE,
				RepositoryFiles.resolve("auth-server/Dockerfile").getParent().toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(build.waitFor(10, TimeUnit.MINUTES)).isTrue();
		assertThat(build.exitValue()).as(output).isZero();
	}

}

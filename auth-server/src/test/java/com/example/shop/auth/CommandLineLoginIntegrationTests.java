package com.example.shop.auth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.platform.RepositoryFiles;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth-server/cli/GetToken.java}, the way the README gets an API client its token,
 * run as a user runs it: it prints a login URL, a browser logs in there, Keycloak sends
 * the browser back to the script's loopback listener, and the script prints the access
 * token it redeemed with its PKCE verifier, as the public client {@code shop-cli}.
 */
class CommandLineLoginIntegrationTests {

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	@Test
	void getTokenWhenUserLogsInInTheBrowserThenPrintsHerAccessTokenForTheGateway() throws Exception {
		Path script = RepositoryFiles.resolve("auth-server/cli/GetToken.java");
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				script.toString());
		builder.environment().put("KEYCLOAK_ISSUER", this.keycloak.issuer());
		Process process = builder.start();
		try {
			URI login = loginUrl(process);
			Browser browser = new Browser();

			HttpResponse<String> page = browser.get(login);
			HttpResponse<String> redirect = browser.submitLogin(page, DemoUser.ALICE.username(),
					DemoUser.ALICE.password());
			URI callback = Browser.location(redirect);
			assertThat(callback.toString()).startsWith("http://127.0.0.1:8765/callback?");
			assertThat(browser.get(callback).body()).contains("Logged in");

			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).isZero();
			String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
			assertThat(claims.getStringClaim("azp")).isEqualTo("shop-cli");
			assertThat(claims.getAudience()).containsExactly("gateway");
			assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
			assertThat(claims.getIssuer()).isEqualTo(this.keycloak.issuer());
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static URI loginUrl(Process process) throws Exception {
		BufferedReader errors = new BufferedReader(
				new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
		for (String line = errors.readLine(); line != null; line = errors.readLine()) {
			if (line.contains("/protocol/openid-connect/auth?")) {
				URI url = URI.create(line.trim());
				assertThat(url.getQuery()).contains("code_challenge_method=S256").contains("client_id=shop-cli");
				return url;
			}
		}
		throw new AssertionError("GetToken printed no login URL");
	}

}

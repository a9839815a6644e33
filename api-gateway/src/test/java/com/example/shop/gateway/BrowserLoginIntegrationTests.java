package com.example.shop.gateway;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.CapturedLog;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser-like client logs in through the gateway against Keycloak's real login form
 * (authorization code + PKCE), calls the API with only its session cookie, and logs out.
 * The gateway listens on the public address registered in the realm.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "server.port=" + BrowserLoginIntegrationTests.PORT, "management.server.port=0" })
@Import(RedisTestConfiguration.class)
// The fixed port is released for the next class that needs it.
@DirtiesContext
class BrowserLoginIntegrationTests {

	static final int PORT = 18080;

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	@RegisterExtension
	static final RecordingService orderService = RecordingService.started("order-service");

	private final URI gateway = URI.create(ShopRealm.GATEWAY_PUBLIC_URL);

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, orderService);
		registry.add("GATEWAY_CLIENT_SECRET", () -> keycloak.clientSecret(ShopRealm.GATEWAY_CLIENT));
	}

	@Test
	void loginWhenAliceThenSessionCookieCarriesHerTokenDownstreamAndLogoutEndsBothSessions() throws Exception {
		GatewayLogin login = GatewayLogin.logIn(this.gateway, DemoUser.ALICE);
		Browser browser = login.browser();

		// The gateway started the login with PKCE S256 and came back from
		// Keycloak's form.
		assertThat(login.authorizationRequest().toString())
			.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth")
			.contains("code_challenge_method=S256")
			.contains("client_id=gateway");
		assertThat(Browser.location(login.callback()).toString()).startsWith(ShopRealm.GATEWAY_REDIRECT_URI + "?");
		assertThat(login.loggedIn().statusCode()).isEqualTo(302);
		assertThat(login.loggedIn().headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=")
				.containsIgnoringCase("HttpOnly")
				.contains("SameSite=Lax"));

		// The front door: the page, and who the session is.
		HttpResponse<String> page = browser.get(this.gateway.resolve("/"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Place an order").contains("/app.js");
		HttpResponse<String> me = browser.get(this.gateway.resolve("/me"));
		assertThat(Json.object(me.body())).containsEntry("username", "alice").containsEntry("session", true);

		// The API with only the session cookie: the service receives alice's access
		// token exchanged for it alone.
		HttpResponse<String> orders = browser.get(this.gateway.resolve("/api/orders"));
		assertThat(orders.statusCode()).isEqualTo(200);
		String relayed = last(orderService.received()).authorization();
		assertThat(relayed).startsWith("Bearer ");
		assertThat(last(orderService.received()).cookie()).as("the session cookie stays at the gateway").isNull();
		SignedJWT token = SignedJWT.parse(relayed.substring("Bearer ".length()));
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(token.getJWTClaimsSet().getStringClaim("azp")).isEqualTo(ShopRealm.GATEWAY_CLIENT);
		assertThat(token.getJWTClaimsSet().getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("orders:read",
				"orders:write");
		assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(keycloak.issuer());

		// A state-changing request with the cookie alone (as a forged cross-site form
		// would send) is refused; with the CSRF token it passes.
		int before = orderService.received().size();
		HttpResponse<String> forged = browser.postForm(this.gateway.resolve("/api/orders"), Map.of("x", "y"), Map.of());
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(orderService.received()).hasSize(before);
		// Another Authorization scheme does not make a session request a bearer
		// one; a bearer header that is not a valid token is refused, never served
		// by the session.
		HttpResponse<String> basic = browser.postJson(this.gateway.resolve("/api/orders"), "{}",
				Map.of("Authorization", "Basic eDp5"));
		assertThat(basic.statusCode()).isEqualTo(403);
		assertThat(basic.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(browser.postJson(this.gateway.resolve("/api/orders"), "{}", Map.of("Authorization", "Bearer x.y.z"))
			.statusCode()).isEqualTo(401);
		assertThat(browser.postJson(this.gateway.resolve("/api/orders"), "{}", Map.of("Authorization", "Bearer"))
			.statusCode()).isEqualTo(401);
		assertThat(orderService.received()).hasSize(before);
		String csrf = browser.cookie(this.gateway, "XSRF-TOKEN");
		assertThat(csrf).isNotBlank();
		String session = "spring:session:sessions:" + browser.cookie(this.gateway, "SESSION");
		assertThat(this.redis.getExpire(session).block()).as("a logged-in session's life")
			.isGreaterThan(Duration.ofMinutes(25));

		// Logout ends the gateway session and, through RP-initiated logout,
		// Keycloak's. The token travels as the form field, as the front door's logout
		// form sends it (the gateway reads the body before Spring Security does, and
		// must keep the form).
		HttpResponse<String> logout = browser.postForm(this.gateway.resolve("/logout"), Map.of("_csrf", csrf),
				Map.of());
		URI endSession = Browser.location(logout);
		assertThat(endSession.toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/logout")
			.contains("id_token_hint=");
		HttpResponse<String> backHome = browser.get(endSession);
		assertThat(Browser.location(backHome).toString()).isEqualTo(ShopRealm.GATEWAY_PUBLIC_URL + "/");

		assertThat(browser.get(this.gateway.resolve("/api/orders")).statusCode()).isEqualTo(401);
		assertThat(this.redis.hasKey(session).block()).as("the session, with the user's tokens, left Redis").isFalse();
		HttpResponse<String> again = browser
			.get(Browser.location(browser.get(this.gateway.resolve("/oauth2/authorization/keycloak"))));
		assertThat(again.statusCode()).as("Keycloak asks for the password again").isEqualTo(200);
		assertThat(again.body()).contains("kc-form-login");
	}

	@Test
	void sessionWhenEndedAtKeycloakThenGatewaySessionEndedThroughTheBackChannel() throws Exception {
		Browser browser = GatewayLogin.logIn(this.gateway, DemoUser.BOB).browser();
		assertThat(browser.get(this.gateway.resolve("/api/orders")).statusCode()).isEqualTo(200);
		String session = "spring:session:sessions:" + browser.cookie(this.gateway, "SESSION");
		assertThat(this.redis.hasKey(session).block()).isTrue();

		// As an admin ending bob's sessions, or bob logging out at Keycloak: Keycloak
		// posts a logout token to the gateway.
		keycloak.admin().logOut(DemoUser.BOB.username());

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Boolean.TRUE.equals(this.redis.hasKey(session).block()) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(this.redis.hasKey(session).block()).as("the gateway session, with bob's tokens, in Redis").isFalse();
		assertThat(browser.get(this.gateway.resolve("/api/orders")).statusCode()).isEqualTo(401);
	}

	@Test
	void backChannelLogoutWhenTokenForgedThenRefusedAndSessionKept() throws Exception {
		Browser browser = GatewayLogin.logIn(this.gateway, DemoUser.ALICE).browser();
		String session = "spring:session:sessions:" + browser.cookie(this.gateway, "SESSION");
		SignedJWT real = keycloak.login(DemoUser.ALICE).parsedAccessToken();
		// A logout token for all of alice's sessions, as Keycloak would write it, but
		// signed by a key of the attacker's under the realm key's kid.
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(keycloak.issuer())
			.audience(ShopRealm.GATEWAY_CLIENT)
			.subject(real.getJWTClaimsSet().getSubject())
			.issueTime(new Date())
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
			.build();
		SignedJWT forgedToken = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("logout+jwt"))
					.keyID(real.getHeader().getKeyID())
					.build(),
				claims);
		forgedToken.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
		String forged = forgedToken.serialize();

		HttpResponse<String> response = new Browser().postForm(
				this.gateway.resolve("/logout/connect/back-channel/keycloak"), Map.of("logout_token", forged),
				Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.redis.hasKey(session).block()).isTrue();
		assertThat(browser.get(this.gateway.resolve("/api/orders")).statusCode()).isEqualTo(200);
	}

	@Test
	void loginWhenDoneOrRefusedThenAuditEventByReasonAndRefusedOnesGetNoSession() throws Exception {
		String aliceSub = keycloak.login(DemoUser.ALICE).parsedAccessToken().getJWTClaimsSet().getSubject();
		double done = AuditCounts.of(this.meters, "login", "success", "none");
		double other = AuditCounts.of(this.meters, "login", "failure", "other");
		try (CapturedLog audit = CapturedLog.of(AuditEvents.LOGGER)) {
			GatewayLogin.logIn(this.gateway, DemoUser.ALICE);

			// A callback the gateway never started: a code from elsewhere, no
			// authorization request in this browser's session.
			Browser stranger = new Browser();
			assertRefused(stranger, stranger.get(callback("code=stolen&state=made-up")));
			// Keycloak's refusal (the user cancelled at the login form), for a login
			// this browser did start.
			Browser cancelling = new Browser();
			assertRefused(cancelling, cancelling.get(callback("error=access_denied&state=" + startLogin(cancelling))));
			// An error code Keycloak never sends: counted as other, not under a label
			// the client made up.
			Browser inventing = new Browser();
			assertRefused(inventing, inventing.get(callback("error=made_up_code&state=" + startLogin(inventing))));

			List<Map<String, String>> logins = audit.fields()
				.stream()
				.filter((event) -> "login".equals(event.get("event.action")))
				.toList();
			assertThat(logins).extracting((event) -> event.get("event.outcome") + "/" + event.get("event.reason"))
				.containsExactly("success/null", "failure/authorization-request-not-found", "failure/access-denied",
						"failure/other");
			assertThat(logins.get(0)).containsEntry("user.id", aliceSub)
				.containsEntry("url.path", "/login/oauth2/code/keycloak")
				.containsKey("client.ip");
			assertThat(logins).allSatisfy((event) -> assertThat(event.toString()).doesNotContain("stolen"));
		}
		assertThat(AuditCounts.of(this.meters, "login", "success", "none")).isEqualTo(done + 1);
		assertThat(AuditCounts.of(this.meters, "login", "failure", "other")).isEqualTo(other + 1);
		assertThat(this.meters.find("shop.audit.events").tag("reason", "made-up-code").counter()).isNull();
	}

	/**
	 * The callback with its query, as Keycloak (or anyone) could send a browser to it.
	 */
	private static URI callback(String query) {
		return URI.create(ShopRealm.GATEWAY_REDIRECT_URI + "?" + query);
	}

	/**
	 * Starts a login as a page request would, and returns the authorization request's
	 * state.
	 */
	private String startLogin(Browser browser) {
		URI start = Browser.location(browser.get(this.gateway.resolve("/"), Map.of("Accept", "text/html")));
		URI authorize = Browser.location(browser.get(start));
		return UriComponentsBuilder.fromUri(authorize).build().getQueryParams().getFirst("state");
	}

	/** Sent to the login error page, and no session that the API would serve. */
	private void assertRefused(Browser browser, HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(Browser.location(answer).getPath()).isEqualTo("/login");
		assertThat(Browser.location(answer).getQuery()).isEqualTo("error");
		assertThat(browser.get(this.gateway.resolve("/api/orders")).statusCode()).isEqualTo(401);
	}

	private static RecordingService.Received last(List<RecordingService.Received> received) {
		return received.get(received.size() - 1);
	}

}

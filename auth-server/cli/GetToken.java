// Gets an access token for the platform's API the way the realm allows it: authorization
// code with PKCE (S256) through Keycloak's login page in your browser, as the public
// client "shop-cli" with a loopback redirect (RFC 8252). No password grant, no client
// secret. Plain JDK, run as a source file:
//
//   TOKEN=$(java auth-server/cli/GetToken.java)
//
// It prints a login URL (on stderr), waits for the browser to come back to
// http://127.0.0.1:8765/callback, checks the state, redeems the code with the PKCE
// verifier and prints the access token (on stdout). KEYCLOAK_ISSUER overrides the
// compose issuer.

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

public class GetToken {

	static final String CLIENT = "shop-cli";

	static final String REDIRECT = "http://127.0.0.1:8765/callback";

	public static void main(String[] args) throws Exception {
		String issuer = System.getenv().getOrDefault("KEYCLOAK_ISSUER", "http://localhost:8180/realms/shop");
		String verifier = random(48);
		String challenge = base64(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		String state = random(16);
		CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8765), 0);
		server.createContext("/callback", (exchange) -> {
			callback.complete(query(exchange.getRequestURI().getRawQuery()));
			byte[] page = "Logged in: you can close this window.".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		server.start();
		try {
			System.err.println("Open this in your browser and log in:\n\n  " + issuer
					+ "/protocol/openid-connect/auth?response_type=code&client_id=" + CLIENT + "&scope=openid&redirect_uri="
					+ encode(REDIRECT) + "&state=" + state + "&code_challenge=" + challenge
					+ "&code_challenge_method=S256\n");
			Map<String, String> answer = callback.get(5, TimeUnit.MINUTES);
			if (!state.equals(answer.get("state")) || answer.get("code") == null) {
				throw new IllegalStateException("The login did not come back with this request's state and a code: " + answer);
			}
			HttpResponse<String> tokens = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + CLIENT
							+ "&code=" + encode(answer.get("code")) + "&redirect_uri=" + encode(REDIRECT)
							+ "&code_verifier=" + verifier))
					.build(), HttpResponse.BodyHandlers.ofString());
			Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(tokens.body());
			if (tokens.statusCode() != 200 || !token.find()) {
				throw new IllegalStateException("The token endpoint answered " + tokens.statusCode());
			}
			System.out.println(token.group(1));
		}
		finally {
			server.stop(0);
		}
	}

	static String random(int bytes) {
		byte[] value = new byte[bytes];
		new SecureRandom().nextBytes(value);
		return base64(value);
	}

	static String base64(byte[] value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static Map<String, String> query(String raw) {
		Map<String, String> parameters = new HashMap<>();
		for (String pair : (raw != null) ? raw.split("&") : new String[0]) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

}

package com.example.shop.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;

/**
 * The attack suite's ledger and tools. Each attack is tried, its refusal checked (and
 * that nothing changed), and counted; a test ends by failing with every attack that got
 * through. The counts go to {@code target/attack-report.tsv}, which {@code .ci/run} sums
 * up. The tools reach the platform as an attacker would: HTTP and raw bytes to the
 * published gateway, and, for a client that is not on the admin allow-list, a shell in
 * another container of the platform's network.
 */
final class Attacks {

	private static final Path REPORT = Path.of("target", "attack-report.tsv");

	private static final ApiClient gateway = new ApiClient(() -> Platform.GATEWAY);

	private final String family;

	private final List<String> gotThrough = new ArrayList<>();

	private int tried;

	Attacks(String family) {
		this.family = family;
	}

	/**
	 * Tries one attack.
	 * @param name what the attack is
	 * @param refusal the attack and the checks that it was refused and changed nothing
	 */
	void attempt(String name, Check refusal) {
		this.tried++;
		try {
			refusal.run();
		}
		catch (AssertionError | Exception ex) {
			this.gotThrough.add(name + ": " + ex.getMessage());
		}
	}

	/** Fails with every attack that was not refused, and writes the counts. */
	void verify() {
		int refused = this.tried - this.gotThrough.size();
		System.out.printf("[attacks] %s: %d tried, %d refused%n", this.family, this.tried, refused);
		try {
			Files.createDirectories(REPORT.getParent());
			Files.writeString(REPORT, this.family + "\t" + this.tried + "\t" + refused + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!this.gotThrough.isEmpty()) {
			throw new AssertionError("Attacks that got through:\n  " + String.join("\n  ", this.gotThrough));
		}
	}

	static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
		return gateway.send(method, path, headers, body);
	}

	static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	/**
	 * Bytes as written, on one connection to the gateway, and everything it answers until
	 * it closes the connection or stays silent for two seconds.
	 * @param request the raw request, line ends included
	 * @return the raw answer
	 */
	static String raw(String request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(Platform.GATEWAY.getHost(), Platform.GATEWAY.getPort()), 5000);
			socket.setSoTimeout(2000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException ex) {
				// The server answered and closed before the whole request was sent.
			}
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					answer.write(buffer, 0, n);
				}
			}
			catch (SocketTimeoutException ex) {
				// The server keeps the connection open: what came is the answer.
			}
			catch (IOException ex) {
				// Reset by the server after its answer.
			}
			return answer.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The status codes in a raw answer, in order: more than one means the server answered
	 * more than one request.
	 */
	static List<Integer> statuses(String rawAnswer) {
		List<Integer> statuses = new ArrayList<>();
		for (String line : rawAnswer.split("\r\n")) {
			if (line.startsWith("HTTP/1.1 ") && line.length() >= 12) {
				statuses.add(Integer.parseInt(line.substring(9, 12)));
			}
		}
		return statuses;
	}

	/**
	 * A request from Keycloak's container, whose address on the platform's network is not
	 * on the admin allow-list (only the host's is).
	 * @param method the method
	 * @param path the raw path
	 * @param headers extra header lines
	 * @return the gateway's status
	 */
	static int fromDeniedAddress(String method, String path, Map<String, String> headers) {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\\r\\nHost: localhost\\r\\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\\r\\n"));
		request.append("Content-Length: 0\\r\\nConnection: close\\r\\n\\r\\n");
		String script = "exec 3<>/dev/tcp/api-gateway/8080 && printf '%b' \"$REQUEST\" >&3 && head -n 1 <&3";
		String status = Compose.exec("keycloak", Map.of("REQUEST", request.toString()), "bash", "-c", script).trim();
		if (!status.startsWith("HTTP/1.1 ")) {
			throw new AssertionError("No HTTP answer from inside the network: " + status);
		}
		return Integer.parseInt(status.substring(9, 12));
	}

	/**
	 * The same request many times from Keycloak's container, one connection each, as fast
	 * as a shell loop goes.
	 * @param path the path
	 * @param times how many requests
	 * @return how many answers of each status
	 */
	static Map<Integer, Integer> floodFromDeniedAddress(String path, int times) {
		String script = "for i in $(seq 1 $TIMES); do exec 3<>/dev/tcp/api-gateway/8080 && "
				+ "printf 'GET %s HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' \"$TARGET\" >&3 && "
				+ "head -n 1 <&3; exec 3>&-; done";
		String out = Compose.exec("keycloak", Map.of("TIMES", Integer.toString(times), "TARGET", path), "bash", "-c",
				script);
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (String line : out.split("\n")) {
			if (line.startsWith("HTTP/1.1 ")) {
				statuses.merge(Integer.parseInt(line.substring(9, 12)), 1, Integer::sum);
			}
		}
		return statuses;
	}

	/**
	 * How many sessions Redis holds.
	 * @return the count
	 */
	static int sessions() {
		String out = Compose.exec("redis", Map.of(), "sh", "-c",
				"redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning --scan --pattern 'spring:session:sessions:*' | wc -l");
		return Integer.parseInt(out.trim());
	}

	/**
	 * How many orders a user has, as the API tells them.
	 * @param token the user's token
	 * @return the count
	 */
	static long orders(String token) {
		HttpResponse<String> page = send("GET", "/api/orders?size=1", bearer(token), null);
		if (page.statusCode() != 200) {
			throw new AssertionError("Could not count orders: " + page.statusCode());
		}
		return ((Number) Json.object(page.body()).get("totalElements")).longValue();
	}

	/** An attack and the checks of its refusal. */
	@FunctionalInterface
	interface Check {

		void run() throws Exception;

	}

}

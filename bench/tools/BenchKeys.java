import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * The benchmark's realm stand-in: a fresh RSA key, its JWKS, and RS256 access tokens as
 * the realm would issue them (issuer, audience, roles, scopes; an hour to live). Run with
 * the JDK's source launcher: {@code java BenchKeys.java DIR ISSUER}. The private key is
 * never written: tokens are made here, once.
 */
public class BenchKeys {

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		String issuer = args[1];
		Files.createDirectories(dir);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
		String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"bench\",\"n\":\""
				+ unsigned(publicKey.getModulus()) + "\",\"e\":\"" + unsigned(publicKey.getPublicExponent()) + "\"}]}";
		Files.writeString(dir.resolve("jwks.json"), jwks);
		long now = Instant.now().getEpochSecond();
		// One user per load connection would share nothing; one subject is the worst case
		// for a per-user limiter key and the stock limiter alike.
		String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"bench-user\",\"aud\":[\"gateway\",\"order-service\"],"
				+ "\"azp\":\"gateway\",\"typ\":\"Bearer\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
				+ ",\"scope\":\"openid orders:read orders:write\",\"realm_access\":{\"roles\":[\"USER\"]}}";
		Files.writeString(dir.resolve("token"), sign(keys, claims));
		Files.writeString(dir.resolve("token-expired"),
				sign(keys, claims.replace("\"exp\":" + (now + 3600), "\"exp\":" + (now - 600))));
		System.out.println("[bench] keys, JWKS and tokens in " + dir);
	}

	private static String sign(KeyPair keys, String claims) throws Exception {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
		String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(keys.getPrivate());
		signature.update(input.getBytes(StandardCharsets.US_ASCII));
		return input + "." + B64.encodeToString(signature.sign());
	}

	private static String unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			byte[] trimmed = new byte[bytes.length - 1];
			System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
			bytes = trimmed;
		}
		return B64.encodeToString(bytes);
	}

}

package com.example.shop.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes certificates and PKCS#8 keys as PEM files, the layout of a Kubernetes
 * TLS secret ({@code tls.crt}, {@code tls.key}, {@code ca.crt}) that Spring Boot's PEM
 * SSL bundles read. Each file is replaced atomically, so a service that watches it never
 * reads half a file.
 */
public final class PemFiles {

	/** The certificate file of a TLS directory. */
	public static final String CERTIFICATE = "tls.crt";

	/** The private key file of a TLS directory. */
	public static final String PRIVATE_KEY = "tls.key";

	/** The trusted CA file of a TLS directory. */
	public static final String CA = "ca.crt";

	private static final String PKCS8 = "PRIVATE KEY";

	private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64,
			"\n".getBytes(StandardCharsets.US_ASCII));

	private PemFiles() {
	}

	/**
	 * Writes a TLS directory: the certificate, its key and the CA to trust.
	 * @param directory created when missing
	 * @param issued the certificate and key
	 * @param ca the CA certificate peers must chain to
	 */
	public static void writeTlsDirectory(Path directory, IssuedCertificate issued, X509Certificate ca) {
		writeTlsDirectory(directory, issued, List.of(ca));
	}

	/**
	 * Writes a TLS directory whose peers may chain to any of several CAs (during a CA
	 * rotation).
	 * @param directory created when missing
	 * @param issued the certificate and key
	 * @param cas the CA certificates peers may chain to
	 */
	public static void writeTlsDirectory(Path directory, IssuedCertificate issued, List<X509Certificate> cas) {
		// The key first: a watcher that reloads on the certificate's change finds the
		// matching key already in place.
		writeKey(directory.resolve(PRIVATE_KEY), issued.privateKey());
		writeCertificates(directory.resolve(CA), cas);
		writeCertificate(directory.resolve(CERTIFICATE), issued.certificate());
	}

	public static void writeCertificate(Path file, X509Certificate certificate) {
		writeCertificates(file, List.of(certificate));
	}

	/**
	 * Writes certificates one after the other in one PEM file, as a trust file holds
	 * them.
	 * @param file the file
	 * @param certificates the certificates
	 */
	public static void writeCertificates(Path file, List<X509Certificate> certificates) {
		try {
			StringBuilder content = new StringBuilder();
			for (X509Certificate certificate : certificates) {
				content.append(pem("CERTIFICATE", certificate.getEncoded()));
			}
			write(file, content.toString(), false);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every certificate of a PEM file, in order.
	 * @param file the file
	 * @return its certificates
	 */
	public static List<X509Certificate> readCertificates(Path file) {
		try {
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
				certificates.add((X509Certificate) certificate);
			}
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Not certificates: " + file, ex);
		}
	}

	/**
	 * Writes a private key readable by its owner only.
	 * @param file the key file
	 * @param key the key, written as unencrypted PKCS#8
	 */
	public static void writeKey(Path file, PrivateKey key) {
		write(file, pem(PKCS8, key.getEncoded()), true);
	}

	public static X509Certificate readCertificate(Path file) {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Not a certificate: " + file, ex);
		}
	}

	/**
	 * Reads an EC private key written by {@link #writeKey}.
	 * @param file the key file
	 * @return the key
	 */
	public static PrivateKey readKey(Path file) {
		try {
			byte[] der = der(Files.readString(file, StandardCharsets.US_ASCII), PKCS8);
			return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Not a PKCS#8 EC key: " + file, ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

	private static byte[] der(String pem, String type) {
		String base64 = pem.replace("-----BEGIN " + type + "-----", "")
			.replace("-----END " + type + "-----", "")
			.replaceAll("\\s", "");
		return Base64.getDecoder().decode(base64);
	}

	private static void write(Path file, String content, boolean secret) {
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
			if (secret && supportsPosix(directory)) {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			Files.writeString(temporary, content, StandardCharsets.US_ASCII);
			if (!secret && supportsPosix(directory)) {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
			}
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static boolean supportsPosix(Path directory) {
		return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}

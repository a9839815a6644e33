package com.example.shop.testsupport.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import org.springframework.util.FileSystemUtils;

/**
 * A directory laid out as the kubelet lays out a mounted Secret, and updated as it
 * updates one when cert-manager renews the certificate: the files live in a hidden dated
 * directory, {@code ..data} links to it, and each file name links through {@code ..data}.
 * An update writes a new dated directory, swaps {@code ..data} to it in one rename and
 * deletes the old one; the files' own links never change.
 */
public final class SecretVolume {

	private static final List<String> FILES = List.of(PemFiles.CERTIFICATE, PemFiles.PRIVATE_KEY, PemFiles.CA);

	private final Path directory;

	private int generation;

	private Path current;

	private SecretVolume(Path directory) {
		this.directory = directory;
	}

	/**
	 * Mounts a TLS secret's files at a new directory.
	 * @param directory where the secret is mounted
	 * @param certificate the service's certificate and key
	 * @param ca the CA certificate
	 * @return the mounted volume
	 */
	public static SecretVolume mount(Path directory, IssuedCertificate certificate, X509Certificate ca) {
		SecretVolume volume = new SecretVolume(directory);
		volume.update(certificate, ca);
		try {
			for (String file : FILES) {
				Files.createSymbolicLink(directory.resolve(file), Path.of("..data", file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return volume;
	}

	/**
	 * Replaces the secret's files as the kubelet does.
	 * @param certificate the new certificate and key
	 * @param ca the CA certificate
	 */
	public synchronized void update(IssuedCertificate certificate, X509Certificate ca) {
		try {
			Path dated = this.directory.resolve("..2026_11_29_00_00_00." + ++this.generation);
			PemFiles.writeTlsDirectory(dated, certificate, ca);
			Path link = this.directory.resolve("..data_tmp");
			Files.createSymbolicLink(link, dated.getFileName());
			Files.move(link, this.directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			if (this.current != null) {
				FileSystemUtils.deleteRecursively(this.current);
			}
			this.current = dated;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Path directory() {
		return this.directory;
	}

}

package com.example.shop.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code ::1/128}; a plain address is a
 * block of one.
 *
 * @param network the block's address bytes
 * @param prefixLength how many leading bits must match
 */
public record Cidr(byte[] network, int prefixLength) {

	public static Cidr parse(String cidr) {
		String[] parts = cidr.trim().split("/", 2);
		byte[] network = literal(parts[0])
			.orElseThrow(() -> new IllegalArgumentException("Not an IP address block: " + cidr))
			.getAddress();
		try {
			int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : network.length * 8;
			Assert.isTrue(prefix >= 0 && prefix <= network.length * 8, () -> "Bad prefix length in " + cidr);
			return new Cidr(network, prefix);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not an IP address block: " + cidr, ex);
		}
	}

	/**
	 * An IPv4 or IPv6 address written as such; anything else (a host name above all) is
	 * empty, so that no text from a request ever causes a DNS lookup.
	 * @param text the address
	 * @return the address, or empty
	 */
	public static Optional<InetAddress> literal(String text) {
		if (!text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName(text));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (candidate[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

}

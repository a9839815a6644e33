package com.example.shop.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
		Assert.isTrue(parts[0].matches("[0-9a-fA-F:.]+") && (parts[0].contains(".") || parts[0].contains(":")),
				() -> "Not an IP address block: " + cidr);
		try {
			byte[] network = InetAddress.getByName(parts[0]).getAddress();
			int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : network.length * 8;
			Assert.isTrue(prefix >= 0 && prefix <= network.length * 8, () -> "Bad prefix length in " + cidr);
			return new Cidr(network, prefix);
		}
		catch (UnknownHostException | NumberFormatException ex) {
			throw new IllegalArgumentException("Not an IP address block: " + cidr, ex);
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

package com.example.shop.gateway.ratelimit;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Address blocks for trusted proxies.
 */
class CidrTests {

	@Test
	void containsWhenInsideOrOutsideTheBlock() throws Exception {
		Cidr block = Cidr.parse("10.1.0.0/16");

		assertThat(block.contains(InetAddress.getByName("10.1.255.7"))).isTrue();
		assertThat(block.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
		assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.31.255.255"))).isTrue();
		assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.32.0.0"))).isFalse();
	}

	@Test
	void containsWhenSingleAddressThenOnlyThatAddress() throws Exception {
		assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
	}

	@Test
	void containsWhenOtherAddressFamilyThenFalse() throws Exception {
		assertThat(Cidr.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
		assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
	}

	@Test
	void parseWhenNotAnAddressThenRefusedWithoutLookup() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("proxy.example.com/8"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("cafe"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("10.0.0.0/33"));
	}

}

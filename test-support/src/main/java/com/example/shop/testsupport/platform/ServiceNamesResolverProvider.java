package com.example.shop.testsupport.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resolves the platform's service names to the loopback address in test JVMs, as Docker's
 * or the cluster's DNS resolves them to the service's address. Services started by tests
 * listen on loopback, and their certificates name them by service name only; with this,
 * clients reach them by that name and verify it as in production. Every other name goes
 * to the JVM's own resolver.
 */
public final class ServiceNamesResolverProvider extends InetAddressResolverProvider {

	/** The names of the platform's services. */
	public static final Set<String> SERVICE_NAMES = Set.of(ServiceName.GATEWAY, ServiceName.ORDER_SERVICE,
			ServiceName.PAYMENT_SERVICE);

	@Override
	public InetAddressResolver get(Configuration configuration) {
		InetAddressResolver system = configuration.builtinResolver();
		return new InetAddressResolver() {

			@Override
			public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
				if (SERVICE_NAMES.contains(host)) {
					return Stream.of(InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }));
				}
				return system.lookupByName(host, policy);
			}

			@Override
			public String lookupByAddress(byte[] address) throws UnknownHostException {
				return system.lookupByAddress(address);
			}

		};
	}

	@Override
	public String name() {
		return "shop service names";
	}

	public static List<String> names() {
		return SERVICE_NAMES.stream().sorted().toList();
	}

}

package com.example.shop.gateway.edge;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * The characters Spring Security's strict firewall allows in header names and values,
 * checked without a regular expression. The rules are the firewall's own: every code
 * point assigned, none a control character, except a tab in a value.
 * <p>
 * NOTE: the firewall checks a header each time it is read. Its default predicates run
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, a character class per character, over the
 * whole value; with a bearer token (hundreds of characters) read several times per
 * request, that was about 4 % of the gateway's CPU under load (bench/README.md).
 * Printable ASCII, all that a token holds, is decided by a range check here.
 * {@code HeaderCharactersTests} checks every code point against the firewall's own
 * predicates.
 */
final class HeaderCharacters {

	private HeaderCharacters() {
	}

	/**
	 * The firewall of the gateway's chain, with the same rules as Spring's default and
	 * these checks of header names and values.
	 * @return the firewall
	 */
	static StrictServerWebExchangeFirewall firewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
		return firewall;
	}

	static boolean allowedName(String name) {
		return name == null || allowed(name, false);
	}

	static boolean allowedValue(String value) {
		return value == null || allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}

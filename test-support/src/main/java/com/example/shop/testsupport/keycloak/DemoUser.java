package com.example.shop.testsupport.keycloak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The realm's demo users. Their passwords are demo data, read from the realm JSON so that
 * the realm stays their only source.
 */
public enum DemoUser {

	ALICE("alice"), BOB("bob"), ADMIN("admin");

	private final String username;

	DemoUser(String username) {
		this.username = username;
	}

	public String username() {
		return this.username;
	}

	/**
	 * The user's demo password, as the demo users' file sets it.
	 * @return the password
	 */
	public String password() {
		String password = Passwords.BY_USERNAME.get(this.username);
		if (password == null) {
			throw new IllegalStateException("No demo password for " + this.username + " in the demo users' file");
		}
		return password;
	}

	/**
	 * The demo passwords, read from the demo users' file once per JVM rather than at
	 * every login.
	 */
	private static final class Passwords {

		static final Map<String, String> BY_USERNAME = read();

		@SuppressWarnings("unchecked")
		private static Map<String, String> read() {
			List<Map<String, Object>> users = (List<Map<String, Object>>) ShopRealm.demoUsersJson().get("users");
			Map<String, String> passwords = new HashMap<>();
			for (Map<String, Object> user : users) {
				((List<Map<String, Object>>) user.get("credentials")).stream()
					.filter((credential) -> "password".equals(credential.get("type")))
					.findFirst()
					.ifPresent((credential) -> passwords.put((String) user.get("username"),
							(String) credential.get("value")));
			}
			return Map.copyOf(passwords);
		}

	}

}

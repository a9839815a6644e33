package com.example.shop.testsupport;

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

	@SuppressWarnings("unchecked")
	public String password() {
		List<Map<String, Object>> users = (List<Map<String, Object>>) ShopRealm.json().get("users");
		return users.stream()
			.filter((user) -> this.username.equals(user.get("username")))
			.flatMap((user) -> ((List<Map<String, Object>>) user.get("credentials")).stream())
			.filter((credential) -> "password".equals(credential.get("type")))
			.map((credential) -> (String) credential.get("value"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No demo password for " + this.username + " in the realm"));
	}

}

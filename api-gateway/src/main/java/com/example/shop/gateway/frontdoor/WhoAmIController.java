package com.example.shop.gateway.frontdoor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /me}: who the gateway takes the caller to be, from the browser session's ID
 * token or from the bearer token. Only names the user already knows about themselves;
 * never a token.
 */
@RestController
class WhoAmIController {

	@GetMapping("/me")
	Map<String, Object> me(Authentication authentication) {
		Map<String, Object> me = new LinkedHashMap<>();
		if (authentication.getPrincipal() instanceof OidcUser user) {
			me.put("sub", user.getSubject());
			me.put("username", user.getPreferredUsername());
			me.put("name", user.getFullName());
			me.put("session", true);
		}
		else if (authentication instanceof JwtAuthenticationToken jwt) {
			me.put("sub", jwt.getName());
			me.put("username", jwt.getToken().getClaimAsString("preferred_username"));
			me.put("name", jwt.getToken().getClaimAsString("name"));
			me.put("session", false);
		}
		else {
			me.put("sub", authentication.getName());
		}
		return me;
	}

}

package com.example.shop.gateway;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.keycloak.DemoUser;

/**
 * A browser's login through the gateway: a page request without a session, the gateway's
 * authorization request, Keycloak's login form, the callback.
 *
 * @param browser the browser, holding the gateway session afterwards
 * @param authorizationRequest where the gateway sent the browser at Keycloak
 * @param callback Keycloak's answer to the login form
 * @param loggedIn the gateway's answer to the callback
 */
record GatewayLogin(Browser browser, URI authorizationRequest, HttpResponse<String> callback,
		HttpResponse<String> loggedIn) {

	static GatewayLogin logIn(URI gateway, DemoUser user) {
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(gateway.resolve("/"), Map.of("Accept", "text/html"));
		URI authorize = Browser.location(browser.get(Browser.location(page)));
		HttpResponse<String> callback = browser.submitLogin(browser.get(authorize), user.username(), user.password());
		HttpResponse<String> loggedIn = browser.get(Browser.location(callback));
		return new GatewayLogin(browser, authorize, callback, loggedIn);
	}

}

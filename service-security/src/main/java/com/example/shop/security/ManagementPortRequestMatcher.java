package com.example.shop.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches servlet requests that arrived on the {@link ManagementPort}.
 */
final class ManagementPortRequestMatcher implements RequestMatcher {

	private final ManagementPort managementPort;

	ManagementPortRequestMatcher(ManagementPort managementPort) {
		this.managementPort = managementPort;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return this.managementPort.isManagementPort(request.getLocalPort());
	}

}

package com.example.shop.security.problem;

import org.springframework.http.HttpStatus;

/**
 * The RFC 9457 body of the errors the platform answers before any controller runs, for
 * servlet services and the reactive gateway alike. Titles and details are fixed texts of
 * the platform: nothing of the request or the token is echoed, so nothing needs escaping.
 */
public final class ProblemJson {

	private ProblemJson() {
	}

	public static String of(HttpStatus status, String detail) {
		return "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
				+ ",\"detail\":\"" + detail + "\"}";
	}

}

package com.example.shop.testsupport.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.example.shop.testsupport.http.DocumentedAccess.Operation;
import com.example.shop.testsupport.pki.CallerCertificates;
import com.example.shop.testsupport.platform.ServiceName;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

/**
 * A servlet service's OpenAPI document ({@code /v3/api-docs}) and its operations, called
 * through MockMvc the way the gateway calls them: with the gateway's certificate and a
 * token of the given authorities, for the documentation tests of
 * {@link DocumentedAccess}.
 */
public final class ServiceApiDocument {

	/** Where springdoc serves the document. */
	public static final String PATH = "/v3/api-docs";

	private final MockMvc mvc;

	public ServiceApiDocument(MockMvc mvc) {
		this.mvc = mvc;
	}

	/**
	 * The document, as the gateway reads it.
	 * @return the JSON
	 * @throws Exception when the call fails
	 */
	public String read() throws Exception {
		return this.mvc
			.perform(MockMvcRequestBuilders.get(PATH)
				.with(CallerCertificates.from(ServiceName.GATEWAY))
				.with(token(Set.of())))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/**
	 * The answer to a request for the document.
	 * @param caller the service whose certificate calls
	 * @param withToken whether the request carries a token
	 * @return the status
	 * @throws Exception when the call fails
	 */
	public int statusOfDocumentFor(String caller, boolean withToken) throws Exception {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.get(PATH).with(CallerCertificates.from(caller));
		if (withToken) {
			request.with(token(Set.of("ROLE_USER")));
		}
		return this.mvc.perform(request).andReturn().getResponse().getStatus();
	}

	/**
	 * Calls every operation with and without each requirement its document states.
	 * @param operations the operations, from {@link DocumentedAccess#read}
	 * @param id the id a path's {@code {id}} stands for
	 * @param bodies the request body of each operation that takes one, by operation id
	 * @param ownership makes the caller the owner of the resource, or not
	 * @return every answer that is not what the document says
	 * @throws Exception when a call fails
	 */
	public List<String> violations(List<Operation> operations, UUID id, Map<String, String> bodies,
			Consumer<Boolean> ownership) throws Exception {
		List<String> violations = new ArrayList<>();
		for (Operation operation : operations) {
			violations.addAll(DocumentedAccess.violations(operation, (called, authorities, owner) -> {
				ownership.accept(owner);
				MockHttpServletRequestBuilder request = MockMvcRequestBuilders
					.request(HttpMethod.valueOf(called.method()), called.path().replace("{id}", id.toString()))
					.with(CallerCertificates.from(ServiceName.GATEWAY));
				String body = bodies.get(called.operationId());
				if (body != null) {
					request.contentType(MediaType.APPLICATION_JSON).content(body);
				}
				if (authorities != null) {
					request.with(token(authorities));
				}
				return this.mvc.perform(request).andReturn().getResponse().getStatus();
			}));
		}
		return violations;
	}

	/**
	 * A token of the user {@code alice} with these authorities.
	 * @param authorities e.g. {@code SCOPE_orders:read}, {@code ROLE_USER}
	 * @return the request's token
	 */
	public static RequestPostProcessor token(Set<String> authorities) {
		return jwt().jwt((jwt) -> jwt.subject("alice"))
			.authorities(authorities.stream().<GrantedAuthority>map(SimpleGrantedAuthority::new).toList());
	}

}

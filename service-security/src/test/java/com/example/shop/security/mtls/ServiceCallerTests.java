package com.example.shop.security.mtls;

import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calling service is read from the request the current thread serves, and only from
 * the attribute the caller check set.
 */
class ServiceCallerTests {

	@AfterEach
	void resetRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void currentWhenNoRequestThenEmpty() {
		assertThat(ServiceCaller.current()).isEmpty();
	}

	@Test
	void currentWhenRequestNotCheckedThenEmpty() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));

		assertThat(ServiceCaller.current()).isEmpty();
	}

	@Test
	void currentWhenRequestCheckedThenCaller() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAttribute(ServiceCaller.ATTRIBUTE, ServiceName.ORDER_SERVICE);
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

		assertThat(ServiceCaller.current()).contains(ServiceName.ORDER_SERVICE);
	}

}

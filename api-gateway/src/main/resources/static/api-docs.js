// The API page: the services' OpenAPI documents in Swagger UI. Calls made with "Try it
// out" go to the gateway with the browser's session, like the front door's: the gateway
// sends each service a token exchanged for it, and no token ever reaches this page. So
// the page has no "Authorize" dialog; it sends the CSRF token on state-changing calls.
'use strict';

function csrfToken() {
	const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('XSRF-TOKEN='));
	return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

// The session stands for the documents' OAuth2 scheme, which is there for API clients.
function sessionInsteadOfAuthorize() {
	const nothing = () => () => null;
	return { wrapComponents: { authorizeBtn: nothing, authorizeOperationBtn: nothing } };
}

window.addEventListener('DOMContentLoaded', () => {
	window.ui = SwaggerUIBundle({
		urls: [
			{ url: '/api-docs/orders', name: 'Orders (order-service)' },
			{ url: '/api-docs/payments', name: 'Payments (payment-service)' },
		],
		dom_id: '#swagger-ui',
		presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
		plugins: [sessionInsteadOfAuthorize],
		layout: 'StandaloneLayout',
		// No badge fetched from a validator elsewhere.
		validatorUrl: null,
		requestInterceptor: (request) => {
			if (!SAFE_METHODS.includes(String(request.method).toUpperCase())) {
				request.headers['X-XSRF-TOKEN'] = csrfToken();
			}
			return request;
		},
	});
});

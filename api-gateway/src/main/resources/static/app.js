// The demo's front door. It talks to the gateway only, with the session cookie; the
// gateway sends each service a token exchanged from the session's. Every text from the server
// is inserted as text, never as HTML.
'use strict';

function csrfToken() {
	const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('XSRF-TOKEN='));
	return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

async function getJson(path) {
	const response = await fetch(path, { headers: { Accept: 'application/json' } });
	if (!response.ok) {
		throw new Error(path + ' answered ' + response.status);
	}
	return response.json();
}

function money(amount, currency) {
	return Number(amount).toFixed(2) + ' ' + currency;
}

function cell(row, text) {
	const td = document.createElement('td');
	td.textContent = text;
	row.appendChild(td);
}

async function showWho() {
	const me = await getJson('/me');
	document.getElementById('who').textContent = me.username || me.sub;
}

async function showCatalogue() {
	const page = await getJson('/api/public/products');
	const select = document.getElementById('sku');
	for (const product of page.content || page) {
		const option = document.createElement('option');
		option.value = product.sku;
		option.textContent = product.name + ' (' + money(product.price, product.currency) + ')';
		select.appendChild(option);
	}
}

async function showOrders() {
	const page = await getJson('/api/orders?size=20&sort=createdAt,desc');
	const body = document.getElementById('orders');
	body.replaceChildren();
	for (const order of page.content) {
		const row = document.createElement('tr');
		row.dataset.orderId = order.orderId;
		cell(row, order.orderId);
		cell(row, order.status);
		cell(row, order.items.map((item) => item.quantity + ' x ' + item.sku).join(', '));
		cell(row, money(order.total, order.currency));
		cell(row, new Date(order.createdAt).toLocaleString());
		body.appendChild(row);
	}
}

async function placeOrder(event) {
	event.preventDefault();
	const result = document.getElementById('order-result');
	result.className = '';
	const item = { sku: document.getElementById('sku').value, quantity: Number(document.getElementById('quantity').value) };
	const response = await fetch('/api/orders', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken() },
		body: JSON.stringify({ items: [item] }),
	});
	const body = await response.json().catch(() => ({}));
	if (response.ok) {
		result.textContent = 'Order ' + body.orderId + ': ' + body.status;
		result.dataset.orderId = body.orderId;
	}
	else {
		result.className = 'error';
		result.textContent = 'Refused (' + response.status + '): ' + (body.detail || body.title || '');
	}
	await showOrders();
}

document.addEventListener('DOMContentLoaded', () => {
	document.getElementById('order-form').addEventListener('submit', placeOrder);
	document.getElementById('logout').addEventListener('submit', () => {
		document.getElementById('logout-csrf').value = csrfToken();
	});
	Promise.all([showWho(), showCatalogue(), showOrders()]).catch((error) => {
		const result = document.getElementById('order-result');
		result.className = 'error';
		result.textContent = error.message;
	});
});

package com.example.shop.orderservice.order;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.example.shop.orderservice.catalogue.Product;
import com.example.shop.orderservice.catalogue.ProductRepository;
import com.example.shop.orderservice.payment.PaymentServiceClient;
import com.example.shop.orderservice.payment.PaymentTokens;
import com.example.shop.security.NotFoundWhenDenied;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders (stored first, then paid) and serves them to their owners and to admins.
 */
@Service
public class OrderService {

	/**
	 * The observation of a payment attempt: a span, and a timer by the order's status.
	 */
	static final String PAYMENT_OBSERVATION = "shop.order.payment";

	/** The span tag with the order's public id. */
	static final String ORDER_ID_TAG = "shop.order.id";

	/** The timer's and span's tag with the order's status after the attempt. */
	static final String STATUS_TAG = "shop.order.status";

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private final OrderRepository orders;

	private final ProductRepository products;

	private final PaymentServiceClient payments;

	private final PaymentTokens paymentTokens;

	private final TransactionTemplate transactions;

	private final ObservationRegistry observations;

	OrderService(OrderRepository orders, ProductRepository products, PaymentServiceClient payments,
			PaymentTokens paymentTokens, TransactionTemplate transactions,
			ObjectProvider<ObservationRegistry> observations) {
		this.orders = orders;
		this.products = products;
		this.payments = payments;
		this.paymentTokens = paymentTokens;
		this.transactions = transactions;
		this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
	}

	/**
	 * Stores the order as {@code PENDING_PAYMENT} and commits, then asks for payment and
	 * records the answer. The commit comes first so that an order is never lost, whatever
	 * the payment call does.
	 * <p>
	 * With an idempotency key, the user's order placed with that key, if there is one, is
	 * returned as it stands (replayed, nothing stored, no payment asked for), provided it
	 * was placed by the same request; another request with that key is refused (422). Of
	 * two concurrent requests with one key, the unique index makes the second insert wait
	 * for the first and fail; that request then returns the first one's order.
	 * @param ownerSub the user placing the order
	 * @param token the user's token as received; payment-service gets it exchanged for a
	 * token meant for payment-service ({@link PaymentTokens}). If that exchange fails
	 * (Keycloak unreachable), the order stays {@code PENDING_PAYMENT} for the retry job.
	 * @param request the products and quantities
	 * @param idempotencyKey the request's {@code Idempotency-Key}, or {@code null}
	 * @return the order as it stands after the payment attempt, or as stored for a replay
	 */
	public Placement place(String ownerSub, Jwt token, PlaceOrderRequest request, String idempotencyKey) {
		Supplier<String> accessToken = () -> this.paymentTokens.forUser(token);
		if (idempotencyKey == null) {
			return new Placement(pay(store(newOrder(ownerSub, request, null, null)), accessToken), false);
		}
		String fingerprint = request.fingerprint();
		Optional<Order> existing = this.orders.findByOwnerSubAndClientKey(ownerSub, idempotencyKey);
		if (existing.isPresent()) {
			return replay(existing.get(), fingerprint);
		}
		Order placed;
		try {
			placed = store(newOrder(ownerSub, request, idempotencyKey, fingerprint));
		}
		catch (DataIntegrityViolationException ex) {
			// A concurrent request with the same key was stored first.
			return replay(this.orders.findByOwnerSubAndClientKey(ownerSub, idempotencyKey).orElseThrow(() -> ex),
					fingerprint);
		}
		return new Placement(pay(placed, accessToken), false);
	}

	private Order store(Order order) {
		return this.transactions.execute((status) -> this.orders.saveAndFlush(order));
	}

	private static Placement replay(Order order, String fingerprint) {
		if (!order.placedBy(fingerprint)) {
			throw OrderErrors.idempotencyKeyReused();
		}
		return new Placement(OrderView.of(order), true);
	}

	/**
	 * Asks for an order's payment, with its own idempotency key, and records a definite
	 * answer; an order settled meanwhile (by another attempt) is left as it is. Each
	 * attempt is observed: a span tagged with the order's id ({@value #ORDER_ID_TAG}), in
	 * the trace of the request that placed the order or of the retry job's run, so that
	 * every trace that touched an order can be found by its id; and a timer by the
	 * order's status after the attempt ({@value #STATUS_TAG}).
	 * @param placed the pending order
	 * @param accessToken gives the token for payment-service: the user's, exchanged, or
	 * order-service's own
	 * @return the order as it stands after the attempt
	 */
	OrderView pay(Order placed, Supplier<String> accessToken) {
		Observation observation = Observation.createNotStarted(PAYMENT_OBSERVATION, this.observations)
			.contextualName("order payment")
			.highCardinalityKeyValue(ORDER_ID_TAG, placed.getPublicId().toString())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			OrderView order = settle(placed, accessToken);
			observation.lowCardinalityKeyValue(STATUS_TAG, order.status().name());
			logger.info("Order {} is {} after a payment attempt", order.orderId(), order.status());
			return order;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private OrderView settle(Order placed, Supplier<String> accessToken) {
		PaymentServiceClient.Outcome outcome = this.payments.pay(new PaymentServiceClient.Charge(placed.getPublicId(),
				placed.getPaymentKey(), placed.getTotal(), placed.getCurrency(), placed.getOwnerSub()), accessToken);
		if (outcome == PaymentServiceClient.Outcome.UNSETTLED) {
			return OrderView.of(placed);
		}
		return this.transactions.execute((status) -> {
			Order order = this.orders.findById(placed.getId()).orElseThrow();
			if (order.getStatus() == OrderStatus.PENDING_PAYMENT) {
				order.settle(outcome == PaymentServiceClient.Outcome.PAID);
			}
			return OrderView.of(order);
		});
	}

	@Transactional(readOnly = true)
	public Page<OrderView> list(String ownerSub, Pageable pageable) {
		return this.orders.findByOwnerSub(ownerSub, pageable).map(OrderView::of);
	}

	@Transactional(readOnly = true)
	public Page<OrderView> listAll(Pageable pageable) {
		return this.orders.findAll(pageable).map(OrderView::of);
	}

	@Transactional(readOnly = true)
	public OrderView find(UUID id) {
		return OrderView.of(this.orders.findByPublicId(id).orElseThrow(NotFoundWhenDenied::notFound));
	}

	/**
	 * Deletes an order whose payment failed. A paid order ({@code CONFIRMED}) or one
	 * still {@code PENDING_PAYMENT} (an attempt may have been authorized without
	 * order-service knowing yet) is refused with 409: deleting it would leave an
	 * authorized payment without its order. A refund is an admin's decision, made in
	 * payment-service.
	 * @param id the order's public id
	 */
	@Transactional
	public void delete(UUID id) {
		Order order = this.orders.findByPublicId(id).orElseThrow(NotFoundWhenDenied::notFound);
		if (order.getStatus() != OrderStatus.PAYMENT_FAILED) {
			throw OrderErrors.notDeletable(order.getStatus());
		}
		this.orders.delete(order);
	}

	/**
	 * Whether the order exists and belongs to the user; used in {@code @PreAuthorize}.
	 * @param id the order's public id
	 * @param ownerSub the user's {@code sub}
	 * @return {@code true} for the owner of an existing order
	 */
	public boolean isOwner(UUID id, String ownerSub) {
		return this.orders.existsByPublicIdAndOwnerSub(id, ownerSub);
	}

	private Order newOrder(String ownerSub, PlaceOrderRequest request, String idempotencyKey, String fingerprint) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		for (PlaceOrderRequest.Item item : request.items()) {
			if (quantities.putIfAbsent(item.sku(), item.quantity()) != null) {
				throw OrderErrors.duplicateProduct();
			}
		}
		Map<String, Product> catalogue = this.products.findBySkuInAndActiveTrue(quantities.keySet())
			.stream()
			.collect(Collectors.toMap(Product::getSku, Function.identity()));
		if (catalogue.size() != quantities.size()) {
			throw OrderErrors.unknownProducts();
		}
		if (catalogue.values().stream().map(Product::getCurrency).distinct().count() > 1) {
			throw OrderErrors.mixedCurrencies();
		}
		Order order = new Order(ownerSub, catalogue.values().iterator().next().getCurrency(), idempotencyKey,
				fingerprint);
		quantities.forEach((sku, quantity) -> order.add(catalogue.get(sku), quantity));
		return order;
	}

	/**
	 * An order as a placement request leaves it.
	 *
	 * @param order the order
	 * @param replayed {@code true} when an earlier request with the same idempotency key
	 * placed it
	 */
	public record Placement(OrderView order, boolean replayed) {

	}

}

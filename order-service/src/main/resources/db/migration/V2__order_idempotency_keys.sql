-- A client's Idempotency-Key for POST /api/orders, per user, with the fingerprint of the
-- request it came with: the same key again returns this order, with another request it is
-- refused (422). Both are set together or not at all (a request without the header).
ALTER TABLE orders
    ADD COLUMN client_key          VARCHAR(64),
    ADD COLUMN request_fingerprint VARCHAR(64),
    ADD CONSTRAINT orders_client_key_with_fingerprint
        CHECK ((client_key IS NULL) = (request_fingerprint IS NULL));

-- One order per user and key: of two concurrent requests with one key, the second insert
-- waits for the first and then fails, and that request returns the first one's order.
CREATE UNIQUE INDEX orders_owner_client_key ON orders (owner_sub, client_key) WHERE client_key IS NOT NULL;

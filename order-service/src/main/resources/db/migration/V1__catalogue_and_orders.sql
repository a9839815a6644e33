-- The product catalogue this service owns: prices come from here, never from a request.
CREATE TABLE products (
    sku      VARCHAR(32)    PRIMARY KEY,
    name     VARCHAR(100)   NOT NULL,
    price    NUMERIC(10, 2) NOT NULL CHECK (price > 0),
    currency VARCHAR(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    active   BOOLEAN        NOT NULL DEFAULT TRUE
);

INSERT INTO products (sku, name, price, currency) VALUES
    ('BOOK-001', 'Threat Modeling Handbook', 39.90, 'EUR'),
    ('MUG-001', 'Zero Trust Mug', 12.50, 'EUR'),
    ('KEY-001', 'Hardware Security Key', 49.00, 'EUR'),
    ('HOODIE-001', 'Least Privilege Hoodie', 59.00, 'EUR');

-- Orders; the internal id never leaves the service, clients see public_id.
CREATE TABLE orders (
    id          BIGSERIAL      PRIMARY KEY,
    public_id   UUID           NOT NULL UNIQUE,
    owner_sub   VARCHAR(64)    NOT NULL,
    status      VARCHAR(16)    NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'CONFIRMED', 'PAYMENT_FAILED')),
    total       NUMERIC(12, 2) NOT NULL CHECK (total > 0),
    currency    VARCHAR(3)     NOT NULL,
    -- Sent as Idempotency-Key with every payment attempt of this order, retries included.
    payment_key VARCHAR(64)    NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ    NOT NULL,
    updated_at  TIMESTAMPTZ    NOT NULL,
    version     INTEGER        NOT NULL DEFAULT 0
);

CREATE INDEX orders_owner_created ON orders (owner_sub, created_at DESC);
CREATE INDEX orders_pending ON orders (status) WHERE status = 'PENDING_PAYMENT';

CREATE TABLE order_items (
    id         BIGSERIAL      PRIMARY KEY,
    order_id   BIGINT         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku        VARCHAR(32)    NOT NULL REFERENCES products (sku),
    quantity   INTEGER        NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price NUMERIC(10, 2) NOT NULL CHECK (unit_price > 0)
);

CREATE INDEX order_items_order ON order_items (order_id);

-- Payments of orders. The internal id never leaves the service; clients see public_id.
CREATE TABLE payments (
    id                  BIGSERIAL PRIMARY KEY,
    public_id           UUID         NOT NULL UNIQUE,
    order_id            UUID         NOT NULL,
    owner_sub           VARCHAR(64)  NOT NULL,
    amount              NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
    currency            VARCHAR(3)   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('AUTHORIZED', 'DECLINED', 'REFUNDED')),
    idempotency_key     VARCHAR(64)  NOT NULL,
    request_fingerprint VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    version             INTEGER      NOT NULL DEFAULT 0,
    -- Keys are scoped to the user: one user can never replay (or block) another's key.
    CONSTRAINT payments_owner_idempotency_key UNIQUE (owner_sub, idempotency_key),
    -- An order is charged at most once, whatever keys a client invents.
    CONSTRAINT payments_one_per_order UNIQUE (order_id)
);

CREATE INDEX payments_owner_created ON payments (owner_sub, created_at DESC);

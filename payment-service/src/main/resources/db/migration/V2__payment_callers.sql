-- Who asked for each payment, beside the user it is for: the calling service, as its
-- client certificate names it, and the OAuth client the access token was issued to
-- (gateway for a user's own call, order-service for its retry job).
ALTER TABLE payments ADD COLUMN caller_service VARCHAR(64) NOT NULL DEFAULT 'unknown';
ALTER TABLE payments ADD COLUMN token_client VARCHAR(64) NOT NULL DEFAULT 'unknown';
ALTER TABLE payments ALTER COLUMN caller_service DROP DEFAULT;
ALTER TABLE payments ALTER COLUMN token_client DROP DEFAULT;

-- A token bucket in Redis, taken from atomically (the gateway's TokenBuckets).
-- KEYS[1]: the bucket's tokens; KEYS[2]: when they were counted (seconds, Redis's clock).
-- ARGV: refill per second, size, one request's cost, tokens wanted (a multiple of the cost,
-- at least one cost: the request's own and a lease for later ones).
-- Returns {tokens granted (0, or a multiple of the cost up to what was wanted), tokens left}.
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])

local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
-- A bucket untouched for twice its fill time is full again: its keys may go.
local ttl = math.max(1, math.ceil(capacity / rate * 2))

local tokens = tonumber(redis.call('GET', KEYS[1])) or capacity
local counted = tonumber(redis.call('GET', KEYS[2])) or 0
local filled = math.min(capacity, tokens + math.max(0, now - counted) * rate)

local granted = 0
if filled >= cost then
  granted = math.min(wanted, filled)
  granted = granted - (granted % cost)
end
local left = filled - granted

redis.call('SETEX', KEYS[1], ttl, tostring(left))
redis.call('SETEX', KEYS[2], ttl, tostring(now))
return { granted, math.floor(left) }

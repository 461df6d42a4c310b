// A liveness probe of the database for /health.
RETURN 1 AS ok

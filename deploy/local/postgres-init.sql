-- Used by docker-compose.yml only (POSTGRES_DB already creates issuestream);
-- stack.mjs creates the same databases itself on `up`.
CREATE DATABASE issuestream_test;
CREATE DATABASE issuestream_registry;

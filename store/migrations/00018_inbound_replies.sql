-- +goose Up
-- What a delivery's turn answered, kept with its id in the same
-- transaction: a platform retry of a delivery whose commit succeeded but
-- whose answer was cut off (a crash, a lost connection) gets the same
-- replies again instead of none. NULL for ids claimed before this
-- migration and for turns whose replies were too large to keep.
ALTER TABLE inbound_deliveries ADD COLUMN replies jsonb;

-- +goose Down
ALTER TABLE inbound_deliveries DROP COLUMN replies;

-- A shop's schema, as a Citus user lays it out: customers, their orders and order items
-- co-located by customer_id (distribute.sql), products as a reference table.
CREATE TYPE order_status AS ENUM ('placed', 'paid', 'shipped', 'returned');
CREATE TABLE products (
  product_id bigint PRIMARY KEY,
  name       text NOT NULL,
  price      numeric(10,2) NOT NULL CHECK (price > 0)
);
CREATE TABLE customers (
  customer_id bigint PRIMARY KEY,
  name        text NOT NULL,
  email       text,
  country     char(2),
  created_at  timestamptz NOT NULL
);
CREATE TABLE orders (
  customer_id bigint NOT NULL,
  order_id    bigint NOT NULL,
  status      order_status NOT NULL,
  total       numeric(12,2) CHECK (total >= 0),
  placed_at   timestamptz NOT NULL,
  shipped_at  timestamptz CHECK (shipped_at IS NULL OR shipped_at >= placed_at),
  note        text,
  PRIMARY KEY (customer_id, order_id)
);
CREATE TABLE order_items (
  customer_id bigint NOT NULL,
  order_id    bigint NOT NULL,
  item_no     int NOT NULL,
  product_id  bigint NOT NULL,
  qty         int NOT NULL CHECK (qty BETWEEN 1 AND 20),
  PRIMARY KEY (customer_id, order_id, item_no)
);

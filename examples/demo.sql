-- The demo: fill the shop in dependency order and look at the result.
\set ECHO queries
CREATE EXTENSION IF NOT EXISTS synthdata;
\timing on
SELECT synth_fill('customers', 10000, seed => 42);
SELECT synth_fill('products', 1000, seed => 42);
SELECT synth_fill('orders', 1e6, seed => 42);
SELECT synth_fill('order_items', 300000, seed => 42);
\timing off
SELECT 'customers' AS table_name, count(*) FROM customers
UNION ALL SELECT 'products', count(*) FROM products
UNION ALL SELECT 'orders', count(*) FROM orders
UNION ALL SELECT 'order_items', count(*) FROM order_items;
SELECT * FROM customers ORDER BY customer_id LIMIT 5;
SELECT * FROM products ORDER BY product_id LIMIT 5;
SELECT * FROM orders ORDER BY order_id LIMIT 5;
SELECT * FROM order_items ORDER BY order_id, line_no LIMIT 5;
SELECT status, count(*), round(avg(total), 2) AS avg_total,
       count(*) FILTER (WHERE shipped_at IS NULL) AS not_shipped
  FROM orders GROUP BY status ORDER BY status;
-- Rows without inserting them:
SELECT * FROM synth_rows(NULL::customers, 3, seed => 7);

-- Per table: rows, and an MD5 of its rows as text, sorted (independent of where they are stored).
SELECT 'products', count(*), md5(string_agg(x::text, E'\n' ORDER BY x::text)) FROM products x
UNION ALL SELECT 'customers', count(*), md5(string_agg(x::text, E'\n' ORDER BY x::text)) FROM customers x
UNION ALL SELECT 'orders', count(*), md5(string_agg(x::text, E'\n' ORDER BY x::text)) FROM orders x
UNION ALL SELECT 'order_items', count(*), md5(string_agg(x::text, E'\n' ORDER BY x::text)) FROM order_items x;

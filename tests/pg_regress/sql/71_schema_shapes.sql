-- Shapes real application schemas have, each filled with one synth_fill_schema(…, rows => …)
-- call on an empty schema, and what the rows look like after.
SET synthdata.progress_interval = 0;
SET client_min_messages = warning;

-- Membership and tag tables: a composite key of a parent and an attribute is unique within each
-- parent, however few values the attribute has; a composite foreign key draws whole parent keys.
CREATE SCHEMA club;
CREATE TYPE club.role AS ENUM ('member', 'admin');
CREATE TABLE club.users (id int PRIMARY KEY, email text NOT NULL);
CREATE TABLE club.memberships (user_id int REFERENCES club.users, role club.role NOT NULL DEFAULT 'member',
                               PRIMARY KEY (user_id, role));
CREATE TABLE club.tags (user_id int NOT NULL REFERENCES club.users, key varchar(255) NOT NULL, value text,
                        PRIMARY KEY (user_id, key));
CREATE TABLE club.docs (doc_id int, version int, body text, PRIMARY KEY (doc_id, version));
CREATE TABLE club.doc_reads (doc_id int NOT NULL, version int NOT NULL, user_id int NOT NULL REFERENCES club.users,
                             FOREIGN KEY (doc_id, version) REFERENCES club.docs);
SELECT * FROM synth_fill_schema('club', rows => 20, seed => 1) ORDER BY 1;
-- (Three per user were asked; the key has room for two: each user holds both roles.)
SELECT count(DISTINCT user_id) AS users_with_roles, count(*) AS memberships FROM club.memberships;
SELECT count(DISTINCT key) > 20 AS keys_beyond_20 FROM club.tags;
SELECT count(*) AS dangling_reads FROM club.doc_reads r WHERE NOT EXISTS
  (SELECT FROM club.docs d WHERE (d.doc_id, d.version) = (r.doc_id, r.version));

-- CHECKs with functions, met by construction: letter case, trimming, lengths, regular
-- expressions, remainders, counts of NULLs.
CREATE SCHEMA accounts;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE accounts.users (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username citext NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 24 AND username ~ '^[a-zA-Z]([_]?[a-zA-Z0-9])+$'),
    handle text NOT NULL CHECK (handle = lower(handle) AND handle = btrim(handle) AND handle <> ''),
    account_no bigint NOT NULL CHECK (account_no % 100 = 7),
    avatar_url text CHECK (avatar_url ~ '^https?://[^/]+')
);
CREATE TABLE accounts.invitations (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id int REFERENCES accounts.users,
    email citext,
    code text,
    phone text, fax text,
    CHECK ((user_id IS NULL) <> (email IS NULL)),
    CHECK ((code IS NULL) = (email IS NULL)),
    CHECK (num_nonnulls(phone, fax) >= 1)
);
SELECT * FROM synth_fill_schema('accounts', rows => 100, seed => 1) ORDER BY 1;
SELECT count(DISTINCT lower(username::text)) AS usernames, bool_and(account_no % 100 = 7) AS remainders,
       bool_and(handle = lower(handle)) AS lower_handles
  FROM accounts.users;
SELECT count(*) FILTER (WHERE user_id IS NOT NULL) > 0 AS by_user, count(*) FILTER (WHERE email IS NOT NULL) > 0 AS by_email
  FROM accounts.invitations;

-- A case-insensitive unique index holds: no two e-mail addresses differ only in case.
CREATE SCHEMA mail;
CREATE TABLE mail.subscribers (id serial PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX ON mail.subscribers (lower(email));
SELECT * FROM synth_fill_schema('mail', rows => 3000, seed => 1);

-- Keys across schemas: an empty parent in another schema is filled first.
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id int PRIMARY KEY, subscriber_id int NOT NULL REFERENCES mail.subscribers,
                               total numeric(10, 2) NOT NULL CHECK (total >= 0));
TRUNCATE mail.subscribers CASCADE;
SELECT * FROM synth_fill_schema('billing', rows => 10, seed => 1) ORDER BY 1;
SELECT count(*) AS dangling_invoices FROM billing.invoices i
 WHERE NOT EXISTS (SELECT FROM mail.subscribers s WHERE s.id = i.subscriber_id);

-- Ledgers: an id that is both a sequence's and a foreign key to a shared table takes the
-- parent's keys; a table that INHERITS another keeps the parent's foreign keys; a key column
-- with CHECK (class = 2) points at the parents it admits; hash keys of a bytea domain keep their
-- length through a foreign key.
CREATE SCHEMA ledger;
CREATE SEQUENCE ledger.id;
CREATE TABLE ledger.transactions (id int PRIMARY KEY, approved boolean);
CREATE TABLE ledger.ar (id int PRIMARY KEY DEFAULT nextval('ledger.id') REFERENCES ledger.transactions,
                        amount numeric(12, 2));
CREATE TABLE ledger.classes (id int PRIMARY KEY, name text);
CREATE TABLE ledger.notes (id serial PRIMARY KEY, class int NOT NULL REFERENCES ledger.classes, note text);
CREATE TABLE ledger.entity_notes (CHECK (class = 2)) INHERITS (ledger.notes);
CREATE DOMAIN ledger.hash20 AS bytea CHECK (octet_length(VALUE) = 20);
CREATE TABLE ledger.hosts (id ledger.hash20 PRIMARY KEY, name text);
CREATE TABLE ledger.checks (id ledger.hash20 PRIMARY KEY, host_id ledger.hash20 NOT NULL REFERENCES ledger.hosts);
SELECT * FROM synth_fill_schema('ledger', rows => 30, seed => 1) ORDER BY 1;
SELECT count(*) AS dangling_ar FROM ledger.ar a WHERE NOT EXISTS (SELECT FROM ledger.transactions t WHERE t.id = a.id);
SELECT count(*) AS notes, bool_and(class = 2) AS all_class_2, bool_and(EXISTS (SELECT FROM ONLY ledger.classes c WHERE c.id = n.class)) AS classes_exist
  FROM ledger.entity_notes n;
SELECT bool_and(octet_length(host_id) = 20) AS hashes_of_20 FROM ledger.checks;

-- Triggers that need what only the application sets stop a fill; synthdata.triggers = off
-- leaves them out for the fill and puts them back as they were (ALWAYS stays ALWAYS, a disabled
-- one stays disabled).
CREATE SCHEMA api;
CREATE TABLE api.todos (id serial PRIMARY KEY, owner text, task text NOT NULL);
CREATE FUNCTION api.set_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.owner := current_setting('request.jwt.claims')::json->>'id'; RETURN NEW; END $$;
CREATE FUNCTION api.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER set_owner BEFORE INSERT ON api.todos FOR EACH ROW EXECUTE FUNCTION api.set_owner();
CREATE TRIGGER always_noop BEFORE INSERT ON api.todos FOR EACH ROW EXECUTE FUNCTION api.noop();
ALTER TABLE api.todos ENABLE ALWAYS TRIGGER always_noop;
CREATE TRIGGER off_noop BEFORE INSERT ON api.todos FOR EACH ROW EXECUTE FUNCTION api.noop();
ALTER TABLE api.todos DISABLE TRIGGER off_noop;
SELECT * FROM synth_fill_schema('api', rows => 10, seed => 1);
SET synthdata.triggers = off;
SELECT * FROM synth_fill_schema('api', rows => 10, seed => 1);
RESET synthdata.triggers;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'api.todos'::regclass ORDER BY 1;

-- A NOT NULL self-reference that cannot be deferred, to a serial key: the fill numbers the keys,
-- each row points at itself, then at an earlier row (one root points at itself); the sequence
-- moves past the rows, so the application's next row gets a free key. A CHECK on a serial key
-- (`id <> 1 OR …`) is judged on the key the row will have.
CREATE SCHEMA music;
CREATE TABLE music.attribute_types (id serial PRIMARY KEY, parent int REFERENCES music.attribute_types,
                                    root int NOT NULL REFERENCES music.attribute_types, name text NOT NULL);
CREATE TABLE music.artists (id serial PRIMARY KEY, type int, gender int, name text NOT NULL,
                            CHECK (id <> 1 OR (type = 3 AND gender IS NULL)));
SELECT * FROM synth_fill_schema('music', rows => 30, seed => 1) ORDER BY 1;
SELECT count(*) FILTER (WHERE root = id) AS own_roots, count(*) FILTER (WHERE root < id) AS linked_to_earlier,
       count(DISTINCT root) > 1 AS several_parents
  FROM music.attribute_types;
INSERT INTO music.attribute_types (root, name) SELECT min(id), 'new' FROM music.attribute_types
RETURNING id > 30 AS next_key_is_free;
SELECT count(*) AS artists, bool_and(id <> 1 OR (type = 3 AND gender IS NULL)) AS check_holds FROM music.artists;

-- A column a CHECK casts to a relation names tables of the database.
CREATE SCHEMA audit;
CREATE TABLE audit.changes (id bigserial PRIMARY KEY, tablename text NOT NULL CHECK (to_regclass(tablename) IS NOT NULL),
                            op "char" NOT NULL CHECK (op IN ('i', 'u', 'd')));
SELECT * FROM synth_fill_schema('audit', rows => 50, seed => 1);
SELECT count(*) AS changes, bool_and(to_regclass(tablename) IS NOT NULL) AS all_name_tables,
       count(DISTINCT tablename) > 5 AS several_tables
  FROM audit.changes;

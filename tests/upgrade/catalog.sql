-- Everything the synthdata extension owns in this database, one fact per line, sorted, with no
-- OIDs or other install-order noise: two databases hold the same extension objects exactly when
-- this prints the same text. tests/upgrade/run.sh diffs a fresh install against an upgraded one.
-- Run with psql -At.
WITH ext AS (
  SELECT oid, extnamespace FROM pg_catalog.pg_extension WHERE extname = 'synthdata'
), member AS (
  SELECT d.classid, d.objid
    FROM pg_catalog.pg_depend d, ext
   WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
), fn AS (
  SELECT p.*, n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS ident
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
   WHERE p.oid IN (SELECT objid FROM member WHERE classid = 'pg_catalog.pg_proc'::regclass)
), rel AS (
  SELECT c.*, n.nspname || '.' || c.relname AS ident
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.oid IN (SELECT objid FROM member WHERE classid = 'pg_catalog.pg_class'::regclass)
), typ AS (
  SELECT t.*, n.nspname || '.' || t.typname AS ident
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
   WHERE t.oid IN (SELECT objid FROM member WHERE classid = 'pg_catalog.pg_type'::regclass)
), facts(line) AS (
  -- the extension itself
  SELECT 'extension: version ' || e.extversion || ', relocatable ' || e.extrelocatable
         || ', configuration tables ' || coalesce((SELECT string_agg(c::regclass::text, ', ' ORDER BY c::regclass::text)
                                                     FROM unnest(e.extconfig) c), '-')
         || ', conditions ' || coalesce(e.extcondition::text, '-')
    FROM pg_catalog.pg_extension e WHERE e.extname = 'synthdata'
  -- functions, procedures, aggregates
  UNION ALL
  SELECT 'function ' || ident || ': ' || x
    FROM fn, LATERAL (VALUES
      ('kind ' || prokind::text),
      ('arguments ' || pg_catalog.pg_get_function_arguments(oid)),
      ('returns ' || coalesce(pg_catalog.pg_get_function_result(oid), '-')),
      ('volatility ' || CASE provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END),
      ('parallel ' || CASE proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END),
      ('strict ' || proisstrict),
      ('security definer ' || prosecdef),
      ('leakproof ' || proleakproof),
      ('cost ' || procost || ', rows ' || prorows),
      ('support ' || prosupport::text),
      ('language ' || (SELECT lanname FROM pg_catalog.pg_language WHERE oid = prolang)),
      ('symbol ' || coalesce(probin, '-') || ' ' || prosrc),
      ('settings ' || coalesce(array_to_string(proconfig, ', '), '-')),
      ('owner ' || pg_catalog.pg_get_userbyid(proowner)),
      ('grants ' || coalesce(proacl::text, 'default')),
      ('comment ' || coalesce(pg_catalog.obj_description(oid, 'pg_proc'), '-'))) v(x)
  -- tables, views, sequences, indexes
  UNION ALL
  SELECT 'relation ' || ident || ': ' || x
    FROM rel, LATERAL (VALUES
      ('kind ' || relkind::text || ', persistence ' || relpersistence::text || ', row security ' || relrowsecurity),
      ('options ' || coalesce(array_to_string(reloptions, ', '), '-')),
      ('owner ' || pg_catalog.pg_get_userbyid(relowner)),
      ('grants ' || coalesce(relacl::text, 'default')),
      ('comment ' || coalesce(pg_catalog.obj_description(oid, 'pg_class'), '-')),
      ('view ' || CASE WHEN relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(oid) ELSE '-' END)) v(x)
  UNION ALL
  -- columns by position among the live ones (a dropped column leaves a hole in attnum)
  SELECT 'relation ' || rel.ident || ': column ' || lpad(row_number() OVER (PARTITION BY rel.oid ORDER BY a.attnum)::text, 3)
         || ' ' || a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '')
         || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
         || CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END
         || CASE WHEN a.attcollation <> 0 THEN ' collate ' || (SELECT collname FROM pg_catalog.pg_collation WHERE oid = a.attcollation) ELSE '' END
         || coalesce(' grants ' || a.attacl::text, '')
         || coalesce(' comment ' || pg_catalog.col_description(rel.oid, a.attnum), '')
    FROM rel JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  UNION ALL
  SELECT 'relation ' || rel.ident || ': constraint ' || k.conname || ' ' || pg_catalog.pg_get_constraintdef(k.oid)
    FROM rel JOIN pg_catalog.pg_constraint k ON k.conrelid = rel.oid
  UNION ALL
  SELECT 'relation ' || rel.ident || ': index ' || pg_catalog.pg_get_indexdef(i.indexrelid)
    FROM rel JOIN pg_catalog.pg_index i ON i.indrelid = rel.oid
  UNION ALL
  SELECT 'relation ' || rel.ident || ': trigger ' || pg_catalog.pg_get_triggerdef(t.oid)
    FROM rel JOIN pg_catalog.pg_trigger t ON t.tgrelid = rel.oid AND NOT t.tgisinternal
  UNION ALL
  SELECT 'relation ' || rel.ident || ': policy ' || p.polname || ' ' || p.polcmd::text || ' ' || p.polpermissive
         || coalesce(' using ' || pg_catalog.pg_get_expr(p.polqual, p.polrelid), '')
         || coalesce(' check ' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
    FROM rel JOIN pg_catalog.pg_policy p ON p.polrelid = rel.oid
  UNION ALL
  SELECT 'relation ' || rel.ident || ': sequence ' || pg_catalog.format_type(s.seqtypid, NULL) || ' start ' || s.seqstart
         || ' increment ' || s.seqincrement || ' min ' || s.seqmin || ' max ' || s.seqmax || ' cache ' || s.seqcache || ' cycle ' || s.seqcycle
    FROM rel JOIN pg_catalog.pg_sequence s ON s.seqrelid = rel.oid
  -- types: enums with their labels, domains with their checks, composites with their fields
  UNION ALL
  SELECT 'type ' || ident || ': ' || x
    FROM typ, LATERAL (VALUES
      ('kind ' || typtype::text || ', ' || pg_catalog.format_type(oid, NULL)),
      ('base ' || CASE WHEN typtype = 'd' THEN pg_catalog.format_type(typbasetype, typtypmod) || CASE WHEN typnotnull THEN ' not null' ELSE '' END
                       || coalesce(' default ' || typdefault, '') ELSE '-' END),
      ('labels ' || coalesce((SELECT string_agg(enumlabel, ', ' ORDER BY enumsortorder) FROM pg_catalog.pg_enum WHERE enumtypid = typ.oid), '-')),
      ('fields ' || coalesce((SELECT string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                FROM pg_catalog.pg_attribute a WHERE a.attrelid = typ.typrelid AND typ.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped), '-')),
      ('checks ' || coalesce((SELECT string_agg(k.conname || ' ' || pg_catalog.pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
                                FROM pg_catalog.pg_constraint k WHERE k.contypid = typ.oid), '-')),
      ('owner ' || pg_catalog.pg_get_userbyid(typowner)),
      ('grants ' || coalesce(typacl::text, 'default')),
      ('comment ' || coalesce(pg_catalog.obj_description(oid, 'pg_type'), '-'))) v(x)
  -- schemas
  UNION ALL
  SELECT 'schema ' || n.nspname || ': owner ' || pg_catalog.pg_get_userbyid(n.nspowner) || ', grants ' || coalesce(n.nspacl::text, 'default')
         || ', comment ' || coalesce(pg_catalog.obj_description(n.oid, 'pg_namespace'), '-')
    FROM pg_catalog.pg_namespace n
   WHERE n.oid IN (SELECT objid FROM member WHERE classid = 'pg_catalog.pg_namespace'::regclass)
  -- any other kind of member (operator, cast, event trigger …): at least by name
  UNION ALL
  SELECT 'member ' || pg_catalog.pg_describe_object(classid, objid, 0)
    FROM member
   WHERE classid NOT IN ('pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_class'::regclass,
                         'pg_catalog.pg_type'::regclass, 'pg_catalog.pg_namespace'::regclass)
  -- the privileges pg_dump restores for extension objects (GRANTs run by the scripts)
  UNION ALL
  SELECT 'initial privileges ' || pg_catalog.pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) || ': ' || ip.initprivs::text
    FROM pg_catalog.pg_init_privs ip
   WHERE ip.privtype = 'e' AND (ip.classoid, ip.objoid) IN (SELECT classid, objid FROM member)
)
SELECT line FROM facts ORDER BY line COLLATE "C";

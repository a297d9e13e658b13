-- A self-reference that a schema fill links in a second pass (an UPDATE finding the call's rows
-- by xmin), which synthdata does not run on Citus: the fill must refuse.
CREATE SCHEMA hr;
CREATE TABLE hr.staff (
  company_id bigint NOT NULL,
  id         bigint NOT NULL,
  manager_id bigint,
  name       text,
  PRIMARY KEY (company_id, id)
);
SELECT create_distributed_table('hr.staff', 'company_id');
ALTER TABLE hr.staff ADD FOREIGN KEY (company_id, manager_id) REFERENCES hr.staff (company_id, id);

// Column-level lineage (issue 17): a DataColumn is one column of one dataset version
// (`<version id>#<column>`), linked to the version it belongs to and, by COLUMN_DERIVED_FROM, to the
// columns it was computed from. Not an Entity: its version decides who may read it.
CREATE CONSTRAINT data_column_id IF NOT EXISTS FOR (n:DataColumn) REQUIRE n.id IS UNIQUE;

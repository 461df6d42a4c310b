// Metadata templates a project loads (one per kind) and the data-quality checks runs declare.
CREATE CONSTRAINT metadata_template_id IF NOT EXISTS FOR (n:MetadataTemplate) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT data_quality_check_id IF NOT EXISTS FOR (n:DataQualityCheck) REQUIRE n.id IS UNIQUE;

// Data sources (issue 17): an OpenLineage dataset namespace (`postgres://db:5432`, `bigquery`,
// `duckdb:///…/shop.duckdb`) is a DataSource its datasets are IN_SOURCE of, not a project. It is a
// catalog node like the others: unique by id, and found by search (both full-text indexes get its label).
CREATE CONSTRAINT data_source_id IF NOT EXISTS FOR (n:DataSource) REQUIRE n.id IS UNIQUE;
DROP INDEX catalog_text IF EXISTS;
CREATE FULLTEXT INDEX catalog_text IF NOT EXISTS
FOR (n:Project|Dataset|DatasetVersion|FeatureSet|FeatureSetVersion|Experiment|Run|Model|ModelVersion|Deployment|User|Team|DataSource)
ON EACH [n.name, n.description, n.tags]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
DROP INDEX catalog_name_words IF EXISTS;
CREATE FULLTEXT INDEX catalog_name_words IF NOT EXISTS
FOR (n:Project|Dataset|DatasetVersion|FeatureSet|FeatureSetVersion|Experiment|Run|Model|ModelVersion|Deployment|User|Team|DataSource)
ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'simple', `fulltext.eventually_consistent`: true}};
CALL db.awaitIndexes(600);

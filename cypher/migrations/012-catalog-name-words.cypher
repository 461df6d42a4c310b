// Names searched word by word (issue 17): dbt, warehouses and data lakes name tables
// `shop.main_marts.daily_revenue` or `s3://lake/raw/orders.csv`, which the standard analyzer of
// catalog_text keeps whole, so `revenue` or `orders` found nothing. This index splits names at
// every character that is not a letter; search/catalog-text.cypher asks both indexes.
CREATE FULLTEXT INDEX catalog_name_words IF NOT EXISTS
FOR (n:Project|Dataset|DatasetVersion|FeatureSet|FeatureSetVersion|Experiment|Run|Model|ModelVersion|Deployment|User|Team)
ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'simple', `fulltext.eventually_consistent`: true}};
CALL db.awaitIndexes(600);

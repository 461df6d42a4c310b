// The full-text index (003) is brought up to date in the background instead of inside every commit:
// kept synchronous, each write of a named entity refreshed Lucene before committing, about half of
// the Bolt workers' time under a burst of OpenLineage events (issue 16). Search waits for the
// refresh itself (search/catalog-text.cypher), so it still finds what was committed before it.
DROP INDEX catalog_text IF EXISTS;
CREATE FULLTEXT INDEX catalog_text IF NOT EXISTS
FOR (n:Project|Dataset|DatasetVersion|FeatureSet|FeatureSetVersion|Experiment|Run|Model|ModelVersion|Deployment|User|Team)
ON EACH [n.name, n.description, n.tags]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CALL db.awaitIndexes(600);

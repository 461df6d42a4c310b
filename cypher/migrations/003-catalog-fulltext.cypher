// Full-text search over names, descriptions and tags of everything people look for by name.
CREATE FULLTEXT INDEX catalog_text IF NOT EXISTS
FOR (n:Project|Dataset|DatasetVersion|FeatureSet|FeatureSetVersion|Experiment|Run|Model|ModelVersion|Deployment|User|Team)
ON EACH [n.name, n.description, n.tags];

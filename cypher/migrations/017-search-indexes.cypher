// MLflow searches led by an index (issue 19): search_experiments and search_registered_models start
// from a `name =` / `name LIKE 'prefix%'` clause, search_model_versions from its model's name, and
// all three from a tag clause, instead of reading every experiment, model or version of the project.
CREATE INDEX experiment_name IF NOT EXISTS FOR (n:Experiment) ON (n.name);
CREATE INDEX model_name IF NOT EXISTS FOR (n:Model) ON (n.name);
CREATE INDEX entity_tag_key_value IF NOT EXISTS FOR (n:EntityTag) ON (n.key, n.value);
CALL db.awaitIndexes(600);

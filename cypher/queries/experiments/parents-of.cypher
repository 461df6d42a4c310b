// The experiment each experiment is part of (PART_OF: an OpenLineage job inside another, e.g. a dbt
// model's job inside the dbt invocation's), for a DataLoader.
// $ids: experiment ids
UNWIND $ids AS id
MATCH (:Experiment {id: id})-[:PART_OF]->(parent:Experiment)
RETURN id, head(collect(parent {.*})) AS parent

// Nests a run under its parent run and its job's experiment under the parent job's, as the run's
// parent facet says, and lets a run seen for the first time adopt the runs that named it as their
// parent before it arrived (their openlineage.parentRunId tag). Idempotent: a replay links nothing.
// $runId, $experimentId: the run and its job's experiment
// $parentRunId, $parentExperimentId: what the parent facet names (each null when absent or unknown)
// One row: newParent, newPart (whether those edges were made now), adopted (ids of children linked now)
MATCH (run:Run {id: $runId})
OPTIONAL MATCH (parent:Run {id: $parentRunId})
OPTIONAL MATCH (experiment:Experiment {id: $experimentId})
OPTIONAL MATCH (parentExperiment:Experiment {id: $parentExperimentId})
WITH run, parent, experiment, parentExperiment,
  parent IS NOT NULL AND parent <> run AND NOT EXISTS { (run)-[:CHILD_OF]->(parent) } AS newParent,
  parentExperiment IS NOT NULL AND experiment IS NOT NULL AND parentExperiment <> experiment
    AND NOT EXISTS { (experiment)-[:PART_OF]->(parentExperiment) } AS newPart
FOREACH (_ IN CASE WHEN newParent THEN [1] ELSE [] END | MERGE (run)-[:CHILD_OF]->(parent))
FOREACH (_ IN CASE WHEN newPart THEN [1] ELSE [] END | MERGE (experiment)-[:PART_OF]->(parentExperiment))
WITH run, newParent, newPart
CALL (run) {
  OPTIONAL MATCH (child:Run)-[:HAS_TAG]->(:RunTag {key: 'openlineage.parentRunId', value: run.id})
  WHERE child <> run AND NOT EXISTS { (child)-[:CHILD_OF]->(run) }
  WITH collect(child) AS children
  FOREACH (child IN children | MERGE (child)-[:CHILD_OF]->(run))
  RETURN [c IN children | c.id] AS adopted
}
RETURN newParent, newPart, adopted

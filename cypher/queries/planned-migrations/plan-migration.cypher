// What planning a migration reads, in one query: the target (locked, so two plans of one target
// take turns and get numbers 1, 2, ...), its project, the columns it declares and how many
// migrations it already has.
// $targetId: a dataset, feature set or one of their versions.
// No row when the target does not exist.
MATCH (target:Entity {id: $targetId})
SET target._lock = true
REMOVE target._lock
WITH target
OPTIONAL MATCH path = (target)-[:VERSION_OF*0..1]->()-[:IN_PROJECT]->(project:Project)
WITH target, project ORDER BY length(path)
WITH target, head(collect(project.id)) AS projectId
RETURN target {.*} AS target, projectId,
       COUNT { (:PlannedMigration)-[:PLANS_CHANGE_OF]->(target) } AS earlier,
       [(column:DataColumn)-[:COLUMN_OF]->(target) | column.name] AS lineageColumns

// The experiments inside each experiment (PART_OF), by name, for a DataLoader.
// $ids: experiment ids
UNWIND $ids AS id
MATCH (:Experiment {id: id})<-[:PART_OF]-(child:Experiment)
WITH id, child ORDER BY child.name, child.id
RETURN id, collect(child {.*}) AS related

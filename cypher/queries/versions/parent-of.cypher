// The dataset/feature set/model that many versions belong to, for a DataLoader.
// $ids: version ids
// One row per parent: the versions asked for that belong to it (ids) and its properties, once — a
// lineage of thousands of versions of a few datasets sends each dataset once, not once per version.
UNWIND $ids AS id
MATCH (:Entity {id: id})-[:VERSION_OF]->(parent)
WITH parent, collect(id) AS ids
RETURN ids, parent {.*} AS parent

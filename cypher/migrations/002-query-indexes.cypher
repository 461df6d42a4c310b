// Indexes for what the named queries filter and sort on.
CREATE INDEX entity_kind_name IF NOT EXISTS FOR (n:Entity) ON (n.kind, n.name);
CREATE INDEX run_status IF NOT EXISTS FOR (n:Run) ON (n.status);
CREATE INDEX run_started_at IF NOT EXISTS FOR (n:Run) ON (n.startedAt);
CREATE INDEX param_key_value IF NOT EXISTS FOR (n:Param) ON (n.key, n.value);
CREATE INDEX metric_key_value IF NOT EXISTS FOR (n:Metric) ON (n.key, n.value);
CREATE INDEX run_tag_key_value IF NOT EXISTS FOR (n:RunTag) ON (n.key, n.value);
CREATE INDEX dataset_version_digest IF NOT EXISTS FOR (n:DatasetVersion) ON (n.digest);
CREATE INDEX model_version_digest IF NOT EXISTS FOR (n:ModelVersion) ON (n.digest);
CREATE INDEX deployment_environment IF NOT EXISTS FOR (n:Deployment) ON (n.environment);
CREATE INDEX audit_event_entity IF NOT EXISTS FOR (n:AuditEvent) ON (n.entityId, n.at);
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);

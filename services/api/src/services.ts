import { ArtifactService } from './artifacts/artifacts.service';
import { AuditService } from './audit/audit.service';
import { CatalogService } from './catalog/catalog.service';
import { DeploymentService } from './deployments/deployments.service';
import { LineageService } from './lineage/lineage.service';
import type { Services } from './platform/context';
import type { GraphDatabase } from './platform/neo4j';
import { ModelAliasService } from './models/model-aliases.service';
import { RunService } from './runs/runs.service';
import { SearchService } from './search/search.service';
import { VersionService } from './versions/versions.service';

export function createServices(db: GraphDatabase): Services {
  const catalog = new CatalogService(db);
  return {
    catalog,
    versions: new VersionService(db),
    runs: new RunService(db),
    artifacts: new ArtifactService(db),
    modelAliases: new ModelAliasService(db),
    deployments: new DeploymentService(db, catalog),
    audit: new AuditService(db),
    lineage: new LineageService(db),
    search: new SearchService(db),
  };
}

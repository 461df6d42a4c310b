import { AccessService } from './access/access.service';
import { RestrictedAssetService } from './access/restricted-assets.service';
import { OwnershipService } from './catalog/ownership.service';
import { ArtifactService } from './artifacts/artifacts.service';
import { AuditService } from './audit/audit.service';
import { CatalogService } from './catalog/catalog.service';
import { EntityTagService } from './catalog/entity-tags.service';
import { CostService } from './costs/costs.service';
import { DeploymentService } from './deployments/deployments.service';
import { ColumnService } from './columns/columns.service';
import { DataSourceService } from './datasources/datasources.service';
import { DriftService } from './drift/drift.service';
import { MetadataService } from './governance/templates/metadata.service';
import { PromotionService } from './governance/promotion/promotion.service';
import { LineageService } from './lineage/lineage.service';
import { NotificationService } from './notifications/notifications.service';
import type { Services } from './context';
import type { GraphDatabase } from './platform/neo4j';
import { ModelAliasService } from './models/model-aliases.service';
import { ModelStageService } from './models/model-stages.service';
import { OpenLineageService } from './openlineage/openlineage.service';
import { PlannedMigrationService } from './planned-migrations/planned-migrations.service';
import { ReviewService } from './reviews/reviews.service';
import { RunService } from './runs/runs.service';
import { SearchService } from './search/search.service';
import { VersionService } from './versions/versions.service';

export function createServices(db: GraphDatabase): Services {
  const catalog = new CatalogService(db);
  const versions = new VersionService(db);
  const runs = new RunService(db);
  const lineage = new LineageService(db);
  const dataSources = new DataSourceService(db);
  const metadata = new MetadataService(db);
  const columns = new ColumnService(db, lineage);
  const promotion = new PromotionService(db, catalog);
  return {
    catalog,
    versions,
    runs,
    artifacts: new ArtifactService(db),
    modelAliases: new ModelAliasService(db),
    entityTags: new EntityTagService(db),
    modelStages: new ModelStageService(db, promotion),
    deployments: new DeploymentService(db, catalog),
    audit: new AuditService(db),
    lineage,
    promotion,
    search: new SearchService(db),
    dataSources,
    columns,
    openLineage: new OpenLineageService(db, { catalog, columns, dataSources, metadata, runs, versions }),
    metadata,
    reviews: new ReviewService(db),
    access: new AccessService(db),
    costs: new CostService(db),
    drift: new DriftService(db, lineage),
    restrictedAssets: new RestrictedAssetService(db),
    notifications: new NotificationService(db),
    ownership: new OwnershipService(db),
    plannedMigrations: new PlannedMigrationService(db, lineage, columns),
  };
}

import type { AccessService } from './access/access.service';
import type { RestrictedAssetService } from './access/restricted-assets.service';
import type { OwnershipService } from './catalog/ownership.service';
import type { ArtifactService } from './artifacts/artifacts.service';
import type { AuditService } from './audit/audit.service';
import type { CatalogService } from './catalog/catalog.service';
import type { EntityTagService } from './catalog/entity-tags.service';
import type { CostService } from './costs/costs.service';
import type { ColumnService } from './columns/columns.service';
import type { DataSourceService } from './datasources/datasources.service';
import type { DeploymentService } from './deployments/deployments.service';
import type { DriftService } from './drift/drift.service';
import type { MetadataService } from './governance/templates/metadata.service';
import type { PromotionService } from './governance/promotion/promotion.service';
import type { LineageService } from './lineage/lineage.service';
import type { NotificationService } from './notifications/notifications.service';
import type { ModelAliasService } from './models/model-aliases.service';
import type { ModelStageService } from './models/model-stages.service';
import type { OpenLineageService } from './openlineage/openlineage.service';
import type { PlannedMigrationService } from './planned-migrations/planned-migrations.service';
import type { ReviewService } from './reviews/reviews.service';
import type { RunService } from './runs/runs.service';
import type { SearchService } from './search/search.service';
import type { VersionService } from './versions/versions.service';
import type { Loaders } from './dataloaders';

/** The domain services: created once per process, shared by every entry point. */
export interface Services {
  catalog: CatalogService;
  versions: VersionService;
  dataSources: DataSourceService;
  columns: ColumnService;
  runs: RunService;
  artifacts: ArtifactService;
  modelAliases: ModelAliasService;
  entityTags: EntityTagService;
  modelStages: ModelStageService;
  deployments: DeploymentService;
  audit: AuditService;
  lineage: LineageService;
  promotion: PromotionService;
  search: SearchService;
  openLineage: OpenLineageService;
  metadata: MetadataService;
  reviews: ReviewService;
  access: AccessService;
  costs: CostService;
  drift: DriftService;
  restrictedAssets: RestrictedAssetService;
  notifications: NotificationService;
  ownership: OwnershipService;
  plannedMigrations: PlannedMigrationService;
}

/** What every resolver gets: who is calling, this request's DataLoaders, and the services. */
export interface MnemoContext {
  actor: string;
  loaders: Loaders;
  services: Services;
  /** Runs a mutation as one command: all its service steps in one write transaction. */
  command: <T>(work: () => Promise<T>) => Promise<T>;
}

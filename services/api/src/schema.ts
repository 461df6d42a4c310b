import 'reflect-metadata';
import { isAbstractType, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { AccessResolver, UserRolesResolver } from './access/access.resolver';
import { RESTRICTED_FIELD_RESOLVERS, RestrictedAssetResolver } from './access/restricted-assets.resolver';
import { OwnershipResolver } from './catalog/ownership.resolver';
import { ArtifactResolver } from './artifacts/artifacts.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { COST_RESOLVERS } from './costs/costs.resolver';
import { DRIFT_RESOLVERS } from './drift/drift.resolver';
import { CatalogResolver, ProjectResolver, TeamResolver, UserResolver } from './catalog/catalog.resolver';
import { DatasetResolver, DatasetVersionResolver } from './datasets/datasets.resolver';
import { DatasetSourceResolver, DataSourceResolver } from './datasources/datasources.resolver';
import { ColumnLineageResolver, LineageColumnResolver } from './columns/columns.resolver';
import { DeploymentResolver } from './deployments/deployments.resolver';
import { ExperimentResolver } from './experiments/experiments.resolver';
import { FeatureSetResolver, FeatureSetVersionResolver } from './featuresets/featuresets.resolver';
import {
  GOVERNED_FIELD_RESOLVERS,
  VERSION_QUALITY_CHECK_RESOLVERS,
  MetadataTemplateResolver,
  RunQualityChecksResolver,
} from './governance/templates/templates.resolver';
import { ModelResolver, ModelVersionResolver } from './models/models.resolver';
import {
  ApprovalResolver,
  ModelVersionPromotionResolver,
  PromotionPolicyResolver,
  PromotionResolver,
} from './governance/promotion/promotion.resolver';
import { LineageResolver } from './lineage/lineage.resolver';
import { MetricResolver, RunResolver } from './runs/runs.resolver';
import { OpenLineageResolver } from './openlineage/openlineage.resolver';
import {
  ExperimentReviewsResolver,
  ModelVersionReviewsResolver,
  ReviewResolver,
  RunReviewsResolver,
} from './reviews/reviews.resolver';
import { SearchResolver } from './search/search.resolver';
import { NotificationResolver, WebhookEndpointResolver } from './notifications/notifications.resolver';
import { PlannedMigrationResolver } from './planned-migrations/planned-migrations.resolver';
import type { MnemoContext } from './context';
import type { EntityRecord } from './platform/records';

let schema: GraphQLSchema | undefined;

/** The GraphQL contract, built from the resolver classes (schema/schema.graphql is printed from it). */
export function mnemoSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [
      CatalogResolver,
      ArtifactResolver,
      ProjectResolver,
      TeamResolver,
      UserResolver,
      DatasetResolver,
      DatasetVersionResolver,
      DataSourceResolver,
      ColumnLineageResolver,
      LineageColumnResolver,
      DatasetSourceResolver,
      FeatureSetResolver,
      FeatureSetVersionResolver,
      ExperimentResolver,
      RunResolver,
      MetricResolver,
      ModelResolver,
      ModelVersionResolver,
      DeploymentResolver,
      AuditResolver,
      LineageResolver,
      PromotionPolicyResolver,
      PromotionResolver,
      ApprovalResolver,
      ModelVersionPromotionResolver,
      SearchResolver,
      OpenLineageResolver,
      MetadataTemplateResolver,
      RunQualityChecksResolver,
      ...GOVERNED_FIELD_RESOLVERS,
      ...VERSION_QUALITY_CHECK_RESOLVERS,
      ReviewResolver,
      RunReviewsResolver,
      ExperimentReviewsResolver,
      ModelVersionReviewsResolver,
      AccessResolver,
      UserRolesResolver,
      ...COST_RESOLVERS,
      ...DRIFT_RESOLVERS,
      RestrictedAssetResolver,
      OwnershipResolver,
      PlannedMigrationResolver,
      ...RESTRICTED_FIELD_RESOLVERS,
      NotificationResolver,
      WebhookEndpointResolver,
    ],
    validate: false,
  });
  resolveAbstractTypesByKind(schema);
  runMutationsAsCommands(schema);
  return schema;
}

/**
 * Every mutation is one command: all its service steps share one write transaction. Wrapped here, on
 * the mutation fields alone, rather than as a type-graphql global middleware, which every field of
 * every answer would pass through (25,000 edges and 5,000 nodes of a lineage: tens of milliseconds).
 */
function runMutationsAsCommands(built: GraphQLSchema): void {
  for (const field of Object.values(built.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = (source, args, context: MnemoContext, info) =>
      context.command(async () => resolve(source, args, context, info));
  }
}

/**
 * Every interface and union here is resolved by the record's `kind`. type-graphql wraps each
 * resolveType in an async function, which makes graphql-js complete every abstract-typed value (each
 * node of a 10k-node impact report) through a promise; the plain synchronous function is equivalent.
 */
function resolveAbstractTypesByKind(built: GraphQLSchema): void {
  for (const type of Object.values(built.getTypeMap())) {
    if (isAbstractType(type)) type.resolveType = (value) => (value as EntityRecord).kind;
  }
}

export function printMnemoSchema(): string {
  return `# Emitted from the code by \`npm run schema:emit\`; a test fails when this file drifts.\n\n${printSchema(mnemoSchema())}\n`;
}

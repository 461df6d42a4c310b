import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Deployment, Environment } from '../../deployments/deployments.types';
import { ModelVersion } from '../../models/models.types';
import type { MnemoContext } from '../../context';
import type { EntityRecord } from '../../platform/records';
import type { GateResult as GateResultRecord } from './gates';
import { describeGate } from './policy';
import type { EffectivePolicy } from './promotion.service';
import { Approval, GateReport, GateResult, PolicyGate, Promotion, PromotionPolicy } from './promotion.types';

/** Gate results are stored as JSON text on Promotion and Approval nodes. */
const storedGateResults = (record: EntityRecord): GateResultRecord[] =>
  typeof record.gateResults === 'string' ? (JSON.parse(record.gateResults) as GateResultRecord[]) : [];

@Resolver(() => PromotionPolicy)
export class PromotionPolicyResolver {
  @Query(() => PromotionPolicy, {
    description: "The promotion gates in force for a project and environment: its own policy, else the repo's default.",
  })
  promotionPolicy(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('environment', () => Environment) environment: Environment,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.promotion.policy(projectId, environment);
  }

  @Mutation(() => PromotionPolicy, {
    description:
      "Stores a project's promotion policy for one environment (YAML: `gates:` and its list, see " +
      'governance/policies/default.yaml); an invalid policy is refused with every problem listed.',
  })
  setPromotionPolicy(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('environment', () => Environment) environment: Environment,
    @Arg('policy') policy: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.promotion.setPolicy(ctx.actor, projectId, environment, policy);
  }

  @FieldResolver(() => [PolicyGate])
  gates(@Root() policy: EffectivePolicy): PolicyGate[] {
    return policy.gates.map((gate) => ({ name: gate.name, kind: gate.kind, requirement: describeGate(gate) }));
  }

  @Query(() => GateReport, {
    description:
      'Evaluates the promotion gates of a model version for an environment without changing anything; ' +
      '`policy` (YAML) replaces the stored policy for this check.',
  })
  checkPromotion(
    @Arg('modelVersionId', () => ID) modelVersionId: string,
    @Arg('environment', () => Environment) environment: Environment,
    @Arg('policy', () => String, { nullable: true }) policy: string | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.promotion.check(modelVersionId, environment, policy);
  }
}

@Resolver(() => Promotion)
export class PromotionResolver {
  @Mutation(() => Promotion, {
    description:
      "Promotes a model version: evaluates the environment's gates and, in the same transaction, re-points " +
      "(or creates) the model's deployment there. Refused with PROMOTION_BLOCKED, changing nothing, when a gate fails.",
  })
  promoteModelVersion(
    @Arg('id', () => ID) id: string,
    @Arg('environment', () => Environment) environment: Environment,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.promotion.promote(ctx.actor, id, environment);
  }

  @FieldResolver(() => [GateResult], { description: 'The gates it passed.' })
  gateResults(@Root() promotion: EntityRecord) {
    return storedGateResults(promotion);
  }

  @FieldResolver(() => ModelVersion)
  modelVersion(@Root() promotion: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(String(promotion.modelVersionId));
  }

  @FieldResolver(() => Deployment, { nullable: true, description: 'The deployment it re-pointed (INTO).' })
  deployment(@Root() promotion: EntityRecord, @Ctx() ctx: MnemoContext) {
    return promotion.deploymentId ? ctx.loaders.entity.load(String(promotion.deploymentId)) : null;
  }
}

@Resolver(() => Approval)
export class ApprovalResolver {
  @Mutation(() => Approval, {
    description:
      'Approves promoting a model version into an environment, recording the gate results at this moment. ' +
      "Refused (FORBIDDEN) for the model version's author when the policy says allowSelfApproval: false.",
  })
  approvePromotion(
    @Arg('modelVersionId', () => ID) modelVersionId: string,
    @Arg('environment', () => Environment) environment: Environment,
    @Arg('rationale') rationale: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.promotion.approve(ctx.actor, modelVersionId, environment, rationale);
  }

  @FieldResolver(() => [GateResult], { description: 'The gate results when the approval was given.' })
  gateResults(@Root() approval: EntityRecord) {
    return storedGateResults(approval);
  }

  @FieldResolver(() => ModelVersion)
  modelVersion(@Root() approval: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(String(approval.modelVersionId));
  }
}

@Resolver(() => ModelVersion)
export class ModelVersionPromotionResolver {
  @FieldResolver(() => [Promotion], { description: 'Its promotions into environments, newest first.' })
  promotions(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.promotions.load(version.id);
  }

  @FieldResolver(() => [Approval], { description: 'Approvals to promote it, newest first.' })
  approvals(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.approvals.load(version.id);
  }
}

import type { Typology } from './dataset-format.ts';
import type { InstanceSpec, StepPlan } from './instance.ts';
import type { BuildContext } from './launder-kit.ts';
import { cycle, passThrough, stack } from './typologies-chain.ts';
import { bipartite, fanIn, fanOut, gatherScatter, scatterGather } from './typologies-fan.ts';
import { dormantWakeup, newWalletBurst, structuring } from './typologies-special.ts';

const BUILDERS: Readonly<Record<Typology, (spec: InstanceSpec, ctx: BuildContext) => StepPlan>> = {
  fan_in: fanIn,
  fan_out: fanOut,
  scatter_gather: scatterGather,
  gather_scatter: gatherScatter,
  cycle,
  bipartite,
  stack,
  structuring,
  pass_through: passThrough,
  dormant_wakeup: dormantWakeup,
  new_wallet_burst: newWalletBurst,
};

/** Picks an instance's wallets and lays out its payments, at the moment the instance starts. */
export function buildInstance(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const plan = BUILDERS[spec.typology](spec, ctx);
  if (plan.steps.length !== spec.transfers) {
    throw new Error(`${spec.typology} built ${plan.steps.length} steps, planned ${spec.transfers}`);
  }
  return plan;
}

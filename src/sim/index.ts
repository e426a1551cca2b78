/**
 * The economy simulator: a seeded, deterministic synthetic e-CNY economy with labelled laundering,
 * written as a dataset or streamed as events to drive a live node, plus an AMLSim importer.
 */
export {
  AMLSIM_OPERATOR,
  AMLSIM_STEP_MS,
  type AmlsimAccount,
  type AmlsimImport,
  type AmlsimOptions,
  amlsimWallet,
  importAmlsim,
} from './amlsim.ts';
export {
  DATASET_FILES,
  DATASET_FORMAT,
  DATASET_VERSION,
  type DatasetExchange,
  type DatasetInstance,
  type DatasetManifest,
  type DatasetTransfer,
  type DatasetWallet,
  TYPOLOGIES,
  type Typology,
} from './dataset-format.ts';
export {
  type DatasetRow,
  type LabelledEvent,
  partyOf,
  readDataset,
  readExchanges,
  readInstances,
  readLabelledEvents,
  readManifest,
  readTransfers,
  readWallets,
  toTransferEvent,
} from './dataset-reader.ts';
export { runSimulateToDataset, type SimulateOptions } from './dataset-writer.ts';
export {
  createEconomy,
  type Economy,
  type RunSummary,
  type SimEvent,
  type SimExchangeIn,
  type SimTransfer,
  type SimWallet,
} from './economy.ts';
export { DEFAULT_LAUNDERING_RATE } from './laundering-plan.ts';
export {
  defaultWalletLimits,
  type WalletLimit,
  type WalletLimits,
  walletLimitsFromConfig,
} from './limits.ts';
export { DEFAULT_DAYS, type EconomyOptions } from './options.ts';
export {
  type Evaluation,
  evaluateReferenceRules,
  REFERENCE_RULES,
  type ReferenceRule,
  type TypologyScore,
} from './reference-eval.ts';
export { type DatasetStats, datasetStats } from './report.ts';
export { type TransferTable, tableFromDataset, tableFromEconomy } from './table.ts';

export {
  ConfigError,
  DEFAULT_CONFIG_PATH,
  loadConfig,
  type NodeConfig,
  OPERATORS_MAX,
  type PersonalCategory,
  parseConfig,
  type WalletLimits,
} from './node-config.ts';
export { fixedOffsetMinutes, localDay, localYear, MS_PER_DAY } from './timezone.ts';

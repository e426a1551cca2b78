import type { Lang } from './index.ts';

/** Typology names of the default rules, the counterparty and offline-fraud alerts and large-value reports. */
const NAMES: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  fan_in: { 'zh-CN': '多对一汇入', en: 'Fan-in' },
  fan_out: { 'zh-CN': '一对多转出', en: 'Fan-out' },
  scatter_gather: { 'zh-CN': '分散后归集', en: 'Scatter-gather' },
  gather_scatter: { 'zh-CN': '归集后分散', en: 'Gather-scatter' },
  cycle: { 'zh-CN': '资金回流', en: 'Cycle' },
  bipartite: { 'zh-CN': '两组互转', en: 'Bipartite' },
  stack: { 'zh-CN': '多层转移', en: 'Layered chain' },
  structuring: { 'zh-CN': '拆分规避', en: 'Structuring' },
  pass_through: { 'zh-CN': '快进快出', en: 'Pass-through' },
  dormant_wakeup: { 'zh-CN': '休眠账户激活', en: 'Dormant wallet waking' },
  new_wallet_burst: { 'zh-CN': '新开钱包突增', en: 'New-wallet burst' },
  watchlist_counterparty: { 'zh-CN': '名单对手方', en: 'Watch-list counterparty' },
  offline_fraud: { 'zh-CN': '离线支付欺诈', en: 'Offline payment fraud' },
  large_value_in: { 'zh-CN': '大额收入报告', en: 'Large-value report (in)' },
  large_value_out: { 'zh-CN': '大额支出报告', en: 'Large-value report (out)' },
};

/** A typology in the user's language; an unknown one shows its code. */
export function typologyName(code: string, lang: Lang): string {
  return NAMES[code]?.[lang] ?? code;
}

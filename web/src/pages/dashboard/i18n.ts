import type { Dict } from '../../i18n/index.ts';

export type DashKey =
  | 'title'
  | 'live'
  | 'connecting'
  | 'reconnecting'
  | 'updated'
  | 'payments_per_s'
  | 'value_per_s'
  | 'in_circulation'
  | 'open_alerts'
  | 'large_value_today'
  | 'books'
  | 'books_ok'
  | 'books_bad'
  | 'books_bad_banner'
  | 'rates_title'
  | 'rates_chart'
  | 'series_payments'
  | 'series_value'
  | 'by_operator'
  | 'by_holding'
  | 'operator'
  | 'outstanding'
  | 'vault'
  | 'circulation'
  | 'status'
  | 'central_bank'
  | 'operators_total'
  | 'holding'
  | 'amount'
  | 'wallets'
  | 'alerts_title'
  | 'no_alerts'
  | 'typology'
  | 'count'
  | 'lvtr_title'
  | 'day'
  | 'reports'
  | 'lag'
  | 'cases_open'
  | 'screening_pending'
  | 'h_personal_1'
  | 'h_personal_2'
  | 'h_personal_3'
  | 'h_personal_4'
  | 'h_corporate'
  | 'h_merchant'
  | 'h_offline'
  | 'h_conditional'
  | 'no_supervision';

export const DASH: Dict<DashKey> = {
  'zh-CN': {
    title: '监管看板',
    live: '实时',
    connecting: '正在连接…',
    reconnecting: '连接中断，正在重连…',
    updated: '更新于 {time}（账本序号 {seq}）',
    payments_per_s: '每秒笔数',
    value_per_s: '每秒金额',
    in_circulation: '流通中的数字人民币',
    open_alerts: '待处理预警',
    large_value_today: '今日大额报告',
    books: '对账',
    books_ok: '平衡',
    books_bad: '不平衡',
    books_bad_banner: '账不平！以下标为"不平衡"的机构，发行减去赎回不等于库存加流通。',
    rates_title: '交易速率（近 5 分钟）',
    rates_chart: '每秒交易笔数和金额，最近 {n} 秒',
    series_payments: '笔/秒',
    series_value: '元/秒',
    by_operator: '按运营机构的流通量',
    by_holding: '按钱包类别的流通量',
    operator: '运营机构',
    outstanding: '已发行未赎回',
    vault: '库存',
    circulation: '流通中',
    status: '状态',
    central_bank: '中央银行',
    operators_total: '各机构合计',
    holding: '类别',
    amount: '金额',
    wallets: '钱包数',
    alerts_title: '按类型的待处理预警',
    no_alerts: '没有待处理的预警。',
    typology: '类型',
    count: '数量',
    lvtr_title: '大额交易报告（近 7 天）',
    day: '日期',
    reports: '报告数',
    lag: '统计滞后 {rows} 条',
    cases_open: '进行中的案件',
    screening_pending: '待复核的名单命中',
    h_personal_1: '个人一类',
    h_personal_2: '个人二类',
    h_personal_3: '个人三类',
    h_personal_4: '个人四类',
    h_corporate: '对公',
    h_merchant: '商户',
    h_offline: '硬钱包（离线）',
    h_conditional: '条件支付托管',
    no_supervision: '您的身份看不到预警数据。',
  },
  en: {
    title: 'Supervisor dashboard',
    live: 'Live',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost, reconnecting…',
    updated: 'Updated {time} (journal seq {seq})',
    payments_per_s: 'Payments per second',
    value_per_s: 'Value per second',
    in_circulation: 'e-CNY in circulation',
    open_alerts: 'Open alerts',
    large_value_today: 'Large-value reports today',
    books: 'Books',
    books_ok: 'Balanced',
    books_bad: 'Not balanced',
    books_bad_banner:
      'The books do not balance! For each operator marked "Not balanced", issued minus redeemed differs from vault plus circulation.',
    rates_title: 'Payment rate (last 5 minutes)',
    rates_chart: 'Payments and value per second, last {n} seconds',
    series_payments: 'payments/s',
    series_value: 'CNY/s',
    by_operator: 'Circulation by operator',
    by_holding: 'Circulation by wallet category',
    operator: 'Operator',
    outstanding: 'Outstanding',
    vault: 'Vault',
    circulation: 'In circulation',
    status: 'Status',
    central_bank: 'Central bank',
    operators_total: 'Operators together',
    holding: 'Category',
    amount: 'Amount',
    wallets: 'Wallets',
    alerts_title: 'Open alerts by typology',
    no_alerts: 'No open alerts.',
    typology: 'Typology',
    count: 'Count',
    lvtr_title: 'Large-value reports (last 7 days)',
    day: 'Day',
    reports: 'Reports',
    lag: 'statistics {rows} rows behind',
    cases_open: 'Open cases',
    screening_pending: 'Screening hits to review',
    h_personal_1: 'Personal cat. 1',
    h_personal_2: 'Personal cat. 2',
    h_personal_3: 'Personal cat. 3',
    h_personal_4: 'Personal cat. 4',
    h_corporate: 'Corporate',
    h_merchant: 'Merchant',
    h_offline: 'Hard wallets (offline)',
    h_conditional: 'Held under conditions',
    no_supervision: 'Your role does not see alert figures.',
  },
};

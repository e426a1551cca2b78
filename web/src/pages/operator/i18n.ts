import type { Dict } from '../../i18n/index.ts';

export type OpKey =
  | 'title'
  | 'books'
  | 'books_help'
  | 'books_status'
  | 'issued'
  | 'redeemed'
  | 'outstanding'
  | 'reserve'
  | 'vault'
  | 'wallets_total'
  | 'quota'
  | 'balanced'
  | 'not_balanced'
  | 'treasury'
  | 'treasury_help'
  | 'treasury_operator_note'
  | 'operator'
  | 'direction'
  | 'issue'
  | 'redeem'
  | 'amount'
  | 'submit'
  | 'done_issue'
  | 'done_redeem'
  | 'failed'
  | 'amount_invalid'
  | 'search'
  | 'search_help'
  | 'q'
  | 'kind'
  | 'category'
  | 'status'
  | 'any'
  | 'find'
  | 'results'
  | 'none'
  | 'more'
  | 'scanned'
  | 'wallet'
  | 'balance'
  | 'open_wallet'
  | 'open'
  | 'opened'
  | 'k_personal'
  | 'k_corporate'
  | 'k_merchant'
  | 's_active'
  | 's_frozen_out'
  | 's_frozen_all'
  | 's_closed'
  | 'back'
  | 'wallet_title'
  | 'change_category'
  | 'change_help'
  | 'change'
  | 'freeze'
  | 'freeze_mode'
  | 'mode_out'
  | 'mode_all'
  | 'reason'
  | 'reference'
  | 'unfreeze'
  | 'freezes'
  | 'no_freezes'
  | 'exchange'
  | 'exchange_in'
  | 'exchange_out'
  | 'history'
  | 'limits'
  | 'single'
  | 'daily'
  | 'annual'
  | 'cap'
  | 'used_today'
  | 'no_limit'
  | 'when'
  | 'from'
  | 'to';

export const OPERATOR: Dict<OpKey> = {
  'zh-CN': {
    title: '运营机构控制台',
    books: '本机构对账',
    books_status: '对账',
    books_help: '发行减去赎回，应等于库存加上所有钱包（含硬钱包和托管资金）。',
    issued: '累计发行',
    redeemed: '累计赎回',
    outstanding: '未赎回',
    reserve: '央行准备金',
    vault: '库存',
    wallets_total: '钱包合计',
    quota: '发行额度',
    balanced: '平衡',
    not_balanced: '不平衡',
    treasury: '发行和赎回',
    treasury_help: '中央银行向运营机构发行数字人民币（准备金减少、库存增加），或收回赎回。',
    treasury_operator_note: '发行和赎回由中央银行办理；这里显示本机构的发行和赎回累计。',
    operator: '运营机构',
    direction: '业务',
    issue: '发行',
    redeem: '赎回',
    amount: '金额（元）',
    submit: '提交',
    done_issue: '已向 {operator} 发行 {amount}。',
    done_redeem: '已从 {operator} 赎回 {amount}。',
    failed: '没有成功：{detail}',
    amount_invalid: '请输入金额，最多两位小数。',
    search: '钱包查询',
    search_help: '按钱包号开头查询（持有人姓名已加密，不能查询）。',
    q: '钱包号（开头几位或完整）',
    kind: '种类',
    category: '类别',
    status: '状态',
    any: '全部',
    find: '查询',
    results: '查询结果',
    none: '没有符合条件的钱包。',
    more: '继续查询',
    scanned: '本页查看了 {n} 个账户',
    wallet: '钱包',
    balance: '余额',
    open_wallet: '开立钱包',
    open: '开立',
    opened: '已开立钱包 {id}。',
    k_personal: '个人',
    k_corporate: '对公',
    k_merchant: '商户',
    s_active: '正常',
    s_frozen_out: '止付',
    s_frozen_all: '冻结',
    s_closed: '已注销',
    back: '返回运营机构控制台',
    wallet_title: '钱包 {id}',
    change_category: '调整类别（升级或降级）',
    change_help: '降级时，余额不能超过新类别的上限。',
    change: '调整',
    freeze: '冻结',
    freeze_mode: '冻结方式',
    mode_out: '只冻结付款（止付）',
    mode_all: '收付都冻结',
    reason: '原因',
    reference: '文书编号（可不填）',
    unfreeze: '解除冻结',
    freezes: '冻结记录',
    no_freezes: '没有冻结记录。',
    exchange: '兑换',
    exchange_in: '存款兑入数字人民币',
    exchange_out: '数字人民币兑回存款',
    history: '交易记录',
    limits: '限额',
    single: '单笔',
    daily: '每日',
    annual: '每年',
    cap: '余额上限',
    used_today: '今日已用 {amount}',
    no_limit: '不限',
    when: '时间',
    from: '付款方',
    to: '收款方',
  },
  en: {
    title: 'Operator console',
    books: 'Our books',
    books_status: 'Books',
    books_help:
      'Issued minus redeemed must equal the vault plus every wallet (hard wallets and funds in custody included).',
    issued: 'Issued',
    redeemed: 'Redeemed',
    outstanding: 'Outstanding',
    reserve: 'Reserve at the central bank',
    vault: 'Vault',
    wallets_total: 'All wallets',
    quota: 'Issuance quota',
    balanced: 'Balanced',
    not_balanced: 'Not balanced',
    treasury: 'Issuance and redemption',
    treasury_help:
      'The central bank issues e-CNY to an operator (its reserve goes down, its vault up) or takes it back.',
    treasury_operator_note: 'The central bank carries out issuance and redemption; here are our totals.',
    operator: 'Operator',
    direction: 'Operation',
    issue: 'Issue',
    redeem: 'Redeem',
    amount: 'Amount (CNY)',
    submit: 'Submit',
    done_issue: 'Issued {amount} to {operator}.',
    done_redeem: 'Redeemed {amount} from {operator}.',
    failed: 'That did not work: {detail}',
    amount_invalid: 'Enter an amount with at most two decimals.',
    search: 'Find wallets',
    search_help:
      "Search by the start of the wallet number (holders' names are sealed and cannot be searched).",
    q: 'Wallet number (first digits or whole)',
    kind: 'Kind',
    category: 'Category',
    status: 'Status',
    any: 'Any',
    find: 'Search',
    results: 'Results',
    none: 'No wallets match.',
    more: 'Search further',
    scanned: '{n} accounts looked at for this page',
    wallet: 'Wallet',
    balance: 'Balance',
    open_wallet: 'Open a wallet',
    open: 'Open',
    opened: 'Opened wallet {id}.',
    k_personal: 'Personal',
    k_corporate: 'Corporate',
    k_merchant: 'Merchant',
    s_active: 'Active',
    s_frozen_out: 'Frozen (out)',
    s_frozen_all: 'Frozen (all)',
    s_closed: 'Closed',
    back: 'Back to the operator console',
    wallet_title: 'Wallet {id}',
    change_category: 'Change category (upgrade or downgrade)',
    change_help: "A downgrade is refused while the balance is over the new category's cap.",
    change: 'Change',
    freeze: 'Freeze',
    freeze_mode: 'How',
    mode_out: 'Payments out only',
    mode_all: 'In and out',
    reason: 'Reason',
    reference: 'Reference, e.g. court order (optional)',
    unfreeze: 'Lift the freeze',
    freezes: 'Freezes',
    no_freezes: 'No freezes.',
    exchange: 'Exchange',
    exchange_in: 'Deposits into e-CNY',
    exchange_out: 'e-CNY back to deposits',
    history: 'Transfers',
    limits: 'Limits',
    single: 'Per payment',
    daily: 'Per day',
    annual: 'Per year',
    cap: 'Balance cap',
    used_today: '{amount} used today',
    no_limit: 'No limit',
    when: 'When',
    from: 'From',
    to: 'To',
  },
};

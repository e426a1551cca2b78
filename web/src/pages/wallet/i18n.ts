import type { Dict } from '../../i18n/index.ts';

export type WalletKey =
  | 'title'
  | 'balance'
  | 'available'
  | 'wallet_id'
  | 'category'
  | 'kind_personal'
  | 'kind_corporate'
  | 'kind_merchant'
  | 'status_active'
  | 'status_frozen_out'
  | 'status_frozen_all'
  | 'status_closed'
  | 'pay'
  | 'receive'
  | 'history'
  | 'choose_wallet'
  | 'limits'
  | 'limit_single'
  | 'limit_daily'
  | 'limit_annual'
  | 'limit_cap'
  | 'no_limit'
  | 'used_of'
  | 'left_today'
  | 'left_year'
  | 'room'
  | 'recent'
  | 'none_yet'
  | 'in'
  | 'out'
  | 'from'
  | 'to'
  | 'more'
  | 'back'
  | 'pay_title'
  | 'payee'
  | 'payee_help'
  | 'recent_payees'
  | 'amount'
  | 'amount_help'
  | 'amount_fixed'
  | 'amount_invalid'
  | 'payee_invalid'
  | 'next'
  | 'checking'
  | 'confirm_title'
  | 'confirm_text'
  | 'confirm_after'
  | 'confirm_pay'
  | 'change'
  | 'paying'
  | 'paid'
  | 'paid_balance'
  | 'pay_again'
  | 'merchant'
  | 'wallet'
  | 'r_daily'
  | 'r_single'
  | 'r_annual'
  | 'r_funds'
  | 'r_cap'
  | 'r_frozen'
  | 'r_closed'
  | 'r_wallet'
  | 'r_qr'
  | 'r_self'
  | 'r_busy'
  | 'r_other'
  | 'receive_title'
  | 'receive_help'
  | 'receive_amount'
  | 'receive_make'
  | 'receive_any'
  | 'receive_for'
  | 'receive_code_text'
  | 'qr_alt'
  | 'history_title'
  | 'when'
  | 'counterparty'
  | 'direction'
  | 'state'
  | 'memo'
  | 'exchange_in'
  | 'exchange_out';

export const WALLET: Dict<WalletKey> = {
  'zh-CN': {
    title: '我的钱包',
    balance: '余额',
    available: '可用 {amount}',
    wallet_id: '钱包号',
    category: '{category}类钱包',
    kind_personal: '个人钱包',
    kind_corporate: '对公钱包',
    kind_merchant: '商户钱包',
    status_active: '正常',
    status_frozen_out: '已冻结（不能付款）',
    status_frozen_all: '已冻结（不能收付）',
    status_closed: '已注销',
    pay: '付款',
    receive: '收款',
    history: '交易明细',
    choose_wallet: '选择钱包',
    limits: '限额和已用额度',
    limit_single: '单笔限额',
    limit_daily: '每日限额',
    limit_annual: '每年限额',
    limit_cap: '余额上限',
    no_limit: '不限',
    used_of: '已用 {used}，限额 {limit}',
    left_today: '今天还可付 {amount}',
    left_year: '今年还可付 {amount}',
    room: '还可存入 {amount}',
    recent: '最近交易',
    none_yet: '还没有交易。',
    in: '收入',
    out: '支出',
    from: '来自 {who}',
    to: '付给 {who}',
    more: '加载更多',
    back: '返回钱包',
    pay_title: '付款',
    payee: '收款方',
    payee_help: '输入对方的 16 位钱包号，或粘贴商户收款码的内容。',
    recent_payees: '最近付过的',
    amount: '金额（元）',
    amount_help: '例如 100 或 25.50',
    amount_fixed: '收款码已写明金额：{amount}',
    amount_invalid: '请输入金额，最多两位小数，例如 25.50。',
    payee_invalid: '请输入 16 位钱包号或收款码。',
    next: '下一步',
    checking: '正在核对收款方…',
    confirm_title: '请确认这笔付款',
    confirm_text: '您将从钱包 {from} 付给 {payee} {amount}。',
    confirm_after: '付款后余额约为 {amount}。',
    confirm_pay: '确认付款 {amount}',
    change: '返回修改',
    paying: '正在付款…',
    paid: '付款成功：已付给 {payee} {amount}。',
    paid_balance: '现在的余额是 {amount}。',
    pay_again: '再付一笔',
    merchant: '商户 {name}',
    wallet: '钱包 {id}',
    r_daily: '付款没有成功：超过了每日限额。您的每日限额是 {limit}，今天还可以付 {remaining}。',
    r_single: '付款没有成功：一笔最多只能付 {limit}。可以分开付，或升级钱包。',
    r_annual: '付款没有成功：超过了每年限额。您的每年限额是 {limit}，今年还可以付 {remaining}。',
    r_funds: '付款没有成功：余额不够。您现在可用的余额是 {available}。',
    r_cap: '付款没有成功：对方钱包存不下这么多钱（对方余额上限 {limit}）。',
    r_frozen: '付款没有成功：钱包已被冻结。请联系开户银行。',
    r_closed: '付款没有成功：钱包已注销。',
    r_wallet: '付款没有成功：没有找到这个钱包号，请再核对一下。',
    r_qr: '这个收款码不能用来付款，请让对方重新出示。',
    r_self: '不能付给自己的这个钱包。',
    r_busy: '系统正忙，钱没有付出。请稍后再试。',
    r_other: '付款没有成功：{detail}',
    receive_title: '收款',
    receive_help: '让对方扫这个码，或把钱包号告诉对方。',
    receive_amount: '指定金额（可不填）',
    receive_make: '生成收款码',
    receive_any: '付款人自己填写金额',
    receive_for: '收款金额 {amount}',
    receive_code_text: '收款码内容（可复制给对方）',
    qr_alt: '收款二维码：钱包 {id}',
    history_title: '交易明细',
    when: '时间',
    counterparty: '对方',
    direction: '收支',
    state: '状态',
    memo: '备注',
    exchange_in: '银行存款兑入',
    exchange_out: '兑回银行存款',
  },
  en: {
    title: 'My wallet',
    balance: 'Balance',
    available: '{amount} available',
    wallet_id: 'Wallet number',
    category: 'Category {category} wallet',
    kind_personal: 'Personal wallet',
    kind_corporate: 'Business wallet',
    kind_merchant: 'Merchant wallet',
    status_active: 'Active',
    status_frozen_out: 'Frozen (cannot pay)',
    status_frozen_all: 'Frozen (cannot pay or receive)',
    status_closed: 'Closed',
    pay: 'Pay',
    receive: 'Receive',
    history: 'History',
    choose_wallet: 'Choose a wallet',
    limits: 'Limits and what you have used',
    limit_single: 'Per payment',
    limit_daily: 'Per day',
    limit_annual: 'Per year',
    limit_cap: 'Balance cap',
    no_limit: 'No limit',
    used_of: '{used} used of {limit}',
    left_today: 'You can pay {amount} more today',
    left_year: 'You can pay {amount} more this year',
    room: 'Room for {amount} more',
    recent: 'Recent payments',
    none_yet: 'No payments yet.',
    in: 'Received',
    out: 'Paid',
    from: 'from {who}',
    to: 'to {who}',
    more: 'Show more',
    back: 'Back to wallet',
    pay_title: 'Pay',
    payee: 'Pay to',
    payee_help: "Type the other wallet's 16-digit number, or paste a merchant's payment code.",
    recent_payees: 'Paid recently',
    amount: 'Amount (yuan)',
    amount_help: 'For example 100 or 25.50',
    amount_fixed: 'The payment code sets the amount: {amount}',
    amount_invalid: 'Enter an amount with at most two decimals, for example 25.50.',
    payee_invalid: 'Enter a 16-digit wallet number or a payment code.',
    next: 'Next',
    checking: 'Checking who you are paying…',
    confirm_title: 'Please check this payment',
    confirm_text: 'You are paying {amount} from wallet {from} to {payee}.',
    confirm_after: 'Your balance afterwards will be about {amount}.',
    confirm_pay: 'Pay {amount} now',
    change: 'Go back and change',
    paying: 'Paying…',
    paid: 'Paid: {amount} to {payee}.',
    paid_balance: 'Your balance is now {amount}.',
    pay_again: 'Make another payment',
    merchant: 'merchant {name}',
    wallet: 'wallet {id}',
    r_daily:
      'The payment did not go through: it is over your daily limit. Your daily limit is {limit}, and you can still pay {remaining} today.',
    r_single:
      'The payment did not go through: one payment can be at most {limit}. Pay in parts, or upgrade your wallet.',
    r_annual:
      'The payment did not go through: it is over your yearly limit. Your yearly limit is {limit}, and you can still pay {remaining} this year.',
    r_funds: 'The payment did not go through: there is not enough money. You have {available} available.',
    r_cap: 'The payment did not go through: the other wallet cannot hold that much (its cap is {limit}).',
    r_frozen: 'The payment did not go through: the wallet is frozen. Please contact your bank.',
    r_closed: 'The payment did not go through: the wallet is closed.',
    r_wallet: 'The payment did not go through: there is no wallet with this number. Please check it.',
    r_qr: 'This payment code cannot be paid. Ask for a new one.',
    r_self: 'You cannot pay this wallet from itself.',
    r_busy: 'The system is busy and no money moved. Please try again in a moment.',
    r_other: 'The payment did not go through: {detail}',
    receive_title: 'Receive',
    receive_help: 'Let the payer scan this code, or tell them your wallet number.',
    receive_amount: 'Ask for an amount (optional)',
    receive_make: 'Make the code',
    receive_any: 'The payer types the amount',
    receive_for: 'For {amount}',
    receive_code_text: 'The code as text (to copy to the payer)',
    qr_alt: 'Payment QR code: wallet {id}',
    history_title: 'History',
    when: 'When',
    counterparty: 'Other party',
    direction: 'In or out',
    state: 'Status',
    memo: 'Note',
    exchange_in: 'from your bank deposit',
    exchange_out: 'back to your bank deposit',
  },
};

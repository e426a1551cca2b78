import type { Dict } from '../../i18n/index.ts';

export type CaseKey =
  | 'title'
  | 'tab_alerts'
  | 'tab_cases'
  | 'filters'
  | 'f_status'
  | 'f_kind'
  | 'f_typology'
  | 'f_assignee'
  | 'f_min_score'
  | 'f_wallet'
  | 'f_sort'
  | 'any'
  | 'apply'
  | 'st_open'
  | 'st_in_case'
  | 'st_closed'
  | 'st_escalated'
  | 'k_suspicious'
  | 'k_large_value_report'
  | 'sort_last'
  | 'sort_first'
  | 'sort_raised'
  | 'sort_score'
  | 'sort_transfers'
  | 'alert'
  | 'typology'
  | 'focal'
  | 'score'
  | 'amount'
  | 'transfers'
  | 'wallets'
  | 'last_at'
  | 'status'
  | 'assignee'
  | 'unassigned'
  | 'no_alerts'
  | 'more'
  | 'refreshed'
  | 'open'
  | 'alert_title'
  | 'why'
  | 'rule'
  | 'crossed'
  | 'observed'
  | 'threshold'
  | 'alert_transfers'
  | 'from'
  | 'to'
  | 'when'
  | 'assign'
  | 'assign_to'
  | 'assign_me'
  | 'assigned'
  | 'make_case'
  | 'case_title'
  | 'priority'
  | 'p_low'
  | 'p_normal'
  | 'p_high'
  | 'p_urgent'
  | 'create'
  | 'in_case'
  | 'graph'
  | 'graph_help'
  | 'graph_label'
  | 'expand'
  | 'expanding'
  | 'selected'
  | 'edges'
  | 'count'
  | 'first'
  | 'last'
  | 'focal_mark'
  | 'case'
  | 'cases_none'
  | 'created'
  | 'updated'
  | 'alerts_in_case'
  | 'history'
  | 'actor'
  | 'event'
  | 'comment'
  | 'add_comment'
  | 'escalate'
  | 'reason'
  | 'close_case'
  | 'disposition'
  | 'd_false_positive'
  | 'd_no_further_action'
  | 'd_reported'
  | 'd_referred'
  | 'd_duplicate'
  | 'close_comment'
  | 'close'
  | 'closed_as'
  | 'report'
  | 'report_help'
  | 'reopen'
  | 'failed'
  | 'done'
  | 'back_queue'
  | 'wallet_facts'
  | 'kind'
  | 'category'
  | 'operator'
  | 'truncated'
  | 'no_transfers'
  | 'ev_created'
  | 'ev_alerts_added'
  | 'ev_assigned'
  | 'ev_commented'
  | 'ev_attached'
  | 'ev_escalated'
  | 'ev_closed'
  | 'ev_reopened';

export const CASES: Dict<CaseKey> = {
  'zh-CN': {
    title: '案件工作台',
    tab_alerts: '预警队列',
    tab_cases: '案件',
    filters: '筛选',
    f_status: '状态',
    f_kind: '种类',
    f_typology: '类型',
    f_assignee: '处理人',
    f_min_score: '最低分',
    f_wallet: '钱包号',
    f_sort: '排序',
    any: '全部',
    apply: '筛选',
    st_open: '待处理',
    st_in_case: '已立案',
    st_closed: '已关闭',
    st_escalated: '已上报',
    k_suspicious: '可疑交易',
    k_large_value_report: '大额报告',
    sort_last: '最近交易在前',
    sort_first: '最早交易在前',
    sort_raised: '最新预警在前',
    sort_score: '分数高的在前',
    sort_transfers: '笔数多的在前',
    alert: '预警',
    typology: '类型',
    focal: '核心钱包',
    score: '分数',
    amount: '金额',
    transfers: '笔数',
    wallets: '钱包数',
    last_at: '最近交易',
    status: '状态',
    assignee: '处理人',
    unassigned: '未分配',
    no_alerts: '没有符合条件的预警。',
    more: '加载更多',
    refreshed: '每 {s} 秒自动刷新',
    open: '打开',
    alert_title: '预警 {id}',
    why: '触发原因',
    rule: '规则',
    crossed: '超过的阈值',
    observed: '实际值',
    threshold: '阈值',
    alert_transfers: '涉及的交易',
    from: '付款方',
    to: '收款方',
    when: '时间',
    assign: '分配',
    assign_to: '分配给',
    assign_me: '分配给我',
    assigned: '已分配给 {who}',
    make_case: '立案',
    case_title: '案件标题',
    priority: '优先级',
    p_low: '低',
    p_normal: '普通',
    p_high: '高',
    p_urgent: '紧急',
    create: '建立案件',
    in_case: '已在案件 {id} 中',
    graph: '资金流向图',
    graph_help: '点选一个钱包，再按"展开"，可以加入它最近的交易对手。每条线上写着金额、笔数和时间。',
    graph_label: '资金流向图：{nodes} 个钱包，{edges} 条资金往来',
    expand: '展开 {id} 的交易对手',
    expanding: '正在展开…',
    selected: '已选钱包：{id}',
    edges: '资金往来明细',
    count: '笔数',
    first: '首笔',
    last: '末笔',
    focal_mark: '（核心）',
    case: '案件 {id}',
    cases_none: '还没有案件。',
    created: '建立于 {time}',
    updated: '更新于',
    alerts_in_case: '案件中的预警',
    history: '案件记录',
    actor: '操作人',
    event: '事项',
    comment: '备注',
    add_comment: '添加备注',
    escalate: '上报',
    reason: '原因',
    close_case: '结案',
    disposition: '结论',
    d_false_positive: '误报',
    d_no_further_action: '无需进一步处理',
    d_reported: '已报送可疑交易报告',
    d_referred: '已移送',
    d_duplicate: '重复',
    close_comment: '结案说明',
    close: '结案',
    closed_as: '已结案：{disposition}',
    report: '下载可疑交易报告（XML）',
    report_help: '报告按 supervision-reports.xsd 格式生成。',
    reopen: '重新打开',
    failed: '操作没有成功：{detail}',
    done: '已完成。',
    back_queue: '返回预警队列',
    wallet_facts: '涉及的钱包（不显示持有人身份）',
    kind: '种类',
    category: '类别',
    operator: '运营机构',
    ev_created: '建立',
    ev_alerts_added: '加入预警',
    ev_assigned: '分配',
    ev_commented: '备注',
    ev_attached: '附件',
    ev_escalated: '上报',
    ev_closed: '结案',
    ev_reopened: '重新打开',
    no_transfers: '没有记录交易（例如离线支付欺诈，证据在原因里）。',
    truncated: '图已满（最多 {max} 个钱包），另有 {n} 条往来没有画出。',
  },
  en: {
    title: 'Case workbench',
    tab_alerts: 'Alert queue',
    tab_cases: 'Cases',
    filters: 'Filters',
    f_status: 'Status',
    f_kind: 'Kind',
    f_typology: 'Typology',
    f_assignee: 'Assignee',
    f_min_score: 'Minimum score',
    f_wallet: 'Wallet',
    f_sort: 'Sort',
    any: 'Any',
    apply: 'Filter',
    st_open: 'Open',
    st_in_case: 'In a case',
    st_closed: 'Closed',
    st_escalated: 'Escalated',
    k_suspicious: 'Suspicious',
    k_large_value_report: 'Large-value report',
    sort_last: 'Latest transfer first',
    sort_first: 'Earliest transfer first',
    sort_raised: 'Newest alert first',
    sort_score: 'Highest score first',
    sort_transfers: 'Most transfers first',
    alert: 'Alert',
    typology: 'Typology',
    focal: 'Focal wallet',
    score: 'Score',
    amount: 'Amount',
    transfers: 'Transfers',
    wallets: 'Wallets',
    last_at: 'Last transfer',
    status: 'Status',
    assignee: 'Assignee',
    unassigned: 'Unassigned',
    no_alerts: 'No alerts match.',
    more: 'Show more',
    refreshed: 'Refreshes every {s} s',
    open: 'Open',
    alert_title: 'Alert {id}',
    why: 'Why it fired',
    rule: 'Rule',
    crossed: 'Thresholds crossed',
    observed: 'Observed',
    threshold: 'Threshold',
    alert_transfers: 'Transfers involved',
    from: 'From',
    to: 'To',
    when: 'When',
    assign: 'Assign',
    assign_to: 'Assign to',
    assign_me: 'Assign to me',
    assigned: 'Assigned to {who}',
    make_case: 'Open a case',
    case_title: 'Case title',
    priority: 'Priority',
    p_low: 'Low',
    p_normal: 'Normal',
    p_high: 'High',
    p_urgent: 'Urgent',
    create: 'Open the case',
    in_case: 'In case {id}',
    graph: 'Money-flow graph',
    graph_help:
      'Select a wallet, then Expand to add its recent counterparties. Each line shows amount, count and times.',
    graph_label: 'Money-flow graph: {nodes} wallets, {edges} flows',
    expand: "Expand {id}'s counterparties",
    expanding: 'Expanding…',
    selected: 'Selected wallet: {id}',
    edges: 'Flows in detail',
    count: 'Count',
    first: 'First',
    last: 'Last',
    focal_mark: ' (focal)',
    case: 'Case {id}',
    cases_none: 'No cases yet.',
    created: 'Opened {time}',
    updated: 'Updated',
    alerts_in_case: 'Alerts in the case',
    history: 'Case history',
    actor: 'By',
    event: 'Event',
    comment: 'Comment',
    add_comment: 'Add comment',
    escalate: 'Escalate',
    reason: 'Reason',
    close_case: 'Close the case',
    disposition: 'Disposition',
    d_false_positive: 'False positive',
    d_no_further_action: 'No further action',
    d_reported: 'Reported (STR filed)',
    d_referred: 'Referred',
    d_duplicate: 'Duplicate',
    close_comment: 'Closing note',
    close: 'Close',
    closed_as: 'Closed: {disposition}',
    report: 'Download the suspicious-transaction report (XML)',
    report_help: 'The report follows supervision-reports.xsd.',
    reopen: 'Reopen',
    failed: 'That did not work: {detail}',
    done: 'Done.',
    back_queue: 'Back to the alert queue',
    wallet_facts: 'Wallets involved (holders are never shown)',
    kind: 'Kind',
    category: 'Category',
    operator: 'Operator',
    ev_created: 'Opened',
    ev_alerts_added: 'Alerts added',
    ev_assigned: 'Assigned',
    ev_commented: 'Comment',
    ev_attached: 'Attachment',
    ev_escalated: 'Escalated',
    ev_closed: 'Closed',
    ev_reopened: 'Reopened',
    no_transfers:
      'No transfers recorded (for example offline payment fraud: the evidence is in the reasons).',
    truncated: 'The graph is full (at most {max} wallets): {n} more flows are not drawn.',
  },
};

import type { Dict } from './index.ts';

/** The strings of the console's frame: header, navigation, sign-in, settings, shared states. */
export type ShellKey =
  | 'brand'
  | 'skip'
  | 'nav'
  | 'nav_dashboard'
  | 'nav_cases'
  | 'nav_operator'
  | 'nav_wallet'
  | 'nav_settings'
  | 'sign_out'
  | 'language_switch'
  | 'elder_mode'
  | 'elder_on'
  | 'elder_off'
  | 'loading'
  | 'load_failed'
  | 'retry'
  | 'not_found'
  | 'not_allowed'
  | 'signed_in_as'
  | 'role_central_bank'
  | 'role_operator'
  | 'role_merchant'
  | 'role_holder'
  | 'role_supervisor'
  | 'role_auditor'
  | 'role_admin'
  | 'sign_in_title'
  | 'sign_in_intro'
  | 'sign_in_key'
  | 'sign_in_key_help'
  | 'sign_in_submit'
  | 'sign_in_failed'
  | 'sign_in_expired'
  | 'settings_title'
  | 'settings_language'
  | 'settings_elder_help'
  | 'settings_account'
  | 'settings_session_until'
  | 'settings_admin_note';

export const SHELL: Dict<ShellKey> = {
  'zh-CN': {
    brand: '通宝 数字人民币',
    skip: '跳到主要内容',
    nav: '主导航',
    nav_dashboard: '监管看板',
    nav_cases: '案件工作台',
    nav_operator: '运营机构',
    nav_wallet: '我的钱包',
    nav_settings: '设置',
    sign_out: '退出登录',
    language_switch: 'English',
    elder_mode: '长辈模式',
    elder_on: '长辈模式：已开启',
    elder_off: '长辈模式：已关闭',
    loading: '正在加载…',
    load_failed: '加载失败：{detail}',
    retry: '重试',
    not_found: '没有这个页面。',
    not_allowed: '您的身份不能使用这个页面。',
    signed_in_as: '当前身份：{role}',
    role_central_bank: '中央银行',
    role_operator: '运营机构',
    role_merchant: '商户',
    role_holder: '钱包持有人',
    role_supervisor: '监管人员',
    role_auditor: '审计人员',
    role_admin: '管理员',
    sign_in_title: '登录通宝控制台',
    sign_in_intro: '请输入您的 API 密钥或会话令牌。控制台只通过公开的接口读取您有权查看的数据。',
    sign_in_key: 'API 密钥或会话令牌',
    sign_in_key_help: '演示节点的密钥在 data/keys.json 中，每个角色一个。',
    sign_in_submit: '登录',
    sign_in_failed: '无法登录：{detail}',
    sign_in_expired: '登录已过期，请重新登录。',
    settings_title: '设置',
    settings_language: '语言',
    settings_elder_help: '字更大、按钮更大、步骤更少，付款前用大白话再确认一次。',
    settings_account: '账户',
    settings_session_until: '本次登录有效至 {time}',
    settings_admin_note: '管理员通过命令行或 /v1/keys 接口管理密钥。',
  },
  en: {
    brand: 'Tongbao e-CNY',
    skip: 'Skip to main content',
    nav: 'Main navigation',
    nav_dashboard: 'Dashboard',
    nav_cases: 'Case workbench',
    nav_operator: 'Operator',
    nav_wallet: 'My wallet',
    nav_settings: 'Settings',
    sign_out: 'Sign out',
    language_switch: '中文',
    elder_mode: 'Elder mode',
    elder_on: 'Elder mode: on',
    elder_off: 'Elder mode: off',
    loading: 'Loading…',
    load_failed: 'Could not load: {detail}',
    retry: 'Try again',
    not_found: 'There is no such page.',
    not_allowed: 'Your role cannot use this page.',
    signed_in_as: 'Signed in as {role}',
    role_central_bank: 'central bank',
    role_operator: 'operator',
    role_merchant: 'merchant',
    role_holder: 'wallet holder',
    role_supervisor: 'supervisor',
    role_auditor: 'auditor',
    role_admin: 'administrator',
    sign_in_title: 'Sign in to the Tongbao console',
    sign_in_intro:
      'Enter your API key or session token. The console reads only what your role may see, through the public API.',
    sign_in_key: 'API key or session token',
    sign_in_key_help: "A demo node's keys are in data/keys.json, one per role.",
    sign_in_submit: 'Sign in',
    sign_in_failed: 'Could not sign in: {detail}',
    sign_in_expired: 'Your session has ended. Please sign in again.',
    settings_title: 'Settings',
    settings_language: 'Language',
    settings_elder_help:
      'Larger text, larger buttons, fewer steps, and a plain-words check before any payment.',
    settings_account: 'Account',
    settings_session_until: 'This sign-in lasts until {time}',
    settings_admin_note: 'Administrators manage keys with the command line or the /v1/keys API.',
  },
};

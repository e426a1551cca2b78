import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Me } from '../api/types.ts';
import { can } from './session.tsx';

/** A page gets its path parameters; each page is its own chunk, loaded when first opened. */
export type PageProps = { readonly params: Readonly<Record<string, string>> };
type Page = LazyExoticComponent<ComponentType<PageProps>>;

export interface RouteDef {
  readonly pattern: string;
  readonly page: Page;
  readonly allowed: (me: Me) => boolean;
}

const oversight = (me: Me) => can(me, 'reconciliation.read');
const supervision = (me: Me) => can(me, 'supervision.read');
const operatorDesk = (me: Me) => me.role === 'operator' || me.role === 'central_bank';
const walletOwner = (me: Me) => (me.role === 'holder' || me.role === 'merchant') && me.wallets.length > 0;

const Dashboard = lazy(() => import('../pages/dashboard/Dashboard.tsx'));
const Workbench = lazy(() => import('../pages/cases/Workbench.tsx'));
const AlertPage = lazy(() => import('../pages/cases/AlertPage.tsx'));
const CasePage = lazy(() => import('../pages/cases/CasePage.tsx'));
const OperatorConsole = lazy(() => import('../pages/operator/OperatorConsole.tsx'));
const OperatorWallet = lazy(() => import('../pages/operator/OperatorWallet.tsx'));
const WalletHome = lazy(() => import('../pages/wallet/WalletHome.tsx'));
const Pay = lazy(() => import('../pages/wallet/Pay.tsx'));
const Receive = lazy(() => import('../pages/wallet/Receive.tsx'));
const History = lazy(() => import('../pages/wallet/History.tsx'));
const Settings = lazy(() => import('../pages/settings/Settings.tsx'));

/** The console's pages; src/api/routes/console.ts serves index.html at each of these paths. */
export const ROUTES: readonly RouteDef[] = [
  { pattern: '/dashboard', page: Dashboard, allowed: oversight },
  { pattern: '/cases', page: Workbench, allowed: supervision },
  { pattern: '/alerts/:id', page: AlertPage, allowed: supervision },
  { pattern: '/cases/:id', page: CasePage, allowed: supervision },
  { pattern: '/operator', page: OperatorConsole, allowed: operatorDesk },
  { pattern: '/operator/wallets/:id', page: OperatorWallet, allowed: (me) => me.role === 'operator' },
  { pattern: '/wallet', page: WalletHome, allowed: walletOwner },
  { pattern: '/wallet/pay', page: Pay, allowed: walletOwner },
  { pattern: '/wallet/receive', page: Receive, allowed: walletOwner },
  { pattern: '/wallet/history', page: History, allowed: walletOwner },
  { pattern: '/settings', page: Settings, allowed: () => true },
];

/** Where a role starts. */
export function homeOf(me: Me): string {
  if (walletOwner(me)) return '/wallet';
  if (me.role === 'operator') return '/operator';
  if (oversight(me)) return '/dashboard';
  return '/settings';
}

/** The navigation a role sees: only pages it may open. */
export function navOf(
  me: Me,
): { href: string; key: 'nav_dashboard' | 'nav_cases' | 'nav_operator' | 'nav_wallet' | 'nav_settings' }[] {
  const items: ReturnType<typeof navOf> = [];
  if (walletOwner(me)) items.push({ href: '/wallet', key: 'nav_wallet' });
  if (oversight(me)) items.push({ href: '/dashboard', key: 'nav_dashboard' });
  if (supervision(me)) items.push({ href: '/cases', key: 'nav_cases' });
  if (operatorDesk(me)) items.push({ href: '/operator', key: 'nav_operator' });
  items.push({ href: '/settings', key: 'nav_settings' });
  return items;
}

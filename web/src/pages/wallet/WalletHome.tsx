import type { Page, Transfer } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../app/use-api.ts';
import { ElderSwitch, Loadable } from '../../components/common.tsx';
import { money } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { WALLET } from './i18n.ts';
import { Limits, TransferList, WalletFacts, WalletPicker } from './parts.tsx';
import { useWallet, useWalletId, walletHref } from './use-wallet.ts';
import './wallet.css';

/** Recent payments shown on the home screen. */
const HOME_RECENT = 5;

/** The wallet's home: the balance first, then pay / receive / history, limits and recent payments. */
export default function WalletHome() {
  const t = useT(WALLET);
  const me = useMe();
  const id = useWalletId();
  const wallet = useWallet(id);
  const recent = useApi<Page<Transfer>>(`/v1/wallets/${id}/transfers?limit=${HOME_RECENT}`);
  const href = (p: string) => walletHref(p, id, me.wallets);
  return (
    <div className="stack page wallet">
      <div className="spread">
        <h1>{t('title')}</h1>
        <ElderSwitch />
      </div>
      <WalletPicker current={id} path="/wallet" />
      <Loadable {...wallet}>
        {(w) => (
          <section className="card stack balance-card" aria-labelledby="balance-h">
            <h2 id="balance-h">{t('balance')}</h2>
            <p className="key-figure" data-testid="balance">
              {money(w.balance, w.currency)}
            </p>
            {w.available === w.balance ? null : <p>{t('available', { amount: money(w.available) })}</p>}
            <WalletFacts wallet={w} />
          </section>
        )}
      </Loadable>
      <nav className="wallet-actions" aria-label={t('title')}>
        <Link className="button primary big" href={href('/wallet/pay')} data-testid="go-pay">
          <span aria-hidden="true">↑</span> {t('pay')}
        </Link>
        <Link className="button big" href={href('/wallet/receive')} data-testid="go-receive">
          <span aria-hidden="true">↓</span> {t('receive')}
        </Link>
        <Link className="button big" href={href('/wallet/history')}>
          <span aria-hidden="true">≡</span> {t('history')}
        </Link>
      </nav>
      <Loadable {...wallet}>{(w) => <Limits wallet={w} />}</Loadable>
      <section className="card stack" aria-labelledby="recent-h">
        <h2 id="recent-h">{t('recent')}</h2>
        <Loadable {...recent}>{(page) => <TransferList items={page.items} wallet={id} />}</Loadable>
      </section>
    </div>
  );
}

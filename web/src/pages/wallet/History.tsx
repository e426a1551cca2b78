import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Page, Transfer } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../app/use-api.ts';
import { ErrorNote, Loadable } from '../../components/common.tsx';
import { useT } from '../../i18n/index.ts';
import { WALLET } from './i18n.ts';
import { TransferList } from './parts.tsx';
import { useWalletId, walletHref } from './use-wallet.ts';
import './wallet.css';

/** Payments per page of history. */
const HISTORY_PAGE = 25;

/** The wallet's payments, newest first, a page at a time. */
export default function History() {
  const t = useT(WALLET);
  const me = useMe();
  const id = useWalletId();
  const first = useApi<Page<Transfer>>(`/v1/wallets/${id}/transfers?limit=${HISTORY_PAGE}`);
  const [more, setMore] = useState<Transfer[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const next = cursor === undefined ? (first.data?.next_cursor ?? null) : cursor;
  const loadMore = async () => {
    if (next === null) return;
    try {
      const page = await api<Page<Transfer>>(
        `/v1/wallets/${id}/transfers?limit=${HISTORY_PAGE}&cursor=${next}`,
      );
      setMore((m) => [...m, ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="stack page wallet">
      <div className="spread">
        <h1>{t('history_title')}</h1>
        <Link href={walletHref('/wallet', id, me.wallets)} className="button">
          {t('back')}
        </Link>
      </div>
      <section className="card">
        <Loadable {...first}>
          {(page) => <TransferList items={[...page.items, ...more]} wallet={id} />}
        </Loadable>
      </section>
      {error === null ? null : <ErrorNote>{error}</ErrorNote>}
      {next === null ? null : (
        <button type="button" onClick={() => void loadMore()}>
          {t('more')}
        </button>
      )}
    </div>
  );
}

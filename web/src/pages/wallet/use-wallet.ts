import { query } from '../../api/client.ts';
import type { Wallet } from '../../api/types.ts';
import { useLocation } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { type Loaded, useApi } from '../../app/use-api.ts';

/** The wallet the page is about: ?w= if the key holds it, else the key's first wallet. */
export function useWalletId(): string {
  const me = useMe();
  const { search } = useLocation();
  const asked = search.get('w');
  return asked !== null && me.wallets.includes(asked) ? asked : me.wallets[0]!;
}

/** Links inside the wallet keep the chosen wallet. */
export function walletHref(path: string, id: string, wallets: readonly string[]): string {
  return wallets.length > 1 ? `${path}${query({ w: id })}` : path;
}

export function useWallet(id: string): Loaded<Wallet> {
  return useApi<Wallet>(`/v1/wallets/${id}`);
}

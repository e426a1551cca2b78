import type { Operator } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../app/use-api.ts';
import { Loadable } from '../../components/common.tsx';
import { useT } from '../../i18n/index.ts';
import { OperatorBooks } from './Books.tsx';
import { OPERATOR } from './i18n.ts';
import { Treasury } from './Treasury.tsx';
import { WalletSearch } from './WalletSearch.tsx';

/**
 * The operator console. An operator key sees its books and its wallets (find, open, upgrade, freeze);
 * the central bank sees every operator's books and issues or redeems.
 */
export default function OperatorConsole() {
  const t = useT(OPERATOR);
  const me = useMe();
  const operators = useApi<{ items: Operator[] }>('/v1/operators');
  return (
    <div className="stack page">
      <h1>{t('title')}</h1>
      <Loadable {...operators}>
        {(list) => (
          <>
            {me.role === 'central_bank' ? (
              <Treasury operators={list.items} onDone={operators.reload} />
            ) : (
              <p className="notice">{t('treasury_operator_note')}</p>
            )}
            <p className="muted">{t('books_help')}</p>
            <div className="grid">
              {list.items.map((o) => (
                <OperatorBooks key={o.id} operator={o} />
              ))}
            </div>
          </>
        )}
      </Loadable>
      {me.role === 'operator' && me.operator_id !== null ? (
        <WalletSearch operatorId={me.operator_id} />
      ) : null}
    </div>
  );
}

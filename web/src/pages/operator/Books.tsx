import type { Operator } from '../../api/types.ts';
import { Status } from '../../components/common.tsx';
import { money } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { OPERATOR } from './i18n.ts';

/** One operator's reconciliation per currency: issued - redeemed = vault + wallets. */
export function OperatorBooks({ operator }: { operator: Operator }) {
  const t = useT(OPERATOR);
  return (
    <section
      className="card stack"
      aria-labelledby={`books-${operator.id}`}
      data-testid={`operator-books-${operator.id}`}
    >
      <h2 id={`books-${operator.id}`}>{`${operator.name} (${operator.id})`}</h2>
      {operator.currencies.map((c) => (
        <dl className="facts" key={c.currency}>
          <dt>{t('issued')}</dt>
          <dd>{money(c.issued, c.currency)}</dd>
          <dt>{t('redeemed')}</dt>
          <dd>{money(c.redeemed, c.currency)}</dd>
          <dt>{t('outstanding')}</dt>
          <dd>{money(c.outstanding, c.currency)}</dd>
          <dt>{t('vault')}</dt>
          <dd>{money(c.vault, c.currency)}</dd>
          <dt>{t('wallets_total')}</dt>
          <dd>{money(c.wallets, c.currency)}</dd>
          <dt>{t('reserve')}</dt>
          <dd>{money(c.reserve, c.currency)}</dd>
          <dt>{t('quota')}</dt>
          <dd>{money(operator.issuance_quota)}</dd>
          <dt>{t('books_status')}</dt>
          <dd>
            <Status ok={c.balanced}>{c.balanced ? t('balanced') : t('not_balanced')}</Status>
          </dd>
        </dl>
      ))}
    </section>
  );
}

import { type FormEvent, useState } from 'react';
import { ApiError, api, clientId } from '../../api/client.ts';
import type { Operator } from '../../api/types.ts';
import { ErrorNote, SuccessNote } from '../../components/common.tsx';
import { money, parseAmountInput } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { OPERATOR } from './i18n.ts';

/** The central bank issues e-CNY to an operator or redeems it (POST /v1/issuances, /v1/redemptions). */
export function Treasury({ operators, onDone }: { operators: readonly Operator[]; onDone: () => void }) {
  const t = useT(OPERATOR);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const operator = String(data.get('operator') ?? '');
    const direction = String(data.get('direction')) === 'redeem' ? 'redeem' : 'issue';
    const amount = parseAmountInput(String(data.get('amount') ?? ''));
    if (amount === null) {
      setNote({ ok: false, text: t('amount_invalid') });
      return;
    }
    try {
      await api(direction === 'issue' ? '/v1/issuances' : '/v1/redemptions', {
        method: 'POST',
        body: { id: clientId(direction), operator_id: operator, amount },
      });
      setNote({
        ok: true,
        text: t(direction === 'issue' ? 'done_issue' : 'done_redeem', { operator, amount: money(amount) }),
      });
      form.reset();
      onDone();
    } catch (err) {
      setNote({
        ok: false,
        text: t('failed', { detail: err instanceof ApiError ? err.detail : String(err) }),
      });
    }
  };
  return (
    <section className="card stack" aria-labelledby="treasury-h">
      <h2 id="treasury-h">{t('treasury')}</h2>
      <p className="muted">{t('treasury_help')}</p>
      <form className="filters" onSubmit={(e) => void submit(e)} data-testid="treasury">
        <label className="field">
          {t('operator')}
          <select name="operator">
            {operators.map((o) => (
              <option key={o.id} value={o.id}>
                {`${o.name} (${o.id})`}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('direction')}
          <select name="direction" defaultValue="issue">
            <option value="issue">{t('issue')}</option>
            <option value="redeem">{t('redeem')}</option>
          </select>
        </label>
        <label className="field">
          {t('amount')}
          <input name="amount" inputMode="decimal" required />
        </label>
        <button type="submit" className="primary">
          {t('submit')}
        </button>
      </form>
      {note === null ? null : note.ok ? (
        <SuccessNote>{note.text}</SuccessNote>
      ) : (
        <ErrorNote>{note.text}</ErrorNote>
      )}
    </section>
  );
}

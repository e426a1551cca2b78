import { type FormEvent, useId, useState } from 'react';
import { ApiError, api, clientId } from '../../api/client.ts';
import type { Page, QrParsed, Transfer } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../app/use-api.ts';
import { ErrorNote, SuccessNote } from '../../components/common.tsx';
import { money, parseAmountInput, subtractAmounts, walletId } from '../../format/index.ts';
import { type Translate, useT } from '../../i18n/index.ts';
import { WALLET, type WalletKey } from './i18n.ts';
import { refusalText } from './refusal.ts';
import { useWallet, useWalletId, walletHref } from './use-wallet.ts';
import './wallet.css';

/** Outgoing payments looked at for the "paid recently" shortcuts, and how many shortcuts. */
const RECENT_LOOKED_AT = 20;
const RECENT_PAYEES_MAX = 4;

type Payee =
  | { readonly kind: 'wallet'; readonly id: string }
  | {
      readonly kind: 'qr';
      readonly id: string;
      readonly payload: string;
      readonly name: string;
      readonly amount: string | null;
    };

type Step =
  | { readonly at: 'form'; readonly error: string | null }
  | { readonly at: 'checking' }
  | { readonly at: 'confirm'; readonly payee: Payee; readonly amount: string; readonly id: string }
  | { readonly at: 'paying'; readonly payee: Payee; readonly amount: string; readonly id: string }
  | { readonly at: 'done'; readonly payee: Payee; readonly amount: string; readonly balance: string }
  | { readonly at: 'refused'; readonly message: string };

function payeeName(p: Payee, t: Translate<WalletKey>): string {
  return p.kind === 'qr' ? t('merchant', { name: p.name }) : t('wallet', { id: walletId(p.id) });
}

/** Pay a wallet or a merchant's code: two steps, the second a confirmation in plain words. */
export default function Pay() {
  const t = useT(WALLET);
  const { lang } = usePrefs();
  const me = useMe();
  const from = useWalletId();
  const wallet = useWallet(from);
  const recent = useApi<Page<Transfer>>(`/v1/wallets/${from}/transfers?limit=${RECENT_LOOKED_AT}`);
  const [payeeText, setPayeeText] = useState('');
  const [amountText, setAmountText] = useState('');
  const [step, setStep] = useState<Step>({ at: 'form', error: null });
  const ids = { payee: useId(), amount: useId() };
  const available = wallet.data?.available ?? null;

  const payees = [
    ...new Set(
      (recent.data?.items ?? []).filter((x) => x.from === from && x.kind === 'transfer').map((x) => x.to),
    ),
  ].slice(0, RECENT_PAYEES_MAX);

  const next = async (e: FormEvent) => {
    e.preventDefault();
    const text = payeeText.replace(/\s/g, '');
    let payee: Payee;
    if (/^\d{16}$/.test(text)) payee = { kind: 'wallet', id: text };
    else if (text.length >= 10) {
      setStep({ at: 'checking' });
      try {
        const qr = await api<QrParsed>('/v1/qr/parse', {
          method: 'POST',
          body: { payload: payeeText.trim() },
        });
        const registered = qr.registered;
        const local = lang === 'zh-CN' ? (registered?.name_zh ?? qr.merchant_name_local) : null;
        const name = local ?? registered?.name ?? qr.merchant_name;
        payee = { kind: 'qr', id: qr.wallet_id, payload: payeeText.trim(), name, amount: qr.amount };
      } catch (error) {
        setStep({
          at: 'form',
          error: error instanceof ApiError ? refusalText(error, t, available) : t('r_busy'),
        });
        return;
      }
    } else {
      setStep({ at: 'form', error: t('payee_invalid') });
      return;
    }
    const amount = payee.kind === 'qr' && payee.amount !== null ? payee.amount : parseAmountInput(amountText);
    if (amount === null) {
      setStep({ at: 'form', error: t('amount_invalid') });
      return;
    }
    setStep({ at: 'confirm', payee, amount, id: clientId('pay') });
  };

  const pay = async (payee: Payee, amount: string, id: string) => {
    setStep({ at: 'paying', payee, amount, id });
    try {
      if (payee.kind === 'qr')
        await api<Transfer>('/v1/qr/pay', {
          method: 'POST',
          body: { id, from, payload: payee.payload, ...(payee.amount === null ? { amount } : {}) },
        });
      else await api<Transfer>('/v1/transfers', { method: 'POST', body: { id, from, to: payee.id, amount } });
      const after = await api<{ balance: string }>(`/v1/wallets/${from}`);
      wallet.reload();
      setStep({ at: 'done', payee, amount, balance: after.balance });
    } catch (error) {
      setStep({ at: 'refused', message: refusalText(error, t, available) });
    }
  };

  const back = (
    <Link href={walletHref('/wallet', from, me.wallets)} className="button">
      {t('back')}
    </Link>
  );

  if (step.at === 'confirm' || step.at === 'paying') {
    const after = available === null ? null : subtractAmounts(available, step.amount);
    return (
      <div className="stack page wallet">
        <h1>{t('confirm_title')}</h1>
        <section className="card stack confirm" aria-live="polite" data-testid="confirm">
          <p className="confirm-amount">{money(step.amount)}</p>
          <p>
            {t('confirm_text', {
              from: walletId(from),
              payee: payeeName(step.payee, t),
              amount: money(step.amount),
            })}
          </p>
          {after === null || after.startsWith('-') ? null : (
            <p>{t('confirm_after', { amount: money(after) })}</p>
          )}
          <div className="row">
            <button
              type="button"
              className="primary big"
              disabled={step.at === 'paying'}
              onClick={() => void pay(step.payee, step.amount, step.id)}
              data-testid="confirm-pay"
            >
              {step.at === 'paying' ? t('paying') : t('confirm_pay', { amount: money(step.amount) })}
            </button>
            <button
              type="button"
              disabled={step.at === 'paying'}
              onClick={() => setStep({ at: 'form', error: null })}
            >
              {t('change')}
            </button>
          </div>
        </section>
      </div>
    );
  }

  if (step.at === 'done' || step.at === 'refused')
    return (
      <div className="stack page wallet">
        <h1>{t('pay_title')}</h1>
        {step.at === 'done' ? (
          <SuccessNote testId="pay-result">
            <p>{t('paid', { payee: payeeName(step.payee, t), amount: money(step.amount) })}</p>
            <p className="key-figure">{t('paid_balance', { amount: money(step.balance) })}</p>
          </SuccessNote>
        ) : (
          <ErrorNote testId="pay-refused">{step.message}</ErrorNote>
        )}
        <div className="row">
          <button type="button" className="primary" onClick={() => setStep({ at: 'form', error: null })}>
            {step.at === 'done' ? t('pay_again') : t('change')}
          </button>
          {back}
        </div>
      </div>
    );

  return (
    <div className="stack page wallet">
      <h1>{t('pay_title')}</h1>
      <form className="card stack" onSubmit={next} noValidate>
        <div className="field">
          <label htmlFor={ids.payee}>{t('payee')}</label>
          <textarea
            id={ids.payee}
            rows={2}
            value={payeeText}
            onChange={(e) => setPayeeText(e.target.value)}
            aria-describedby={`${ids.payee}-help`}
            spellCheck={false}
            data-testid="payee"
          />
          <p id={`${ids.payee}-help`} className="muted small">
            {t('payee_help')}
          </p>
        </div>
        {payees.length === 0 ? null : (
          <div className="stack">
            <p className="muted">{t('recent_payees')}</p>
            <div className="payees">
              {payees.map((p) => (
                <button key={p} type="button" className="mono" onClick={() => setPayeeText(p)}>
                  {walletId(p)}
                </button>
              ))}
            </div>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.amount}>{t('amount')}</label>
          <input
            id={ids.amount}
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            aria-describedby={`${ids.amount}-help`}
            data-testid="amount"
          />
          <p id={`${ids.amount}-help`} className="muted small">
            {t('amount_help')}
          </p>
        </div>
        {step.at === 'form' && step.error !== null ? (
          <ErrorNote testId="pay-form-error">{step.error}</ErrorNote>
        ) : null}
        <div className="row">
          <button
            type="submit"
            className="primary big"
            disabled={step.at === 'checking'}
            data-testid="pay-next"
          >
            {step.at === 'checking' ? t('checking') : t('next')}
          </button>
          {back}
        </div>
      </form>
    </div>
  );
}

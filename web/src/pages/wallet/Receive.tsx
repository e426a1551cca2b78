import { toDataURL } from 'qrcode';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { api } from '../../api/client.ts';
import type { QrView } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { ErrorNote } from '../../components/common.tsx';
import { money, parseAmountInput, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { WALLET } from './i18n.ts';
import { refusalText } from './refusal.ts';
import { useWalletId, walletHref } from './use-wallet.ts';
import './wallet.css';

/** The QR image's size in pixels before scaling, and its quiet zone in modules. */
const QR_WIDTH_PX = 360;
const QR_MARGIN = 2;

interface Code {
  readonly view: QrView;
  readonly amount: string | null;
  readonly image: string;
}

/** A reference for a code asking for an amount (the node needs one; EMV tag 62-05, at most 25 characters). */
const reference = () => `R${Date.now().toString(36).toUpperCase()}`;

/** Receive: the wallet's code (EMV, from the node) as a QR image, the wallet id, an optional amount. */
export default function Receive() {
  const t = useT(WALLET);
  const me = useMe();
  const id = useWalletId();
  const amountId = useId();
  const [amountText, setAmountText] = useState('');
  const [code, setCode] = useState<Code | null>(null);
  const [error, setError] = useState<string | null>(null);

  const make = useCallback(
    async (amount: string | null) => {
      setError(null);
      try {
        const view = await api<QrView>(`/v1/wallets/${id}/qr`, {
          method: 'POST',
          body: amount === null ? {} : { amount, reference: reference() },
        });
        const image = await toDataURL(view.payload, {
          errorCorrectionLevel: 'M',
          margin: QR_MARGIN,
          width: QR_WIDTH_PX,
        });
        setCode({ view, amount, image });
      } catch (e) {
        setError(refusalText(e, t, null));
      }
    },
    [id, t],
  );

  useEffect(() => {
    void make(null);
  }, [make]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = amountText.trim() === '' ? null : parseAmountInput(amountText);
    if (amountText.trim() !== '' && amount === null) {
      setError(t('amount_invalid'));
      return;
    }
    void make(amount);
  };

  return (
    <div className="stack page wallet">
      <h1>{t('receive_title')}</h1>
      <p>{t('receive_help')}</p>
      {code === null ? null : (
        <section className="card qr-box" aria-live="polite" data-testid="receive-code">
          <img src={code.image} alt={t('qr_alt', { id: walletId(code.view.wallet_id) })} />
          {code.amount === null ? (
            <p>{t('receive_any')}</p>
          ) : (
            <p className="key-figure">{t('receive_for', { amount: money(code.amount) })}</p>
          )}
          <p>
            {t('wallet_id')}{' '}
            <span className="mono" data-testid="receive-wallet">
              {walletId(code.view.wallet_id)}
            </span>
          </p>
          <details>
            <summary>{t('receive_code_text')}</summary>
            <p className="mono small" data-testid="receive-payload">
              {code.view.payload}
            </p>
          </details>
        </section>
      )}
      <form className="card stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={amountId}>{t('receive_amount')}</label>
          <input
            id={amountId}
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            data-testid="receive-amount"
          />
        </div>
        {error === null ? null : <ErrorNote>{error}</ErrorNote>}
        <div className="row">
          <button type="submit" className="primary">
            {t('receive_make')}
          </button>
          <Link href={walletHref('/wallet', id, me.wallets)} className="button">
            {t('back')}
          </Link>
        </div>
      </form>
    </div>
  );
}

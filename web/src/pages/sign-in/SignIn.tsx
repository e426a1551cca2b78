import { type FormEvent, useId, useState } from 'react';
import { usePrefs } from '../../app/prefs.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorNote } from '../../components/common.tsx';
import { useT } from '../../i18n/index.ts';
import { SHELL } from '../../i18n/shell.ts';

/** Sign in with an API key (a session is opened with it) or a session token. */
export default function SignIn({ expired }: { expired: boolean }) {
  const t = useT(SHELL);
  const { lang, setLang } = usePrefs();
  const { signIn } = useSession();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(key);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <span className="brand-mark" aria-hidden="true">
            通
          </span>
          <button
            type="button"
            className="ghost"
            lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
            onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
            data-testid="language-switch"
          >
            {t('language_switch')}
          </button>
        </div>
        <h1>{t('sign_in_title')}</h1>
        <p>{t('sign_in_intro')}</p>
        {expired ? <p className="notice">{t('sign_in_expired')}</p> : null}
        <form onSubmit={submit} className="stack">
          <label htmlFor={id}>{t('sign_in_key')}</label>
          <input
            id={id}
            name="credential"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-describedby={`${id}-help`}
          />
          <p id={`${id}-help`} className="muted small">
            {t('sign_in_key_help')}
          </p>
          <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
            {t('sign_in_submit')}
          </button>
        </form>
        {error === null ? null : (
          <ErrorNote testId="sign-in-error">{t('sign_in_failed', { detail: error })}</ErrorNote>
        )}
      </div>
    </main>
  );
}

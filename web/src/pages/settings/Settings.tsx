import { usePrefs } from '../../app/prefs.tsx';
import { useMe } from '../../app/session.tsx';
import { ElderSwitch } from '../../components/common.tsx';
import { time } from '../../format/index.ts';
import { LANGS, useT } from '../../i18n/index.ts';
import { SHELL } from '../../i18n/shell.ts';

const LANG_NAMES = { 'zh-CN': '简体中文', en: 'English' } as const;

/** Language, elder mode and who is signed in. */
export default function Settings() {
  const t = useT(SHELL);
  const me = useMe();
  const { lang, setLang } = usePrefs();
  return (
    <div className="stack page">
      <h1>{t('settings_title')}</h1>
      <section className="card stack" aria-labelledby="set-elder">
        <h2 id="set-elder">{t('elder_mode')}</h2>
        <p>{t('settings_elder_help')}</p>
        <ElderSwitch />
      </section>
      <section className="card stack" aria-labelledby="set-lang">
        <h2 id="set-lang">{t('settings_language')}</h2>
        <div className="row">
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              className={l === lang ? 'primary' : ''}
              aria-pressed={l === lang}
              onClick={() => setLang(l)}
            >
              {LANG_NAMES[l]}
            </button>
          ))}
        </div>
      </section>
      <section className="card stack" aria-labelledby="set-account">
        <h2 id="set-account">{t('settings_account')}</h2>
        <p>{t('signed_in_as', { role: t(`role_${me.role}` as const) })}</p>
        {me.expires_at === null ? null : (
          <p>{t('settings_session_until', { time: time(me.expires_at, lang) })}</p>
        )}
        {me.role === 'admin' ? <p className="muted">{t('settings_admin_note')}</p> : null}
      </section>
    </div>
  );
}

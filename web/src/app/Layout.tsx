import type { ReactNode } from 'react';
import { useT } from '../i18n/index.ts';
import { SHELL } from '../i18n/shell.ts';
import { usePrefs } from './prefs.tsx';
import { Link, useLocation } from './router.tsx';
import { navOf } from './routes.ts';
import { useMe, useSession } from './session.tsx';

/** The frame of every signed-in page: brand, navigation, language, who is signed in, sign out. */
export function Layout({ children }: { children: ReactNode }) {
  const t = useT(SHELL);
  const me = useMe();
  const { signOut } = useSession();
  const { lang, setLang } = usePrefs();
  const { path } = useLocation();
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <div className="top-row">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              通
            </span>
            {t('brand')}
          </Link>
          <div className="top-actions">
            <span className="muted who">{t('signed_in_as', { role: t(`role_${me.role}` as const) })}</span>
            <button
              type="button"
              className="ghost"
              lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
              onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
              data-testid="language-switch"
            >
              {t('language_switch')}
            </button>
            <button type="button" className="ghost" onClick={() => void signOut()}>
              {t('sign_out')}
            </button>
          </div>
        </div>
        <nav aria-label={t('nav')}>
          <ul className="nav">
            {navOf(me).map((item) => {
              const current = path === item.href || path.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {t(item.key)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

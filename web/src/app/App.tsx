import { Suspense, useEffect } from 'react';
import { useT } from '../i18n/index.ts';
import { SHELL } from '../i18n/shell.ts';
import SignIn from '../pages/sign-in/SignIn.tsx';
import { Layout } from './Layout.tsx';
import { PrefsProvider } from './prefs.tsx';
import { match, navigate, useLocation } from './router.tsx';
import { homeOf, ROUTES } from './routes.ts';
import { SessionProvider, useSession } from './session.tsx';

function Pages() {
  const t = useT(SHELL);
  const { state } = useSession();
  const { path } = useLocation();
  const signedIn = state.status === 'signed-in';
  const me = signedIn ? state.me : null;
  const redirect = me !== null && (path === '/' || path === '/sign-in') ? homeOf(me) : null;
  useEffect(() => {
    if (redirect !== null) navigate(redirect, true);
  }, [redirect]);
  if (state.status === 'loading')
    return (
      <p className="muted page-pad" role="status">
        {t('loading')}
      </p>
    );
  if (me === null) return <SignIn expired={state.status === 'signed-out' && state.expired} />;
  for (const route of ROUTES) {
    const params = match(route.pattern, path);
    if (params === null) continue;
    const Page = route.page;
    return (
      <Layout>
        {route.allowed(me) ? (
          <Suspense
            fallback={
              <p className="muted" role="status">
                {t('loading')}
              </p>
            }
          >
            <Page params={params} />
          </Suspense>
        ) : (
          <p className="notice">{t('not_allowed')}</p>
        )}
      </Layout>
    );
  }
  return <Layout>{redirect === null ? <p className="notice">{t('not_found')}</p> : null}</Layout>;
}

export function App() {
  return (
    <PrefsProvider>
      <SessionProvider>
        <Pages />
      </SessionProvider>
    </PrefsProvider>
  );
}

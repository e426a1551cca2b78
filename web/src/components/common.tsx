import type { ReactNode } from 'react';
import { usePrefs } from '../app/prefs.tsx';
import { useT } from '../i18n/index.ts';
import { SHELL } from '../i18n/shell.ts';

/** Loading, failed or ready: every data view says which, in words. */
export function Loadable<T>({
  data,
  error,
  reload,
  children,
}: {
  data: T | undefined;
  error: Error | null;
  reload: () => void;
  children: (data: T) => ReactNode;
}) {
  const t = useT(SHELL);
  if (error !== null && data === undefined)
    return (
      <div className="notice notice-error" role="alert">
        <p>
          <span aria-hidden="true">⚠ </span>
          {t('load_failed', { detail: error.message })}
        </p>
        <button type="button" onClick={reload}>
          {t('retry')}
        </button>
      </div>
    );
  if (data === undefined)
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  return <>{children(data)}</>;
}

/** The elder-mode switch: a real switch with its state in words, remembered on this device. */
export function ElderSwitch() {
  const t = useT(SHELL);
  const { elder, setElder } = usePrefs();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={elder}
      className={`switch ${elder ? 'switch-on' : ''}`}
      onClick={() => setElder(!elder)}
      data-testid="elder-switch"
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span>{elder ? t('elder_on') : t('elder_off')}</span>
    </button>
  );
}

/** A status shown with a symbol and words, never by colour alone. */
export function Status({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <span className={ok ? 'status status-ok' : 'status status-bad'}>
      <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
      {children}
    </span>
  );
}

/** A refusal or failure, as a sentence. */
export function ErrorNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <span aria-hidden="true">⚠ </span>
      {children}
    </div>
  );
}

export function SuccessNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="notice notice-ok" role="status" data-testid={testId}>
      <span aria-hidden="true">✓ </span>
      {children}
    </div>
  );
}

/**
 * A wide table's box: it scrolls sideways on a narrow screen, and can be reached and scrolled with the
 * keyboard (a named region in the tab order).
 */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

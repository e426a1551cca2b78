import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { LANGS, type Lang } from '../i18n/index.ts';

/** What the console remembers on this device: the language and elder mode (长辈模式). */
export interface Prefs {
  readonly lang: Lang;
  readonly elder: boolean;
  setLang(lang: Lang): void;
  setElder(on: boolean): void;
}

const LANG_KEY = 'tongbao.lang';
const ELDER_KEY = 'tongbao.elder';

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage can be disabled (private windows): the choice then lasts for this page only.
  }
}

function initialLang(): Lang {
  const saved = stored(LANG_KEY);
  if (saved !== null && (LANGS as readonly string[]).includes(saved)) return saved as Lang;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const PrefsContext = createContext<Prefs | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [elder, setElderState] = useState<boolean>(() => stored(ELDER_KEY) === 'on');
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = lang === 'zh-CN' ? '通宝 · 数字人民币控制台' : 'Tongbao console';
  }, [lang]);
  useEffect(() => {
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);
  const setLang = useCallback((next: Lang) => {
    store(LANG_KEY, next);
    setLangState(next);
  }, []);
  const setElder = useCallback((on: boolean) => {
    store(ELDER_KEY, on ? 'on' : 'off');
    setElderState(on);
  }, []);
  const value = useMemo(() => ({ lang, elder, setLang, setElder }), [lang, elder, setLang, setElder]);
  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): Prefs {
  const prefs = useContext(PrefsContext);
  if (prefs === null) throw new Error('usePrefs outside PrefsProvider');
  return prefs;
}

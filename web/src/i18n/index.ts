import { useMemo } from 'react';
import { usePrefs } from '../app/prefs.tsx';

/** The console's languages: Simplified Chinese first, English. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A page's strings in every language: the same keys in each (checked by the compiler). */
export type Dict<K extends string> = Readonly<Record<Lang, Readonly<Record<K, string>>>>;
export type Vars = Readonly<Record<string, string | number>>;
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** Puts each variable into the {name} slots of a message. */
export function fill(text: string, vars: Vars | undefined): string {
  if (vars === undefined) return text;
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translate<K extends string>(dict: Dict<K>, lang: Lang): Translate<K> {
  const table = dict[lang];
  return (key, vars) => fill(table[key], vars);
}

/** The strings of a dictionary in the language the user chose (the same function until it changes). */
export function useT<K extends string>(dict: Dict<K>): Translate<K> {
  const { lang } = usePrefs();
  return useMemo(() => translate(dict, lang), [dict, lang]);
}

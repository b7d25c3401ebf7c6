// A small typed i18n: plain dictionaries, a context for the current language, and translate()
// filling {placeholders}. Numbers are formatted for the language.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type Dictionary, type MessageKey } from './en';
import { ko } from './ko';

export type Language = 'en' | 'ko';
export const dictionaries: Record<Language, Dictionary> = { en, ko };
export const languageNames: Record<Language, string> = { en: 'English', ko: '한국어' };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  const numbers = new Intl.NumberFormat(language);
  return (key, values) => {
    const template = dictionary[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

interface I18n {
  language: Language;
  t: Translate;
}

const I18nContext = createContext<I18n>({ language: 'en', t: translator('en') });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export type { MessageKey };

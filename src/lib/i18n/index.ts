/**
 * i18n: svelte-i18n (ICU MessageFormat) with catalogues split by namespace:
 * `locales/<namespace>/<lang>.json`, flat keys prefixed with the namespace (`app.*`, `auth.*`, …).
 * Spanish is the base language; missing keys fall back to Spanish.
 * Quechua keys still waiting for a native speaker's review are listed in `qu-review.json`.
 */
import { addMessages, init, locale } from 'svelte-i18n';
import { get } from 'svelte/store';

export const LANGS = ['es', 'qu', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const BASE_LANG: Lang = 'es';
const STORAGE_KEY = 'yaku.lang';

type Catalogue = Record<string, string>;
const modules = import.meta.glob<{ default: Catalogue }>('./locales/*/*.json', { eager: true });

/** All catalogues merged per language (exported for the catalogue-completeness test). */
export const catalogues: Record<Lang, Catalogue> = { es: {}, qu: {}, en: {} };
for (const [path, mod] of Object.entries(modules)) {
	const m = /\/locales\/[^/]+\/([a-z]{2})\.json$/.exec(path);
	const lang = m?.[1] as Lang | undefined;
	if (lang && LANGS.includes(lang)) Object.assign(catalogues[lang], mod.default);
}
for (const lang of LANGS) addMessages(lang, catalogues[lang]);

export function isLang(v: unknown): v is Lang {
	return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

function storedLang(): Lang | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		const v = localStorage.getItem(STORAGE_KEY);
		return isLang(v) ? v : null;
	} catch {
		return null;
	}
}

let initialised = false;
/** Synchronous init: messages are bundled, so no loading state. Server renders Spanish. */
export function setupI18n(initial?: Lang | null): void {
	const lang = initial ?? storedLang() ?? BASE_LANG;
	if (!initialised) {
		init({ fallbackLocale: BASE_LANG, initialLocale: lang });
		initialised = true;
	} else {
		locale.set(lang);
	}
	if (typeof document !== 'undefined') document.documentElement.lang = lang === 'qu' ? 'qu' : lang;
}

export function setLang(lang: Lang): void {
	locale.set(lang);
	if (typeof document !== 'undefined') document.documentElement.lang = lang;
	try {
		localStorage.setItem(STORAGE_KEY, lang);
	} catch {
		/* private mode: the choice just isn't remembered */
	}
}

export function currentLang(): Lang {
	const l = get(locale);
	return isLang(l) ? l : BASE_LANG;
}

setupI18n(BASE_LANG);

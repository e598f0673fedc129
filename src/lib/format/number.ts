/**
 * Number formatting used everywhere in the UI (areas, lengths, volumes, money).
 *
 * Spanish and Quechua UIs use Intl 'es-PE': comma for thousands, point for decimals, grouping from
 * 4 digits ("1,234.50"), as is usual in Peru. Node 20 (ICU 78) and Chromium give exactly that; note that
 * plain 'es' would give "1234,50" / "1.234.567,89", which is wrong for Peru. English uses 'en'
 * (same separators). Non-finite numbers render as '—'; negative zero and values that round to zero
 * never show a minus sign. Functions never throw.
 */

export type NumberLocale = 'es' | 'qu' | 'en';

/** What we show for NaN, ±Infinity or a non-number. */
export const NO_VALUE = '—';
/** No-break space between a number and its unit, so "12.5 ha" never wraps. */
export const UNIT_SPACE = '\u00a0';

/** BCP 47 tag Intl is called with for a UI language: 'en' → 'en', everything else → 'es-PE'. */
export function intlLocale(locale: string | undefined): 'es-PE' | 'en' {
	return locale === 'en' || locale?.startsWith('en-') ? 'en' : 'es-PE';
}

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, decimals: number): Intl.NumberFormat {
	const tag = intlLocale(locale);
	const key = `${tag}|${decimals}`;
	let f = cache.get(key);
	if (!f) {
		f = new Intl.NumberFormat(tag, {
			minimumFractionDigits: decimals,
			maximumFractionDigits: decimals,
			signDisplay: 'negative',
			useGrouping: true
		});
		cache.set(key, f);
	}
	return f;
}

function cleanDecimals(decimals: number | undefined, fallback: number): number {
	if (decimals === undefined || !Number.isFinite(decimals)) return fallback;
	return Math.min(Math.max(Math.trunc(decimals), 0), 20);
}

/** `formatNumber(1234.5, 2, 'es')` → "1,234.50". Exactly `decimals` fraction digits (0–20). */
export function formatNumber(n: number, decimals = 0, locale: string = 'es'): string {
	if (typeof n !== 'number' || !Number.isFinite(n)) return NO_VALUE;
	return formatter(locale, cleanDecimals(decimals, 0)).format(n);
}

export interface UnitOptions {
	decimals?: number;
}

function withUnit(n: number, unit: string, locale: string, decimals: number): string {
	const s = formatNumber(n, decimals, locale);
	return s === NO_VALUE ? NO_VALUE : `${s}${UNIT_SPACE}${unit}`;
}

/** Hectares: "12.35 ha" (2 decimals by default). */
export function formatHa(ha: number, locale: string = 'es', opts: UnitOptions = {}): string {
	return withUnit(ha, 'ha', locale, cleanDecimals(opts.decimals, 2));
}

/** Metres: "1,234.5 m" (1 decimal by default). */
export function formatM(m: number, locale: string = 'es', opts: UnitOptions = {}): string {
	return withUnit(m, 'm', locale, cleanDecimals(opts.decimals, 1));
}

/** Cubic metres: "21,000.0 m³" (1 decimal by default). */
export function formatM3(m3: number, locale: string = 'es', opts: UnitOptions = {}): string {
	return withUnit(m3, 'm³', locale, cleanDecimals(opts.decimals, 1));
}

/**
 * Peruvian soles: "S/ 12,345.00", negative "-S/ 12,345.00" (as ICU's es-PE currency format), always
 * 2 decimals and the "S/" symbol in every UI language (ICU's 'en' would print "PEN 12,345.00").
 */
export function formatSoles(soles: number, locale: string = 'es'): string {
	const s = formatNumber(Math.abs(soles), 2, locale);
	if (s === NO_VALUE) return NO_VALUE;
	const negative = soles < 0 && s !== formatNumber(0, 2, locale);
	return `${negative ? '-' : ''}S/${UNIT_SPACE}${s}`;
}

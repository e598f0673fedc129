import { describe, expect, it } from 'vitest';
import {
	NO_VALUE,
	formatHa,
	formatM,
	formatM3,
	formatNumber,
	formatSoles,
	intlLocale
} from '$lib/format/number';

const NB = '\u00a0';

describe('ICU es-PE', () => {
	it('this runtime formats es-PE with comma thousands and point decimals', () => {
		// documents what Node's ICU gives; if this fails the runtime lacks full ICU data
		expect(new Intl.NumberFormat('es-PE', { maximumFractionDigits: 2 }).format(1234567.891)).toBe(
			'1,234,567.89'
		);
		expect(new Intl.NumberFormat('es-PE').resolvedOptions().locale).toBe('es-PE');
	});
});

describe('formatNumber', () => {
	it('Spanish and Quechua use es-PE, English en', () => {
		expect(intlLocale('es')).toBe('es-PE');
		expect(intlLocale('qu')).toBe('es-PE');
		expect(intlLocale('en')).toBe('en');
		expect(intlLocale('en-GB')).toBe('en');
		expect(intlLocale(undefined)).toBe('es-PE');
		expect(formatNumber(1234.5, 2, 'es')).toBe('1,234.50');
		expect(formatNumber(1234.5, 2, 'qu')).toBe('1,234.50');
		expect(formatNumber(1234.5, 2, 'en')).toBe('1,234.50');
		expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
		expect(formatNumber(999, 0)).toBe('999');
		expect(formatNumber(-1234.5, 0)).toBe('-1,235');
	});
	it('negative zero and values rounding to zero have no sign', () => {
		expect(formatNumber(-0, 2)).toBe('0.00');
		expect(formatNumber(-0.001, 2)).toBe('0.00');
		expect(formatNumber(-0.4, 0)).toBe('0');
	});
	it('non-finite → — and bad decimals never throw', () => {
		expect(formatNumber(NaN, 2)).toBe(NO_VALUE);
		expect(formatNumber(Infinity, 2)).toBe(NO_VALUE);
		expect(formatNumber('12' as unknown as number, 2)).toBe(NO_VALUE);
		expect(formatNumber(1.5, -3)).toBe('2');
		expect(formatNumber(1.5, NaN)).toBe('2');
		expect(formatNumber(1.5, 500)).toBe('1.50000000000000000000');
		expect(formatNumber(1.5, 1.9)).toBe('1.5');
	});
});

describe('units and money', () => {
	it('ha, m, m³ with a no-break space', () => {
		expect(formatHa(10243.456)).toBe(`10,243.46${NB}ha`);
		expect(formatHa(1.5, 'en', { decimals: 1 })).toBe(`1.5${NB}ha`);
		expect(formatM(1234.56)).toBe(`1,234.6${NB}m`);
		expect(formatM(1234.56, 'es', { decimals: 0 })).toBe(`1,235${NB}m`);
		expect(formatM3(21000)).toBe(`21,000.0${NB}m³`);
		expect(formatHa(NaN)).toBe(NO_VALUE);
		expect(formatM3(-Infinity)).toBe(NO_VALUE);
	});
	it('soles: S/ 12,345.00 in every language, as ICU es-PE currency', () => {
		expect(formatSoles(12345)).toBe(`S/${NB}12,345.00`);
		expect(formatSoles(12345, 'en')).toBe(`S/${NB}12,345.00`);
		expect(formatSoles(12345)).toBe(
			new Intl.NumberFormat('es-PE', { style: 'currency', currency: 'PEN' }).format(12345)
		);
		expect(formatSoles(-1234.5)).toBe(`-S/${NB}1,234.50`);
		expect(formatSoles(-1234.5)).toBe(
			new Intl.NumberFormat('es-PE', { style: 'currency', currency: 'PEN' }).format(-1234.5)
		);
		expect(formatSoles(-0.001)).toBe(`S/${NB}0.00`);
		expect(formatSoles(-0)).toBe(`S/${NB}0.00`);
		expect(formatSoles(NaN)).toBe(NO_VALUE);
	});
});

import { describe, expect, it } from 'vitest';
import {
	defaultParams,
	mergeParams,
	PARAM_DEFS,
	validateParams
} from '../../../src/lib/geo/interventions/params';
import { INTERVENTION_TYPES } from '../../../src/lib/geo/interventions/types';

describe('parameter defaults', () => {
	it('every default has a unit, a Spanish source saying it is editable, and lies in its range', () => {
		for (const type of INTERVENTION_TYPES) {
			expect(PARAM_DEFS[type].length).toBeGreaterThan(0);
			for (const d of PARAM_DEFS[type]) {
				expect(d.unit, `${type}.${d.key}`).not.toBe('');
				expect(d.source, `${type}.${d.key}`).toMatch(/editable/i);
				expect(d.default).toBeGreaterThanOrEqual(d.min);
				expect(d.default).toBeLessThanOrEqual(d.max);
			}
		}
	});
	it('every type has a cost parameter', () => {
		for (const type of INTERVENTION_TYPES) {
			expect(PARAM_DEFS[type].some((d) => d.key.startsWith('cost'))).toBe(true);
		}
	});
});

describe('mergeParams', () => {
	it('project overrides replace defaults; intervention overrides replace both', () => {
		const p = mergeParams('zanja_infiltracion', { spacingM: 8, costPerM: 7 }, { costPerM: 9 });
		expect(p).toEqual({ ...defaultParams('zanja_infiltracion'), spacingM: 8, costPerM: 9 });
	});
	it('ignores unknown keys, undefined and non-finite values', () => {
		const p = mergeParams('forestacion', { foo: 1, densityPlantsPerHa: NaN, costPerPlant: undefined });
		expect(p).toEqual(defaultParams('forestacion'));
	});
	it('does not mutate the defaults', () => {
		mergeParams('anden', { terraceWidthM: 9 });
		expect(defaultParams('anden').terraceWidthM).toBe(4);
	});
});

describe('validateParams (absurd parameters)', () => {
	it('density 10⁶/ha is out of range', () => {
		const issues = validateParams('forestacion', { densityPlantsPerHa: 1e6 });
		expect(issues.map((i) => i.code)).toEqual(['PARAM_OUT_OF_RANGE']);
		expect(issues[0]?.message).toMatch(/fuera del rango/);
	});
	it('negative depth, non-number, non-integer, unknown key', () => {
		expect(validateParams('zanja_infiltracion', { depthM: -0.4 })[0]?.code).toBe('PARAM_OUT_OF_RANGE');
		expect(validateParams('zanja_infiltracion', { depthM: '0.4' })[0]?.code).toBe('PARAM_NOT_A_NUMBER');
		expect(validateParams('zanja_infiltracion', { depthM: NaN })[0]?.code).toBe('PARAM_NOT_A_NUMBER');
		expect(validateParams('forestacion', { densityPlantsPerHa: 1111.5 })[0]?.code).toBe('PARAM_NOT_INTEGER');
		expect(validateParams('anden', { foo: 1 })[0]?.code).toBe('PARAM_UNKNOWN');
	});
	it('the defaults are valid', () => {
		for (const type of INTERVENTION_TYPES) expect(validateParams(type, defaultParams(type))).toEqual([]);
	});
});

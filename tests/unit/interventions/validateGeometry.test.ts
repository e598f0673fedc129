import type { Geometry, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { validateInterventionGeometry } from '../../../src/lib/geo/interventions/validateGeometry';

const rect = (a: number, b: number, c: number, d: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[a, b],
			[c, b],
			[c, d],
			[a, d],
			[a, b]
		]
	]
});
const poly = (ring: number[][]): Polygon => ({ type: 'Polygon', coordinates: [ring] });
const ok = rect(-72.06, -13.41, -72.05, -13.4);

describe('validateInterventionGeometry: errors', () => {
	it('accepts a plain polygon', () => {
		expect(validateInterventionGeometry('forestacion', ok)).toEqual({ valid: true, warnings: [] });
	});
	it('self-intersecting bowtie', () => {
		const bowtie = poly([
			[-72.06, -13.41],
			[-72.05, -13.4],
			[-72.05, -13.41],
			[-72.06, -13.4],
			[-72.06, -13.41]
		]);
		const v = validateInterventionGeometry('forestacion', bowtie);
		expect(v.valid).toBe(false);
		expect(v.code).toBe('SELF_INTERSECTION');
		expect(v.reason).toMatch(/se cruza a sí mismo/);
	});
	it('2-point ring', () => {
		const v = validateInterventionGeometry(
			'forestacion',
			poly([
				[-72.06, -13.41],
				[-72.05, -13.4],
				[-72.06, -13.41]
			])
		);
		expect(v.code).toBe('TOO_FEW_POSITIONS');
	});
	it('tiny polygon (below min area)', () => {
		const tiny = rect(-72.06, -13.41, -72.05999, -13.40999); // ≈ 1.2 m²
		expect(validateInterventionGeometry('forestacion', tiny).valid).toBe(true);
		const v = validateInterventionGeometry('forestacion', tiny, { minAreaM2: 10 });
		expect(v.code).toBe('TOO_SMALL');
		expect(v.reason).toMatch(/demasiado pequeño/);
	});
	it('zero-area polygon (all vertices on a line) is rejected', () => {
		const flat = poly([
			[-72.06, -13.41],
			[-72.05, -13.41],
			[-72.04, -13.41],
			[-72.06, -13.41]
		]);
		expect(validateInterventionGeometry('forestacion', flat).valid).toBe(false);
	});
	it('point given for a polygon type', () => {
		const v = validateInterventionGeometry('forestacion', { type: 'Point', coordinates: [-72.05, -13.4] });
		expect(v.code).toBe('WRONG_GEOMETRY_FOR_TYPE');
		expect(v.reason).toMatch(/polígono/);
	});
	it('NaN coordinate, unclosed ring, duplicate vertex, spike, short line, missing geometry', () => {
		expect(
			validateInterventionGeometry(
				'forestacion',
				poly([
					[-72.06, NaN],
					[-72.05, -13.4],
					[-72.05, -13.41],
					[-72.06, NaN]
				])
			).code
		).toBe('BAD_COORDINATES');
		expect(
			validateInterventionGeometry(
				'forestacion',
				poly([
					[-72.06, -13.41],
					[-72.05, -13.4],
					[-72.05, -13.41],
					[-72.06, -13.4]
				])
			).code
		).toBe('RING_NOT_CLOSED');
		expect(
			validateInterventionGeometry(
				'forestacion',
				poly([
					[-72.06, -13.41],
					[-72.05, -13.41],
					[-72.05, -13.41],
					[-72.05, -13.4],
					[-72.06, -13.41]
				])
			).code
		).toBe('DUPLICATE_VERTEX');
		const spike = poly([
			[-72.06, -13.41],
			[-72.05, -13.41],
			[-72.04, -13.41],
			[-72.05, -13.41 + 1e-12 * 0],
			[-72.05, -13.4],
			[-72.06, -13.41]
		]);
		expect(validateInterventionGeometry('forestacion', spike).valid).toBe(false);
		const line: Geometry = {
			type: 'LineString',
			coordinates: [
				[-72.05, -13.4],
				[-72.050001, -13.4]
			]
		};
		expect(validateInterventionGeometry('zanja_infiltracion', line).code).toBe('TOO_SMALL');
		expect(validateInterventionGeometry('zanja_infiltracion', null).code).toBe('GEOMETRY_MISSING');
	});
	it('a doubled closing vertex is a duplicate vertex', () => {
		const v = validateInterventionGeometry(
			'forestacion',
			poly([
				[-72.06, -13.41],
				[-72.05, -13.41],
				[-72.05, -13.4],
				[-72.06, -13.41],
				[-72.06, -13.41]
			])
		);
		expect(v.code).toBe('DUPLICATE_VERTEX');
	});
	it('spike: the outline goes out and comes straight back', () => {
		const spike = poly([
			[-72.06, -13.41],
			[-72.05, -13.41],
			[-72.05, -13.405],
			[-72.04, -13.405],
			[-72.05, -13.405],
			[-72.05, -13.4],
			[-72.06, -13.41]
		]);
		const v = validateInterventionGeometry('forestacion', spike);
		expect(v.valid).toBe(false);
	});
});

describe('validateInterventionGeometry: warnings', () => {
	it('outside the microcuenca, with the hectares outside', () => {
		const cuenca = rect(-72.1, -13.45, -72.055, -13.35);
		const v = validateInterventionGeometry('forestacion', ok, { microcuenca: cuenca });
		expect(v.valid).toBe(true);
		const w = v.warnings.find((x) => x.code === 'OUTSIDE_MICROCUENCA');
		const expected = areaHa(rect(-72.055, -13.41, -72.05, -13.4));
		expect(Math.abs((w?.ha as number) / expected - 1)).toBeLessThan(1e-6);
	});
	it('inside the microcuenca: no warning', () => {
		const v = validateInterventionGeometry('forestacion', ok, {
			microcuenca: rect(-72.1, -13.45, -72.0, -13.35)
		});
		expect(v.warnings).toEqual([]);
	});
	it('overlap with another intervention of the same type, with ellipsoidal overlap ha', () => {
		// wholly inside: the overlap is the other polygon itself
		const inner = rect(-72.058, -13.408, -72.052, -13.402);
		const v = validateInterventionGeometry('forestacion', ok, { sameType: [{ id: 'f-2', geometry: inner }] });
		const w = v.warnings.find((x) => x.code === 'OVERLAP_SAME_TYPE');
		expect(w?.ids).toEqual(['f-2']);
		expect(Math.abs((w?.ha as number) / areaHa(inner) - 1)).toBeLessThan(1e-6);
		expect(w?.reason).toMatch(/Se superpone/);
		// partial overlap: ≈ the corner rectangle (geodesic edges of different lengths bulge differently,
		// so the true overlap differs from a geodesic rectangle by a few 1e-6)
		const other = rect(-72.055, -13.405, -72.04, -13.39);
		const w2 = validateInterventionGeometry('forestacion', ok, { sameType: [{ id: 'f-3', geometry: other }] })
			.warnings[0];
		expect(Math.abs((w2?.ha as number) / areaHa(rect(-72.055, -13.405, -72.05, -13.4)) - 1)).toBeLessThan(
			1e-4
		);
		// a disjoint one: no warning
		const far = rect(-72.0, -13.41, -71.99, -13.4);
		expect(
			validateInterventionGeometry('forestacion', ok, { sameType: [{ id: 'x', geometry: far }] }).warnings
		).toEqual([]);
	});
	it('a line partly outside reports metres; a point outside is warned', () => {
		const cuenca = rect(-72.1, -13.45, -72.055, -13.35);
		const line: Geometry = {
			type: 'LineString',
			coordinates: [
				[-72.06, -13.4],
				[-72.05, -13.4]
			]
		};
		const w = validateInterventionGeometry('zanja_infiltracion', line, { microcuenca: cuenca }).warnings[0];
		expect(w?.code).toBe('OUTSIDE_MICROCUENCA');
		expect(w?.m as number).toBeGreaterThan(530);
		expect(w?.m as number).toBeLessThan(545);
		const pt: Geometry = { type: 'Point', coordinates: [-72.05, -13.4] };
		expect(
			validateInterventionGeometry('proteccion_manante', pt, { microcuenca: cuenca }).warnings[0]?.code
		).toBe('OUTSIDE_MICROCUENCA');
	});
});

/** Every formula of each intervention type, with numbers checked by hand. */
import type { LineString, MultiPoint, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { MeasureError, measureIntervention } from '../../../src/lib/geo/interventions/measure';

// On the equator a geodesic along it is an arc of the equator: length = a · Δλ (a = 6,378,137 m).
const A = 6378137;
const equatorLine = (dLon: number): LineString => ({
	type: 'LineString',
	coordinates: [
		[0, 0],
		[dLon / 2, 0],
		[dLon, 0]
	]
});
const L01 = (A * Math.PI * 0.01) / 180; // 1113.1949079327358 m
const square = (lon: number, lat: number, d: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[lon, lat],
			[lon + d, lat],
			[lon + d, lat + d],
			[lon, lat + d],
			[lon, lat]
		]
	]
});
const sq = square(-72.05, -13.4, 0.005);
const HA = areaHa(sq);

const close = (a: number | undefined, b: number, tol = 1e-9) => {
	expect(a).toBeTypeOf('number');
	expect(Math.abs((a as number) / b - 1)).toBeLessThan(tol);
};

describe('zanja_infiltracion', () => {
	it('line: length, treated area, volume of the rectangular default section, cost', () => {
		const m = measureIntervention('zanja_infiltracion', equatorLine(0.01));
		close(m.lengthM, 1113.1949079327);
		close(m.treatedHa, (1113.1949079327 * 10) / 10_000); // 1.11319 ha
		close(m.volumeM3, 1113.1949079327 * 0.4 * 0.4); // 178.111 m³
		close(m.costSoles, 1113.1949079327 * 6); // S/ 6679.17
		const vol = m.formula.find((f) => f.quantity === 'volumeM3');
		expect(vol?.expression).toContain('profundidad');
		expect(vol?.values).toMatchObject({ ancho_superior_m: 0.4, ancho_inferior_m: 0.4, profundidad_m: 0.4 });
	});

	it('trapezoidal section: (0.6 + 0.3) / 2 × 0.4 = 0.18 m² per metre', () => {
		const m = measureIntervention('zanja_infiltracion', equatorLine(0.01), {
			topWidthM: 0.6,
			bottomWidthM: 0.3,
			depthM: 0.4
		});
		close(m.volumeM3, L01 * 0.18);
	});

	it('polygon + spacing: implied length = area / spacing', () => {
		const m = measureIntervention('zanja_infiltracion', sq, { spacingM: 8 });
		close(m.areaHa, HA);
		close(m.treatedHa, HA);
		close(m.lengthM, (HA * 10_000) / 8);
		close(m.volumeM3, ((HA * 10_000) / 8) * 0.16);
		expect(m.formula.find((f) => f.quantity === 'lengthM')?.expression).toContain('aproximación');
	});
});

describe('forestacion', () => {
	it('plants = ⌈ha × density⌉, cost = plants × S/ per plant + ha × S/ per ha', () => {
		const m = measureIntervention('forestacion', sq, {
			densityPlantsPerHa: 1111,
			costPerPlant: 3,
			costPerHa: 50
		});
		close(m.areaHa, HA);
		expect(m.plants).toBe(Math.ceil(HA * 1111));
		close(m.costSoles, Math.ceil(HA * 1111) * 3 + HA * 50);
	});
});

describe('pastos_naturales (clausura)', () => {
	it('fence = outer perimeter, posts = ⌈fence / spacing⌉, cost sums fence, posts and ha', () => {
		const withHole: Polygon = {
			type: 'Polygon',
			coordinates: [
				sq.coordinates[0]!,
				[
					[-72.049, -13.399],
					[-72.049, -13.398],
					[-72.048, -13.398],
					[-72.048, -13.399],
					[-72.049, -13.399]
				]
			]
		};
		const m = measureIntervention('pastos_naturales', withHole, { costPerHa: 100 });
		const outer = measureIntervention('pastos_naturales', sq);
		close(m.fenceM, outer.perimeterM as number); // holes are not fenced
		expect(m.perimeterM as number).toBeGreaterThan(m.fenceM as number);
		expect(m.posts).toBe(Math.ceil((m.fenceM as number) / 3));
		close(m.costSoles, (m.fenceM as number) * 8 + (m.posts as number) * 12 + (m.areaHa as number) * 100);
	});
	it('hand check: the 0.005° square has ≈ 4 × 542 m of fence', () => {
		const m = measureIntervention('pastos_naturales', sq);
		// 0.005° of latitude ≈ 552.9 m, of longitude at 13.4°S ≈ 541.7 m: 2 × (552.9 + 541.7) ≈ 2189 m
		expect(m.fenceM as number).toBeGreaterThan(2185);
		expect(m.fenceM as number).toBeLessThan(2193);
	});
});

describe('proteccion_manante', () => {
	it('protected ha = π r² / 10,000 (geodesic circle), fence ≈ 2 π r', () => {
		const p: Point = { type: 'Point', coordinates: [-72.05, -13.4] };
		const m = measureIntervention('proteccion_manante', p, { protectionRadiusM: 50 });
		close(m.protectedHa, (Math.PI * 2500) / 10_000, 2e-4); // 0.7854 ha
		close(m.fenceM, 2 * Math.PI * 50, 1e-4);
		expect(m.posts).toBe(Math.ceil((m.fenceM as number) / 3));
		expect(m.count).toBe(1);
	});
	it('two springs count twice', () => {
		const mp: MultiPoint = {
			type: 'MultiPoint',
			coordinates: [
				[-72.05, -13.4],
				[-72.04, -13.4]
			]
		};
		const m = measureIntervention('proteccion_manante', mp);
		close(m.protectedHa, (2 * Math.PI * 625) / 10_000, 2e-4);
		expect(m.count).toBe(2);
	});
});

describe('microreservorio', () => {
	it('points: capacity = n × design capacity; cost = m³ × S/ per m³', () => {
		const mp: MultiPoint = {
			type: 'MultiPoint',
			coordinates: [
				[-72.05, -13.4],
				[-72.04, -13.4]
			]
		};
		const m = measureIntervention('microreservorio', mp, { pointCapacityM3: 1500 });
		expect(m.capacityM3).toBe(3000);
		expect(m.costSoles).toBe(30000);
	});
	it('polygon: capacity = area × depth × shape factor', () => {
		const m = measureIntervention('microreservorio', sq, { depthM: 3, shapeFactor: 0.5 });
		close(m.capacityM3, HA * 10_000 * 1.5);
	});
});

describe('anden', () => {
	it('line: area = wall length × terrace width', () => {
		const m = measureIntervention('anden', equatorLine(0.01));
		close(m.lengthM, L01);
		close(m.areaHa, (L01 * 4) / 10_000);
		close(m.costSoles, L01 * 40);
	});
	it('polygon: implied wall length = area / terrace width', () => {
		const m = measureIntervention('anden', sq, { terraceWidthM: 5 });
		close(m.lengthM, (HA * 10_000) / 5);
	});
});

describe('measureIntervention contract', () => {
	it('every number carries its formula', () => {
		const m = measureIntervention('pastos_naturales', sq);
		for (const key of ['areaHa', 'perimeterM', 'fenceM', 'posts', 'costSoles']) {
			const f = m.formula.find((s) => s.quantity === key);
			expect(f, key).toBeDefined();
			expect(f?.result).toBe((m as unknown as Record<string, number>)[key]);
			expect(f?.expression.length).toBeGreaterThan(5);
		}
	});
	it('rejects a geometry the type does not accept, with a stable code', () => {
		const p: Point = { type: 'Point', coordinates: [-72.05, -13.4] };
		expect(() => measureIntervention('forestacion', p)).toThrow(MeasureError);
		try {
			measureIntervention('forestacion', p);
		} catch (e) {
			expect((e as MeasureError).code).toBe('WRONG_GEOMETRY_FOR_TYPE');
		}
	});
	it('project and intervention overrides apply in order', () => {
		const m = measureIntervention('zanja_infiltracion', equatorLine(0.01), { costPerM: 7 }, { costPerM: 9 });
		close(m.costSoles, L01 * 9);
	});
});

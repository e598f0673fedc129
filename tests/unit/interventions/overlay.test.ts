import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { lengthM } from '../../../src/lib/geo/lengthM';
import {
	intersectionAreaHa,
	overlayInterventionsZones,
	type OverlayItem,
	type OverlayZone
} from '../../../src/lib/geo/interventions/overlay';
import { projectEqualArea, unprojectEqualArea } from '../../../src/lib/geo/interventions/equalArea';

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
const zones: OverlayZone[] = [
	{ id: 'oeste', geometry: rect(-72.1, -13.45, -72.05, -13.38) },
	{ id: 'este', geometry: rect(-72.05, -13.45, -72.0, -13.38) }
];
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('equal-area projection', () => {
	it('round-trips lon/lat to 1e-9°', () => {
		for (const [lon, lat] of [
			[-72.05, -13.4],
			[-71.2, 10],
			[0, 60]
		] as const) {
			const [x, y] = projectEqualArea(lon, lat, -72);
			const [lon2, lat2] = unprojectEqualArea(x, y, -72);
			expect(Math.abs(lon2 - lon)).toBeLessThan(1e-9);
			expect(Math.abs(lat2 - lat)).toBeLessThan(1e-9);
		}
	});
});

describe('overlayInterventionsZones', () => {
	it('a polygon split across two zones sums to its own ellipsoidal area within 1e-6', () => {
		// an irregular polygon crossing the −72.05 zone edge
		const g: Polygon = {
			type: 'Polygon',
			coordinates: [
				[
					[-72.061, -13.421],
					[-72.043, -13.419],
					[-72.039, -13.408],
					[-72.052, -13.402],
					[-72.064, -13.41],
					[-72.061, -13.421]
				]
			]
		};
		const r = overlayInterventionsZones([{ id: 'f1', geometry: g }], zones);
		expect(r.pairs.map((p) => p.method)).toEqual(['clipped', 'clipped']);
		const west = r.byZone.oeste!.areaHa;
		const east = r.byZone.este!.areaHa;
		expect(west).toBeGreaterThan(0);
		expect(east).toBeGreaterThan(0);
		expect(rel(west + east, areaHa(g))).toBeLessThan(1e-6);
		// and each part against GeographicLib on the clipped pieces computed by hand
		const westPiece = intersectionAreaHa(g, zones[0]!.geometry);
		expect(rel(west, westPiece)).toBeLessThan(1e-7); // a different integer frame
	});

	it('a polygon wholly inside a zone uses the shortcut (no clipping) and its own area', () => {
		const g = rect(-72.09, -13.42, -72.08, -13.41);
		const r = overlayInterventionsZones([{ id: 'f2', geometry: g }], zones);
		expect(r.stats).toMatchObject({ clipped: 0, inside: 1 });
		expect(r.pairs[0]).toMatchObject({ zoneId: 'oeste', method: 'inside' });
		expect(rel(r.byZone.oeste!.areaHa, areaHa(g))).toBeLessThan(1e-6);
		expect(r.byZone.este!.areaHa).toBe(0);
	});

	it('a zone hole or a small zone inside the intervention is clipped, not shortcut', () => {
		const withHole: OverlayZone = {
			id: 'con-hueco',
			geometry: {
				type: 'Polygon',
				coordinates: [
					rect(-72.1, -13.45, -72.0, -13.38).coordinates[0]!,
					rect(-72.06, -13.42, -72.04, -13.41).coordinates[0]!
				]
			}
		};
		const small: OverlayZone = { id: 'chica', geometry: rect(-72.058, -13.418, -72.056, -13.416) };
		const big = rect(-72.07, -13.43, -72.03, -13.4);
		const r = overlayInterventionsZones([{ id: 'big', geometry: big }], [withHole, small]);
		expect(
			rel(r.byZone['con-hueco']!.areaHa, areaHa(big) - areaHa(rect(-72.06, -13.42, -72.04, -13.41)))
		).toBeLessThan(1e-6);
		expect(rel(r.byZone.chica!.areaHa, areaHa(small.geometry))).toBeLessThan(1e-6);
	});

	it('an item with a hole across a zone edge, and a MultiPolygon zone', () => {
		const holed: Polygon = {
			type: 'Polygon',
			coordinates: [
				rect(-72.063, -13.422, -72.041, -13.404).coordinates[0]!,
				// hole drawn clockwise-agnostic: orientation is normalised
				rect(-72.0531, -13.415, -72.0471, -13.411).coordinates[0]!
			]
		};
		const r = overlayInterventionsZones([{ id: 'h', geometry: holed }], zones);
		expect(r.stats.direct).toBe(2);
		expect(rel(r.byZone.oeste!.areaHa + r.byZone.este!.areaHa, areaHa(holed))).toBeLessThan(1e-6);
		const multi: OverlayZone = {
			id: 'multi',
			geometry: {
				type: 'MultiPolygon',
				coordinates: [
					rect(-72.1, -13.45, -72.06, -13.38).coordinates,
					rect(-72.045, -13.45, -72.0, -13.38).coordinates
				]
			}
		};
		const m = overlayInterventionsZones([{ id: 'h', geometry: holed }], [multi]);
		const expected =
			intersectionAreaHa(holed, rect(-72.1, -13.45, -72.06, -13.38)) +
			intersectionAreaHa(holed, rect(-72.045, -13.45, -72.0, -13.38));
		expect(rel(m.byZone.multi!.areaHa, expected)).toBeLessThan(1e-7);
	});

	it('skips items with non-finite coordinates instead of poisoning the totals', () => {
		const bad: Polygon = {
			type: 'Polygon',
			coordinates: [
				[
					[-72.06, NaN],
					[-72.05, -13.41],
					[-72.05, -13.4],
					[-72.06, NaN]
				]
			]
		};
		const r = overlayInterventionsZones(
			[
				{ id: 'bad', geometry: bad },
				{ id: 'ok', geometry: rect(-72.09, -13.42, -72.08, -13.41) }
			],
			zones
		);
		expect(r.stats.skippedItems).toBe(1);
		expect(Number.isFinite(r.byZone.oeste!.areaHa)).toBe(true);
		expect(r.byZone.oeste!.areaHa).toBeGreaterThan(0);
	});

	it('degenerate contacts (shared edge, vertex on an edge) fall back to clipper2-ts', () => {
		const shared = rect(-72.06, -13.42, -72.05, -13.41); // its east edge lies on the zone boundary
		const touching: Polygon = {
			type: 'Polygon',
			coordinates: [
				[
					[-72.06, -13.43],
					[-72.05, -13.425],
					[-72.06, -13.42],
					[-72.06, -13.43]
				]
			]
		};
		const r = overlayInterventionsZones(
			[
				{ id: 's', geometry: shared },
				{ id: 't', geometry: touching }
			],
			zones
		);
		expect(r.stats.clipped).toBeGreaterThan(0);
		expect(rel(r.byItem.s!.areaHa, areaHa(shared))).toBeLessThan(1e-6);
		expect(r.pairs.filter((p) => p.itemId === 's').map((p) => p.zoneId)).toEqual(['oeste']);
		expect(rel(r.byZone.oeste!.areaHa, areaHa(shared) + areaHa(touching))).toBeLessThan(1e-6);
	});

	it('lines → metres per zone (geodesic), points → count per zone', () => {
		const items: OverlayItem[] = [
			{
				id: 'z1',
				geometry: {
					type: 'LineString',
					coordinates: [
						[-72.07, -13.4],
						[-72.03, -13.4]
					]
				}
			},
			{
				id: 'm1',
				geometry: {
					type: 'MultiPoint',
					coordinates: [
						[-72.06, -13.4],
						[-72.04, -13.4],
						[-72.03, -13.39]
					]
				}
			},
			{ id: 'fuera', geometry: rect(-71.9, -13.4, -71.89, -13.39) }
		];
		const r = overlayInterventionsZones(items, zones);
		const whole = lengthM({
			type: 'LineString',
			coordinates: [
				[-72.07, -13.4],
				[-72.03, -13.4]
			]
		});
		expect(rel(r.byZone.oeste!.lengthM, whole / 2)).toBeLessThan(1e-6);
		expect(rel(r.byZone.oeste!.lengthM + r.byZone.este!.lengthM, whole)).toBeLessThan(1e-6);
		expect(r.byZone.oeste!.count).toBe(1);
		expect(r.byZone.este!.count).toBe(2);
		expect(r.byItem.fuera).toMatchObject({ areaHa: 0 });
		expect(r.byItem.fuera!.ownAreaHa).toBeGreaterThan(0);
	});

	it('shortcut and full clipping agree on random polygons', () => {
		let seed = 42;
		const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		const items: OverlayItem[] = [];
		for (let i = 0; i < 200; i++) {
			const cx = -72.1 + rnd() * 0.1;
			const cy = -13.45 + rnd() * 0.07;
			const n = 5 + Math.floor(rnd() * 8);
			const ring: number[][] = [];
			for (let k = 0; k < n; k++) {
				const t = (2 * Math.PI * k) / n;
				const rr = 0.001 + rnd() * 0.004;
				ring.push([cx + rr * Math.cos(t), cy + rr * Math.sin(t)]);
			}
			ring.push(ring[0]!);
			items.push({ id: `p${i}`, geometry: { type: 'Polygon', coordinates: [ring] } });
		}
		const grid: OverlayZone[] = [];
		for (let i = 0; i < 4; i++)
			for (let j = 0; j < 3; j++)
				grid.push({
					id: `g${i}${j}`,
					geometry: rect(-72.1 + i * 0.025, -13.45 + j * 0.0234, -72.075 + i * 0.025, -13.4266 + j * 0.0234)
				});
		const a = overlayInterventionsZones(items, grid);
		const b = overlayInterventionsZones(items, grid, { noShortcut: true });
		expect(a.stats.inside).toBeGreaterThan(0);
		expect(a.stats.direct).toBeGreaterThan(0);
		expect(b.stats.direct).toBe(0);
		// direct area uses exact crossing points, clipper2-ts rounds them to the integer grid
		for (const z of grid) expect(rel(a.byZone[z.id]!.areaHa, b.byZone[z.id]!.areaHa)).toBeLessThan(1e-7);
		for (const it of items) {
			const t = a.byItem[it.id]!;
			// the grid covers the whole sampling box, minus polygons poking out of it
			expect(t.areaHa).toBeLessThanOrEqual(t.ownAreaHa * (1 + 1e-7));
			expect(rel(t.ownAreaHa, areaHa(it.geometry as Polygon))).toBeLessThan(1e-6);
		}
	});
});

import { describe, expect, it } from 'vitest';
import { fillDepressions, nextUpF32 } from '../../../src/lib/geo/raster/fill';
import { flowAccumulation } from '../../../src/lib/geo/raster/flowAccumulation';
import { D8_NODATA, flowDirection } from '../../../src/lib/geo/raster/flowDirection';
import { flowRouting } from '../../../src/lib/geo/raster/flowRouting';
import { streams } from '../../../src/lib/geo/raster/streams';
import { watershed } from '../../../src/lib/geo/raster/watershed';
import { pixelToLonLat } from '../../../src/lib/geo/raster/coords';
import { demFrom } from './helpers';

// V-valley: sides fall 10 m per cell towards column 2, the valley floor falls 1 m per row to the south
const vValley = () => demFrom(5, 5, (c, r) => 100 + Math.abs(c - 2) * 10 + (4 - r));

describe('fill (priority-flood + ε)', () => {
	it('raises a single pit just above its rim', () => {
		const dem = demFrom(5, 5, (c, r) => (c === 2 && r === 2 ? 5 : 10));
		const z = fillDepressions(dem);
		expect(z[12]).toBeGreaterThan(10);
		expect(z[12]).toBeLessThan(10.001);
		const plain = fillDepressions(dem, { epsilon: false });
		expect(plain[12]).toBe(10);
		expect(dem.data[12]).toBe(5); // input untouched
	});
	it('leaves a surface without depressions unchanged; NaN stays NaN', () => {
		const dem = vValley();
		dem.data[0] = NaN;
		const z = fillDepressions(dem);
		for (let i = 1; i < 25; i++) expect(z[i]).toBe(dem.data[i]);
		expect(z[0]).toBeNaN();
	});
	it('every filled cell drains (no interior cell without a lower neighbour)', () => {
		const dem = demFrom(9, 9, (c, r) => (c > 1 && c < 7 && r > 1 && r < 7 ? 1 : 5 + ((c * 7 + r * 3) % 4)));
		const z = fillDepressions(dem);
		const dir = flowDirection(dem, z);
		for (let r = 1; r < 8; r++) for (let c = 1; c < 8; c++) expect(dir[r * 9 + c]).not.toBe(0);
	});
	it('nextUpF32 is the next float32', () => {
		expect(nextUpF32(1)).toBe(1 + 2 ** -23);
		expect(nextUpF32(-1)).toBeGreaterThan(-1);
	});
});

describe('D8 flow direction and accumulation on a V-valley', () => {
	const dem = vValley();
	const dir = flowDirection(dem, fillDepressions(dem));
	it('sides flow to the valley, the floor flows south, outlet is 0', () => {
		for (let r = 0; r < 5; r++) {
			expect(dir[r * 5 + 0]).toBe(1); // E
			expect(dir[r * 5 + 1]).toBe(1);
			expect(dir[r * 5 + 3]).toBe(16); // W
			expect(dir[r * 5 + 4]).toBe(16);
			expect(dir[r * 5 + 2]).toBe(r < 4 ? 4 : 0); // S, outlet at the bottom
		}
	});
	it('accumulation on the floor = 5 cells per row above and including it', () => {
		const acc = flowAccumulation(dem, dir);
		for (let r = 0; r < 5; r++) {
			expect(acc[r * 5 + 2]).toBe(5 * (r + 1));
			expect(acc[r * 5 + 0]).toBe(1);
			expect(acc[r * 5 + 1]).toBe(2);
		}
	});
	it('nodata cells have code 255 and accumulation 0', () => {
		const d2 = vValley();
		d2.data[0] = NaN;
		const dir2 = flowDirection(d2, fillDepressions(d2));
		expect(dir2[0]).toBe(D8_NODATA);
		expect(flowAccumulation(d2, dir2)[0]).toBe(0);
	});
});

describe('streams with Strahler order', () => {
	it('two sources make order 1 links joining into an order 2 link; a third order-1 tributary keeps order 2', () => {
		// 3 columns × 4 rows, hand-built directions:
		// (0,0)↘(1,1)  (0,2)↙(1,1)  (1,1)↓(2,1)  (2,0)→(2,1)  (2,1)↓(3,1)  (3,1) outlet
		const W = 3;
		const dir = new Uint8Array(12).fill(255);
		const set = (r: number, c: number, code: number) => (dir[r * W + c] = code);
		set(0, 0, 2);
		set(0, 2, 8);
		set(1, 1, 4);
		set(2, 0, 1);
		set(2, 1, 4);
		set(3, 1, 0);
		const grid = demFrom(3, 4, () => 0);
		const acc = flowAccumulation(grid, dir);
		expect(acc[3 * W + 1]).toBe(6);
		const res = streams(grid, dir, acc, { thresholdCells: 1, output: 'pixel' });
		expect(res.order[0 * W + 0]).toBe(1);
		expect(res.order[1 * W + 1]).toBe(2);
		expect(res.order[2 * W + 1]).toBe(2);
		expect(res.order[3 * W + 1]).toBe(2);
		expect(res.maxOrder).toBe(2);
		const byOrder = res.lines.features.map((f) => f.properties.order).sort();
		// the order-2 stream is split at the junction where the third tributary enters
		expect(byOrder).toEqual([1, 1, 1, 2, 2]);
		const main = res.lines.features
			.filter((f) => f.properties.order === 2)
			.map((f) => f.geometry.coordinates);
		expect(main).toContainEqual([
			[1.5, 1.5],
			[1.5, 2.5]
		]);
		expect(main).toContainEqual([
			[1.5, 2.5],
			[1.5, 3.5]
		]);
	});
	it('threshold in hectares', () => {
		const dem = vValley();
		const dir = flowDirection(dem, fillDepressions(dem));
		const acc = flowAccumulation(dem, dir);
		const res = streams(dem, dir, acc, { thresholdHa: 0.1 }); // 10 cells of 100 m²
		expect(res.thresholdCells).toBe(10);
		expect(res.lines.features).toHaveLength(1);
	});
});

describe('watershed', () => {
	const dem = vValley();
	const dir = flowDirection(dem, fillDepressions(dem));
	const acc = flowAccumulation(dem, dir);
	it('the outlet of the V-valley drains the whole 5×5 grid (0.25 ha)', () => {
		const [lon, lat] = pixelToLonLat(dem, 2.5, 4.5);
		const res = watershed(dem, dir, acc, [lon, lat]);
		expect(res.stats.cells).toBe(25);
		expect(res.stats.areaHa).toBeGreaterThan(0.25 * 0.995);
		expect(res.stats.areaHa).toBeLessThan(0.25 * 1.005);
		expect(res.stats.perimeterM).toBeGreaterThan(199);
		expect(res.stats.perimeterM).toBeLessThan(201);
		expect(res.stats.minElevationM).toBe(100);
		expect(res.stats.maxElevationM).toBe(124);
		expect(res.polygon.geometry.type).toBe('Polygon');
	});
	it('a click one cell off the valley snaps onto it (max accumulation within tolerance)', () => {
		const [lon, lat] = pixelToLonLat(dem, 3.5, 2.5);
		const res = watershed(dem, dir, acc, [lon, lat], { snapToleranceM: 10 });
		expect(res.stats.outletCell).toEqual({ col: 2, row: 2 });
		expect(res.stats.cells).toBe(15);
		expect(res.stats.areaHa).toBeCloseTo(0.15, 3);
	});
	it('pour point outside the DEM → POINT_OUTSIDE_DEM', () => {
		expect(() => watershed(dem, dir, acc, [-60, -13])).toThrow(
			expect.objectContaining({ code: 'POINT_OUTSIDE_DEM' })
		);
	});
	it('diagonally touching basin parts become a MultiPolygon', () => {
		const W = 3;
		const d = new Uint8Array(9).fill(255);
		d[4] = 0; // centre outlet
		d[0] = 2; // NW cell drains SE into it (touches only diagonally after removing others)
		const g = demFrom(3, 3, () => 0);
		const a = flowAccumulation(g, d);
		const [lon, lat] = pixelToLonLat(g, 1.5, 1.5);
		const res = watershed(g, d, a, [lon, lat], { snapToleranceM: 1 });
		expect(res.stats.cells).toBe(2);
		expect(res.polygon.geometry.type).toBe('MultiPolygon');
		expect(W).toBe(3);
	});
});

describe('flowRouting (least-cost search, r.watershed-like)', () => {
	it('V-valley: sides to the floor, floor south; edge cells drain to the first neighbour the search expands that the diagonal rule allows (r.watershed drainage, along the edge too)', () => {
		// z = 100 + 10·|c − 2| + (4 − r): the search expands the floor from (4,2) up, then each side row by row
		const dem = vValley();
		const { dir, filled } = flowRouting(dem);
		for (let r = 1; r < 4; r++) {
			expect(dir[r * 5 + 1]).toBe(1);
			expect(dir[r * 5 + 3]).toBe(16);
			expect(dir[r * 5 + 2]).toBe(4);
		}
		// left/right columns: edge cells drain to the first expanded neighbour that r.watershed's diagonal rule
		// lets take them — not the side cell one row down (diagonal, expanded 1 m lower): the cell beside it, in
		// the same row, is not expanded yet and reaches it more steeply; so the neighbour in the same row (1 E,
		// 16 W). Checked against GRASS 8.2.1 r.watershed -s on this DEM (same drainage on all 25 cells).
		for (let r = 0; r < 4; r++) {
			expect(dir[r * 5 + 0]).toBe(1);
			expect(dir[r * 5 + 4]).toBe(16);
		}
		// top row: (0,2) drains into the floor; (0,1)/(0,3) toward it, in the same row (same diagonal rule)
		expect([dir[1], dir[2], dir[3]]).toEqual([1, 4, 16]);
		// bottom row: along the edge into the outlet (4,2), the first cell expanded (code 0)
		expect([dir[20], dir[21], dir[22], dir[23], dir[24]]).toEqual([1, 1, 0, 16, 16]);
		for (let i = 0; i < 25; i++) expect(filled[i]).toBe(dem.data[i]);
		// the basin of the outlet is the whole grid; r.watershed's accumulation (edge cells pass no flow)
		// counts the 9 interior cells + the outlet itself
		expect(flowAccumulation(dem, dir)[22]).toBe(25);
		expect(flowAccumulation(dem, dir, { edgeFlow: false })[22]).toBe(10);
	});
	it('a pit drains out through the search path: no interior cell is a sink, filled = spill level', () => {
		const dem = demFrom(7, 7, (c, r) => (c === 3 && r === 3 ? 1 : c === 6 && r === 3 ? 2 : 5));
		const { dir, filled } = flowRouting(dem);
		for (let r = 1; r < 6; r++) for (let c = 1; c < 6; c++) expect(dir[r * 7 + c]).not.toBe(0);
		expect(filled[3 * 7 + 3]).toBe(5);
		const acc = flowAccumulation(dem, dir);
		let total = 0;
		for (let i = 0; i < 49; i++) if (dir[i] === 0) total += acc[i] as number;
		expect(total).toBe(49);
	});
});

describe('flowRouting search keys (integer millimetres, bucket queue)', () => {
	it('routes on elevations rounded to mm: sub-millimetre noise changes nothing', () => {
		let seed = 7;
		const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) as number;
		const base = demFrom(40, 30, (c, r) => 3800 + (2 * Math.round(40 * rnd())) / 1000 + 0.3 * r + 0.1 * c);
		const noisy = demFrom(40, 30, (c, r) => (base.data[r * 40 + c] as number) + (rnd() - 0.5) * 0.0006);
		const a = flowRouting(base);
		const b = flowRouting(noisy);
		expect(a.quantumM).toBe(0.001);
		expect(Array.from(b.dir)).toEqual(Array.from(a.dir));
	});
	it('a relief beyond the millimetre span uses a coarser step and still drains every cell out', () => {
		const dem = demFrom(20, 20, (c, r) => (c === 10 && r === 10 ? -2e5 : 1e5 + 100 * r + c));
		const { dir, quantumM } = flowRouting(dem);
		expect(quantumM).toBeGreaterThan(0.001);
		const acc = flowAccumulation(dem, dir);
		let out = 0;
		for (let i = 0; i < 400; i++) if (dir[i] === 0) out += acc[i] as number;
		expect(out).toBe(400);
	});
});

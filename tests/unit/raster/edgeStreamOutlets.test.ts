import { describe, expect, it } from 'vitest';
import { edgeStreamOutlets } from '../../../src/lib/geo/raster/edgeStreamOutlets';
import { flowAccumulation } from '../../../src/lib/geo/raster/flowAccumulation';
import { flowRouting } from '../../../src/lib/geo/raster/flowRouting';
import { demFrom } from './helpers';

// D8 codes: 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE; 0 outlet; 255 nodata
describe('edgeStreamOutlets (r.watershed: edge cells that collect a stream drain out)', () => {
	// 5×4: every cell drains N, the top row drains W along the edge into the corner (0,0) (an outlet)
	const W = 5;
	const H = 4;
	const dir = new Uint8Array(W * H).fill(64);
	dir.fill(16, 0, W);
	dir[0] = 0;
	// edge cells pass nothing: bottom row 1; interior rows 1 and 2 (cols 1..3): 1 and 2; top row 1 + 2 = 3;
	// left/right columns and the corners 1
	const acc = flowAccumulation({ width: W, height: H }, dir, { edgeFlow: false });

	it('the hand-checked accumulation', () => {
		expect(Array.from(acc)).toEqual([1, 3, 3, 3, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
	});

	it('edge cells with accumulation ≥ threshold that drain into the grid become outlets (code 0)', () => {
		const out = edgeStreamOutlets({ width: W, height: H }, dir, acc, 3);
		const want = new Uint8Array(dir);
		want[1] = want[2] = want[3] = 0;
		expect(Array.from(out)).toEqual(Array.from(want));
		expect(Array.from(dir.subarray(0, W))).toEqual([0, 16, 16, 16, 16]); // input not modified
	});

	it('below the threshold nothing changes; interior cells never change', () => {
		expect(Array.from(edgeStreamOutlets({ width: W, height: H }, dir, acc, 4))).toEqual(Array.from(dir));
		expect(Array.from(edgeStreamOutlets({ width: W, height: H }, dir, acc, 1)).slice(6, 9)).toEqual([
			64, 64, 64
		]);
	});

	it('cells next to nodata (8-neighbourhood) are edge cells too', () => {
		// 6×6, nodata at (1,4); (2,3) touches it diagonally, (2,2) does not
		const w = 6;
		const d = new Uint8Array(w * w).fill(4);
		d[1 * w + 4] = 255;
		const a = new Uint32Array(w * w).fill(1);
		a[2 * w + 2] = 10;
		a[2 * w + 3] = 10;
		a[1 * w + 4] = 0;
		const out = edgeStreamOutlets({ width: w, height: w }, d, a, 10);
		expect(out[2 * w + 3]).toBe(0);
		expect(out[2 * w + 2]).toBe(4);
		expect(out[1 * w + 4]).toBe(255);
		expect(edgeStreamOutlets({ width: w, height: w }, d, a, 11)[2 * w + 3]).toBe(4);
	});

	it('on a routed cone no edge stream cell drains along the edge any more', () => {
		const n = 21;
		const dem = demFrom(n, n, (c, r) => 100 - Math.hypot(c - 10, r - 10));
		const { dir: routed } = flowRouting(dem);
		const a = flowAccumulation(dem, routed, { edgeFlow: false });
		const T = 5;
		const out = edgeStreamOutlets(dem, routed, a, T);
		let changed = 0;
		for (let i = 0; i < n * n; i++) {
			const r = Math.floor(i / n);
			const c = i % n;
			const edge = r === 0 || c === 0 || r === n - 1 || c === n - 1;
			if (edge && (a[i] as number) >= T) expect(out[i]).toBe(0);
			else expect(out[i]).toBe(routed[i]);
			if (out[i] !== routed[i]) changed++;
		}
		expect(changed).toBeGreaterThan(0);
		// accumulation with edgeFlow: false is the same on both (edge cells pass nothing either way)
		expect(Array.from(flowAccumulation(dem, out, { edgeFlow: false }))).toEqual(Array.from(a));
	});
});

describe('terrain worker: a watershed with the streams threshold follows their drainage', () => {
	it('corner pour point of a cone: along the edge without threshold, cut at the edge streams with it', async () => {
		const { createRasterApi } = await import('../../../src/lib/workers/raster.worker');
		const { pixelToLonLat } = await import('../../../src/lib/geo/raster/coords');
		const n = 21;
		const api = createRasterApi();
		const dem = demFrom(n, n, (c, r) => 100 - Math.hypot(c - 10, r - 10));
		api.setDem(dem);
		const corner = pixelToLonLat(dem, 0.5, 0.5);
		const T = 5;
		const { dir: routed } = flowRouting(dem);
		const acc = flowAccumulation(dem, routed, { edgeFlow: false });
		const upstream = (d: Uint8Array) => flowAccumulation(dem, d)[0] as number;
		const plain = api.watershed(corner, { snapToleranceM: 0 });
		const cut = api.watershed(corner, { snapToleranceM: 0, thresholdCells: T });
		expect(plain.stats.cells).toBe(upstream(routed));
		expect(cut.stats.cells).toBe(upstream(edgeStreamOutlets(dem, routed, acc, T)));
		expect(cut.stats.cells).toBeLessThan(plain.stats.cells);
		// thresholdHa is converted like streams(): 10 m cells → 0.01 ha each
		expect(api.watershed(corner, { snapToleranceM: 0, thresholdHa: 0.05 }).stats.cells).toBe(cut.stats.cells);
		// the streams of that threshold end at the edge: no stream line runs along the top row
		const s = api.streams({ thresholdCells: T, output: 'pixel' });
		for (const f of s.lines.features) {
			const top = f.geometry.coordinates.filter(([, y]) => (y as number) < 1);
			expect(top.length).toBeLessThanOrEqual(1);
		}
	});
});

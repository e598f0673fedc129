// flowRouting (optimised) must give bit-identical `dir`, `filled` and `quantumM` to the frozen reference
// implementation (flowRoutingReference.ts) on the synthetic DEMs and on random noisy DEMs with pits, flats,
// sub-millimetre ties, nodata holes, geographic rows (varying cell sizes) and garbage reliefs; and the accumulation
// in flowRouting's expansion order must equal Kahn's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cone, microcuenca, pit, plateau, vValley } from '../../../scripts/bench/raster.synthetic';
import { flowAccumulation } from '../../../src/lib/geo/raster/flowAccumulation';
import { flowRouting } from '../../../src/lib/geo/raster/flowRouting';
import { nominalCellSizeM } from '../../../src/lib/geo/raster/cellSize';
import type { Dem } from '../../../src/lib/geo/raster/types';
import { flowRoutingReference } from './flowRoutingReference';
import { demFrom } from './helpers';

function expectIdentical(dem: Pick<Dem, 'width' | 'height' | 'data' | 'transform' | 'crs'>) {
	const a = flowRoutingReference(dem);
	const b = flowRouting(dem);
	expect(b.quantumM).toBe(a.quantumM);
	let firstDiff = -1;
	for (let i = 0; i < a.dir.length && firstDiff < 0; i++)
		if (a.dir[i] !== b.dir[i] || !Object.is(a.filled[i], b.filled[i])) firstDiff = i;
	expect(firstDiff).toBe(-1);
	// the accumulation in the search's expansion order equals Kahn's order, with and without edge flow
	for (const edgeFlow of [true, false]) {
		const kahn = flowAccumulation(dem, b.dir, { edgeFlow });
		const ordered = flowAccumulation(dem, b.dir, { edgeFlow, order: b });
		let accDiff = -1;
		for (let i = 0; i < kahn.length && accDiff < 0; i++) if (kahn[i] !== ordered[i]) accDiff = i;
		expect(accDiff).toBe(-1);
	}
}

/** A lon/lat (EPSG:4326) DEM: cell sizes in metres vary by row. */
function geographic(width: number, height: number, data: Float32Array): Dem {
	const base = { width, height, transform: [-72.1, 1 / 3600, 0, -13.3, 0, -1 / 3600] as const, crs: 4326 };
	return {
		...base,
		data,
		nodata: null,
		cellSizeM: nominalCellSizeM(base),
		metadata: { name: 'test', source: 'SYNTHETIC test', synthetic: true }
	};
}

describe('flowRouting is bit-identical to the reference implementation', () => {
	it('on the synthetic DEMs (cone, v-valley, pit, plateau, microcuenca)', () => {
		for (const dem of [cone(101), vValley(101), pit(51), plateau(101), cone(7), pit(201), plateau(301)])
			expectIdentical(dem);
		expectIdentical(microcuenca(600));
	});

	it('on random noisy DEMs with pits, flats, ties and nodata', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 48 }),
				fc.integer({ min: 1, max: 48 }),
				fc.integer({ min: 1, max: 2 ** 31 - 2 }),
				fc.constantFrom(0.001, 0.0004, 0.01, 0.5, 3, 1000),
				fc.double({ min: 0, max: 0.3, noNaN: true }),
				fc.double({ min: 0, max: 0.2, noNaN: true }),
				fc.boolean(),
				fc.constantFrom(0, 3800, -50, 1e6),
				(w, h, seed0, quantum, nodataFrac, flatFrac, geo, offset) => {
					let seed = seed0;
					const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
					const data = new Float32Array(w * h);
					const cx = rnd() * w;
					const cy = rnd() * h;
					const slope = rnd() * 2 - 1;
					for (let r = 0; r < h; r++)
						for (let c = 0; c < w; c++) {
							// a tilted surface with a random pit, quantized noise (ties, flats, sub-mm values)
							let v = slope * (c + 0.5 * r) + 3 * Math.hypot(c - cx, r - cy) ** 0.5;
							v += Math.round((rnd() - 0.5) * 8) * quantum;
							if (rnd() < flatFrac) v = Math.round(v);
							if (rnd() < 0.05) v -= rnd() * 5; // single-cell pits
							if (rnd() < 0.02) v += (rnd() - 0.5) * 0.0009; // sub-millimetre differences
							data[r * w + c] = offset + v;
						}
					for (let i = 0; i < w * h; i++) if (rnd() < nodataFrac) data[i] = NaN;
					const dem = geo ? geographic(w, h, data) : demFrom(w, h, (c, r) => data[r * w + c] as number);
					expectIdentical(dem);
				}
			),
			{ numRuns: 400, seed: 20261125 }
		);
	});

	it('on plateaus, all-flat grids, single rows/columns, big reliefs and all-nodata grids', () => {
		expectIdentical(demFrom(30, 20, () => 3800));
		expectIdentical(demFrom(1, 50, (c, r) => (r * 7919) % 13));
		expectIdentical(demFrom(50, 1, (c) => (c * 7919) % 13));
		expectIdentical(demFrom(2, 2, (c, r) => c + r));
		expectIdentical(
			demFrom(40, 40, (c, r) => (c > 10 && c < 30 && r > 10 && r < 30 ? 3790 : 3800 + c * 0.001))
		);
		// spans beyond the mm → rank table (popcount path) and beyond 2^28 mm (coarser step)
		expectIdentical(demFrom(30, 30, (c, r) => ((c * 104729 + r * 7907) % 9000) + (c === 5 ? 1e4 : 0)));
		expectIdentical(demFrom(20, 20, (c, r) => (c === 10 && r === 10 ? -2e5 : 1e5 + 100 * r + c)));
		expectIdentical(demFrom(10, 10, () => NaN));
		expectIdentical(demFrom(10, 10, (c, r) => (c === 4 && r === 4 ? 1 : NaN)));
	});
});

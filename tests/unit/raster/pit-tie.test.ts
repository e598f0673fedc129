/**
 * Issue 8 "Correctness": r.watershed's diagonal rule on ties, as GRASS 8.2.1 `r.watershed -s` does it (recorded
 * from the installed binary with scripts/reference/grass-hydrology.sh; no GRASS needed to run this test).
 *
 * r.watershed skips a diagonal neighbour when it is steeper to reach it from a cardinal neighbour shared with the
 * current cell, and it counts every cardinal neighbour that is in the grid and not expanded yet (its slope is
 * clamped to 0, the test is `slope ≥ 0`), also one at the same elevation as the current cell. It applies this rule
 * also before it re-points an edge cell that waits in the queue. Where elevations are tied, e.g. on a plane rising
 * east (every column tied), GRASS drains every cell due west. Until 2026-11-25 yaku counted only strictly uphill
 * cardinals and re-pointed edge cells without the rule, so it drained such planes diagonally (on SYNTHETIC pit
 * 101² one outlet collected 2160 cells where GRASS has 100); flowRouting now has GRASS's rule.
 */
import { describe, expect, it } from 'vitest';
import { pit, syntheticDem } from '../../../scripts/bench/raster.synthetic';
import { flowRouting } from '../../../src/lib/geo/raster/flowRouting';

/** yaku D8 code → arrow; '·' = drains out of the DEM (GRASS: negative drainage) */
const ARROW: Record<number, string> = {
	0: '·',
	1: '→',
	2: '↘',
	4: '↓',
	8: '↙',
	16: '←',
	32: '↖',
	64: '↑',
	128: '↗'
};

function arrows(dir: Uint8Array, width: number): string[] {
	const rows: string[] = [];
	for (let r = 0; r < dir.length / width; r++) {
		let s = '';
		for (let c = 0; c < width; c++) s += ARROW[dir[r * width + c] as number] ?? '?';
		rows.push(s);
	}
	return rows;
}

// r.watershed -s drainage of SYNTHETIC pit(21) (scripts/bench/raster.synthetic.ts written as Float32 GeoTIFF),
// GRASS 8.2.1, threshold 100 (no edge cell collects a stream at that threshold here)
const GRASS_PIT21 = [
	'·←←←←←←←←←←←←←←←←←←←←',
	'·←←←←←←←←←←←←←←←←←←←←',
	'·←←←←←←←←←←←←←←←←←←←←',
	'·←←←←←←←↓↓↓↙↙↙←←←←←←←',
	'·←←←←←↘↓↓↓↓↓↙↙↙↙←←←←←',
	'·←←←←↘↘↓↓↓↓↓↙↙↙↙↙←←←←',
	'·←←←←↘↘↘↓↓↓↓↙↙↙↙↙←←←←',
	'·←←←←↙↘↘↘↓↓↙↙↙↙↙↙↙←←←',
	'·←←←↖←↙↘↘↓↓↙↙↙↙←←↙←←←',
	'·←←←↑↖←↙↙↙↓↙←←←←←←←←←',
	'·←←←→↑↖←←←←←←←←←←←←←←',
	'·←←←→→↑↖↖↖↑↖←←←←←←←←←',
	'·←←←→↗↗↗↗↑↑↖↖↖↖←←↖←←←',
	'·←←←↗↗↗↗↗↑↑↖↖↖↖↖↖↖←←←',
	'·←←←↗↗↗↗↑↑↑↑↖↖↖↖↖←←←←',
	'·←←←←↗↗↑↑↑↑↑↖↖↖↖↖←←←←',
	'·←←←←←↗↑↑↑↑↑↖↖↖↖←←←←←',
	'·←←←←←←←↑↑↑↖↖↖←←←←←←←',
	'·←←←←←←←←←←←←←←←←←←←←',
	'·←←←←←←←←←←←←←←←←←←←←',
	'·←←←←←←←←←←←←←←←←←←←←'
];

describe('diagonal rule on tied elevations, as r.watershed 8.2.1', () => {
	it('a plane rising east (columns tied) drains due west, like r.watershed', () => {
		// the first divergence: the first cell expanded, (0,0), reaches (1,1) diagonally in yaku; r.watershed
		// skips it because (1,0) (same elevation as (0,0), not expanded) reaches it more steeply (0.6 m / 30 m)
		const dem = syntheticDem('plane', 7, 7, (x) => 3700 + 0.02 * x);
		expect(arrows(flowRouting(dem).dir, 7)).toEqual(Array.from({ length: 7 }, () => '·←←←←←←'));
	});

	it('SYNTHETIC pit(21): drainage identical to r.watershed -s', () => {
		const dem = pit(21);
		// the GeoTIFF round trip GRASS read is lossless (Float32 data)
		expect(arrows(flowRouting(dem).dir, 21)).toEqual(GRASS_PIT21);
	});
});

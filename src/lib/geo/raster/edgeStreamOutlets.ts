/**
 * Streams leave the DEM where they reach its edge, as in GRASS r.watershed's drainage map (do_cum.c, SFD,
 * GRASS 7/8): a cell on the grid border or next to nodata ("edge") passes no flow downstream (yaku:
 * `flowAccumulation(…, { edgeFlow: false })`), and when it is a "swale" — its accumulation ≥ the stream
 * threshold — and drains into the grid, r.watershed turns its drainage OUT of the region (towards the first
 * neighbour outside the region or null). r.water.outlet follows that map, so with r.watershed a basin is cut
 * where a stream meets the edge instead of running along the edge into a corner: GRASS's drainage, and
 * so its basins, depend on the threshold.
 *
 * Returns a copy of `dir` where those cells are outlets (code 0); `acc` must be the edgeFlow: false
 * accumulation of `dir`. (GRASS also marks a cell swale when flow from a swale cell enters it; along
 * non-edge cells accumulation only grows downstream, so that is the same set: accumulation ≥ threshold.)
 * Codes of flowDirection.ts (0 outlet, 255 nodata). Checked against GRASS 8.2.1: docs/terrain.md "Correctness".
 */
import { D8_NODATA } from './flowDirection';

export function edgeStreamOutlets(
	grid: { width: number; height: number },
	dir: Uint8Array,
	acc: Uint32Array,
	thresholdCells: number
): Uint8Array {
	const { width: W, height: H } = grid;
	const out = new Uint8Array(dir);
	for (let i = 0; i < W * H; i++) {
		const d = dir[i] as number;
		if (d === 0 || d === D8_NODATA || (acc[i] as number) < thresholdCells) continue;
		const c = i % W;
		const r = (i - c) / W;
		let edge = r === 0 || c === 0 || r === H - 1 || c === W - 1;
		for (let dr = -1; dr <= 1 && !edge; dr++)
			for (let dc = -1; dc <= 1; dc++)
				if (dir[i + dr * W + dc] === D8_NODATA) {
					edge = true;
					break;
				}
		if (edge) out[i] = 0;
	}
	return out;
}

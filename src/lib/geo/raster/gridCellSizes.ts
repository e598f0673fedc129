/**
 * Cell sizes per row in the DEM's own CRS units (|transform[1]|, |transform[5]|: metres for UTM, degrees for a
 * lon/lat DEM), for the diagonal-bias rule of flowRouting's least-cost search. GRASS r.watershed builds its
 * neighbour distances from the region's ew_res/ns_res, i.e. map units, so in a lon/lat location 1"×1" cells are
 * square; yaku does the same so its drainage matches r.watershed / r.water.outlet on geographic DEMs (decision
 * 133). For projected DEMs this equals rowCellSizesM. Slopes, hillshade and areas keep using metres (cellSize.ts).
 */
import type { Dem } from './types';

export function gridCellSizes(dem: Pick<Dem, 'height' | 'transform'>): {
	dx: Float64Array;
	dy: Float64Array;
} {
	return {
		dx: new Float64Array(dem.height).fill(Math.abs(dem.transform[1])),
		dy: new Float64Array(dem.height).fill(Math.abs(dem.transform[5]))
	};
}

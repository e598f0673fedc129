/**
 * Metric cell sizes per row. For a projected (UTM) DEM they are constant (|t[1]|, |t[5]|, grid metres,
 * like gdaldem). For a geographic DEM (degrees) they are computed per row on the WGS84 ellipsoid, so
 * slope, hillshade and flow work without reprojecting the raster (decision 051).
 */
import type { Dem } from './types';

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const DEG = Math.PI / 180;

/** Metres per degree of longitude and of latitude at latitude `latDeg` (WGS84). */
export function metresPerDegree(latDeg: number): { lon: number; lat: number } {
	const phi = latDeg * DEG;
	const s = Math.sin(phi);
	const w = Math.sqrt(1 - E2 * s * s);
	const n = A / w; // prime vertical radius
	const m = (A * (1 - E2)) / (w * w * w); // meridional radius
	return { lon: n * Math.cos(phi) * DEG, lat: m * DEG };
}

export function isGeographic(dem: Pick<Dem, 'crs'>): boolean {
	return dem.crs === 4326 || dem.crs === 4248;
}

/** dx (east-west) and dy (north-south) in metres for each row (cell centres). */
export function rowCellSizesM(dem: Pick<Dem, 'height' | 'transform' | 'crs'>): {
	dx: Float64Array;
	dy: Float64Array;
} {
	const t = dem.transform;
	const dx = new Float64Array(dem.height);
	const dy = new Float64Array(dem.height);
	for (let r = 0; r < dem.height; r++) {
		if (isGeographic(dem)) {
			const lat = t[3] + (r + 0.5) * t[5];
			const m = metresPerDegree(lat);
			dx[r] = Math.abs(t[1]) * m.lon;
			dy[r] = Math.abs(t[5]) * m.lat;
		} else {
			dx[r] = Math.abs(t[1]);
			dy[r] = Math.abs(t[5]);
		}
	}
	return { dx, dy };
}

/** Nominal metric cell size at the DEM's centre row. */
export function nominalCellSizeM(dem: Pick<Dem, 'height' | 'transform' | 'crs'>): { x: number; y: number } {
	const t = dem.transform;
	if (!isGeographic(dem)) return { x: Math.abs(t[1]), y: Math.abs(t[5]) };
	const m = metresPerDegree(t[3] + (dem.height / 2) * t[5]);
	return { x: Math.abs(t[1]) * m.lon, y: Math.abs(t[5]) * m.lat };
}

/** Area in m² of one cell in row `r` (planimetric). */
export function cellAreasM2(dem: Pick<Dem, 'height' | 'transform' | 'crs'>): Float64Array {
	const { dx, dy } = rowCellSizesM(dem);
	const out = new Float64Array(dem.height);
	for (let r = 0; r < dem.height; r++) out[r] = (dx[r] as number) * (dy[r] as number);
	return out;
}

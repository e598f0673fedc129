/**
 * Pixel ↔ map ↔ lon/lat conversions for a DEM. Pixel coordinates are continuous: (0,0) is the NW corner
 * of the first cell, the centre of cell (col,row) is (col + 0.5, row + 0.5).
 */
import { project, unproject } from '../crs';
import type { Dem } from './types';
import { isGeographic } from './cellSize';

type Grid = Pick<Dem, 'transform' | 'crs' | 'width' | 'height'>;

export function pixelToMap(dem: Grid, px: number, py: number): [number, number] {
	const t = dem.transform;
	return [t[0] + px * t[1] + py * t[2], t[3] + px * t[4] + py * t[5]];
}

export function mapToPixel(dem: Grid, x: number, y: number): [number, number] {
	const t = dem.transform;
	// north-up grids only (readers reject rotation)
	return [(x - t[0]) / t[1], (y - t[3]) / t[5]];
}

/** Pixel → WGS84 lon/lat. */
export function pixelToLonLat(dem: Grid, px: number, py: number): [number, number] {
	const xy = pixelToMap(dem, px, py);
	if (dem.crs === 4326) return xy;
	return unproject(xy, dem.crs);
}

/** WGS84 lon/lat → continuous pixel coordinates (may be outside the grid). */
export function lonLatToPixel(dem: Grid, lon: number, lat: number): [number, number] {
	const xy = dem.crs === 4326 ? ([lon, lat] as [number, number]) : project([lon, lat], dem.crs);
	return mapToPixel(dem, xy[0], xy[1]);
}

/** Map-CRS bounding box [minX, minY, maxX, maxY] of the cell edges. */
export function demBbox(dem: Grid): [number, number, number, number] {
	const a = pixelToMap(dem, 0, 0);
	const b = pixelToMap(dem, dem.width, dem.height);
	return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** lon/lat bounding box (corners and edge midpoints projected; exact for geographic DEMs). */
export function demBboxLonLat(dem: Grid): [number, number, number, number] {
	if (isGeographic(dem) && dem.crs === 4326) return demBbox(dem);
	let minX = Infinity,
		minY = Infinity,
		maxX = -Infinity,
		maxY = -Infinity;
	for (const fx of [0, 0.5, 1])
		for (const fy of [0, 0.5, 1]) {
			const [lon, lat] = pixelToLonLat(dem, fx * dem.width, fy * dem.height);
			minX = Math.min(minX, lon);
			maxX = Math.max(maxX, lon);
			minY = Math.min(minY, lat);
			maxY = Math.max(maxY, lat);
		}
	return [minX, minY, maxX, maxY];
}

/** Bilinear elevation at continuous pixel coordinates (cell centres at +0.5); NaN outside or on nodata. */
export function sampleBilinear(dem: Pick<Dem, 'width' | 'height' | 'data'>, px: number, py: number): number {
	const x = px - 0.5;
	const y = py - 0.5;
	if (x < -0.5 || y < -0.5 || x > dem.width - 0.5 || y > dem.height - 0.5) return NaN;
	const x0 = Math.max(0, Math.min(dem.width - 1, Math.floor(x)));
	const y0 = Math.max(0, Math.min(dem.height - 1, Math.floor(y)));
	const x1 = Math.min(dem.width - 1, x0 + 1);
	const y1 = Math.min(dem.height - 1, y0 + 1);
	const fx = Math.max(0, Math.min(1, x - x0));
	const fy = Math.max(0, Math.min(1, y - y0));
	const d = dem.data;
	const a = d[y0 * dem.width + x0] as number;
	const b = d[y0 * dem.width + x1] as number;
	const c = d[y1 * dem.width + x0] as number;
	const e = d[y1 * dem.width + x1] as number;
	return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy;
}

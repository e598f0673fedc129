/**
 * Rasterizes a WGS84 Polygon/MultiPolygon onto the DEM grid: 1 for cells whose CENTRE is inside
 * (even-odd rule, so holes are excluded). Scanline per row, O(cells in bbox + edges·rows).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { lonLatToPixel } from './coords';
import type { Dem } from './types';

export function polygonMask(
	dem: Pick<Dem, 'width' | 'height' | 'transform' | 'crs'>,
	geometry: Polygon | MultiPolygon
): { mask: Uint8Array; rowMin: number; rowMax: number; cells: number } {
	const { width: W, height: H } = dem;
	const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	const rings = polys
		.flat()
		.map((ring) => ring.map((p) => lonLatToPixel(dem, p[0] as number, p[1] as number)));
	const mask = new Uint8Array(W * H);
	let minY = Infinity;
	let maxY = -Infinity;
	for (const ring of rings)
		for (const p of ring) {
			minY = Math.min(minY, p[1]);
			maxY = Math.max(maxY, p[1]);
		}
	const rowMin = Math.max(0, Math.floor(minY - 0.5));
	const rowMax = Math.min(H - 1, Math.ceil(maxY));
	let cells = 0;
	const xs: number[] = [];
	for (let r = rowMin; r <= rowMax; r++) {
		const y = r + 0.5;
		xs.length = 0;
		for (const ring of rings) {
			for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
				const a = ring[i] as [number, number];
				const b = ring[j] as [number, number];
				if (a[1] > y !== b[1] > y) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
			}
		}
		xs.sort((p, q) => p - q);
		for (let k = 0; k + 1 < xs.length; k += 2) {
			// centres c + 0.5 within [x0, x1)
			const c0 = Math.max(0, Math.ceil((xs[k] as number) - 0.5));
			const c1 = Math.min(W - 1, Math.ceil((xs[k + 1] as number) - 0.5) - 1);
			for (let c = c0; c <= c1; c++) {
				mask[r * W + c] = 1;
				cells++;
			}
		}
	}
	return { mask, rowMin, rowMax, cells };
}

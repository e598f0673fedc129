import { nominalCellSizeM } from '../../../src/lib/geo/raster/cellSize';
import type { Dem } from '../../../src/lib/geo/raster/types';

/** A UTM 18S (EPSG:32718) DEM near Chinchero from a row-major function z(col,row). */
export function demFrom(width: number, height: number, z: (c: number, r: number) => number, cell = 10): Dem {
	const data = new Float32Array(width * height);
	for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data[r * width + c] = z(c, r);
	const base = { width, height, transform: [815000, cell, 0, 8518000, 0, -cell] as const, crs: 32718 };
	return {
		...base,
		data,
		nodata: null,
		cellSizeM: nominalCellSizeM(base),
		metadata: { name: 'test', source: 'SYNTHETIC test', synthetic: true }
	};
}

export function interior(width: number, height: number, margin = 1): number[] {
	const out: number[] = [];
	for (let r = margin; r < height - margin; r++)
		for (let c = margin; c < width - margin; c++) out.push(r * width + c);
	return out;
}

/**
 * Downsampling (block mean of valid cells) and cropping, so a huge DEM (e.g. 10000×10000) fits the
 * browser's budget instead of freezing the tab. Both return a new DEM and say so in metadata.note.
 */
import { nominalCellSizeM } from './cellSize';
import { RasterError, type Dem } from './types';

/** Integer factor so that width·height/factor² ≤ maxCells. */
export function downsampleFactor(width: number, height: number, maxCells: number): number {
	return Math.max(1, Math.ceil(Math.sqrt((width * height) / maxCells)));
}

export function downsample(dem: Dem, factor: number): Dem {
	if (!(Number.isInteger(factor) && factor >= 1))
		throw new RasterError('INVALID_PARAMETER', 'El factor de remuestreo debe ser un entero ≥ 1.');
	if (factor === 1) return dem;
	const W = Math.ceil(dem.width / factor);
	const H = Math.ceil(dem.height / factor);
	const data = new Float32Array(W * H);
	for (let r = 0; r < H; r++)
		for (let c = 0; c < W; c++) {
			let s = 0;
			let n = 0;
			for (let rr = r * factor; rr < Math.min(dem.height, (r + 1) * factor); rr++)
				for (let cc = c * factor; cc < Math.min(dem.width, (c + 1) * factor); cc++) {
					const v = dem.data[rr * dem.width + cc] as number;
					if (v === v) {
						s += v;
						n++;
					}
				}
			data[r * W + c] = n > 0 ? s / n : NaN;
		}
	const t = dem.transform;
	const transform = [t[0], t[1] * factor, 0, t[3], 0, t[5] * factor] as const;
	const base = { width: W, height: H, transform, crs: dem.crs };
	return {
		...base,
		data,
		nodata: dem.nodata,
		cellSizeM: nominalCellSizeM(base),
		metadata: {
			...dem.metadata,
			note: `${dem.metadata.note ? dem.metadata.note + '; ' : ''}remuestreado ×${factor} desde ${dem.width}×${dem.height}`
		}
	};
}

/** Crop to a pixel window [col0, row0, col1, row1) (clamped to the grid). */
export function crop(dem: Dem, window: [number, number, number, number]): Dem {
	const c0 = Math.max(0, Math.floor(window[0]));
	const r0 = Math.max(0, Math.floor(window[1]));
	const c1 = Math.min(dem.width, Math.ceil(window[2]));
	const r1 = Math.min(dem.height, Math.ceil(window[3]));
	if (c1 <= c0 || r1 <= r0)
		throw new RasterError('DEM_EMPTY', 'La ventana de recorte no se superpone al DEM.');
	const W = c1 - c0;
	const H = r1 - r0;
	const data = new Float32Array(W * H);
	for (let r = 0; r < H; r++)
		data.set(dem.data.subarray((r + r0) * dem.width + c0, (r + r0) * dem.width + c1), r * W);
	const t = dem.transform;
	const transform = [t[0] + c0 * t[1], t[1], 0, t[3] + r0 * t[5], 0, t[5]] as const;
	const base = { width: W, height: H, transform, crs: dem.crs };
	return {
		...base,
		data,
		nodata: dem.nodata,
		cellSizeM: nominalCellSizeM(base),
		metadata: { ...dem.metadata, note: `${dem.metadata.note ? dem.metadata.note + '; ' : ''}recortado` }
	};
}

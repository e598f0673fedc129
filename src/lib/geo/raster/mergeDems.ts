/**
 * Mosaics DEMs on the same grid (same CRS and resolution, origins aligned to whole cells), e.g. SRTM
 * S14W073 + S14W072 side by side. Where tiles overlap (SRTM tiles share their edge row/column) the first
 * valid value wins.
 */
import { nominalCellSizeM } from './cellSize';
import { RasterError, type Dem } from './types';

export function mergeDems(dems: readonly Dem[], maxCells = 120_000_000): Dem {
	if (dems.length === 0) throw new RasterError('INVALID_PARAMETER', 'No hay DEM para unir.');
	const first = dems[0] as Dem;
	if (dems.length === 1) return first;
	const t0 = first.transform;
	const rx = t0[1];
	const ry = t0[5];
	for (const d of dems) {
		const t = d.transform;
		if (
			d.crs !== first.crs ||
			Math.abs(t[1] - rx) > 1e-9 * Math.abs(rx) ||
			Math.abs(t[5] - ry) > 1e-9 * Math.abs(ry)
		)
			throw new RasterError(
				'DEM_MERGE_MISMATCH',
				'Los DEM no tienen el mismo sistema de coordenadas ni resolución.'
			);
		const ox = (t[0] - t0[0]) / rx;
		const oy = (t[3] - t0[3]) / ry;
		if (Math.abs(ox - Math.round(ox)) > 1e-3 || Math.abs(oy - Math.round(oy)) > 1e-3)
			throw new RasterError('DEM_MERGE_MISMATCH', 'Las grillas de los DEM no están alineadas.');
	}
	const offs = dems.map((d) => ({
		c: Math.round((d.transform[0] - t0[0]) / rx),
		r: Math.round((d.transform[3] - t0[3]) / ry)
	}));
	const c0 = Math.min(...offs.map((o) => o.c));
	const r0 = Math.min(...offs.map((o) => o.r));
	const c1 = Math.max(...offs.map((o, k) => o.c + (dems[k] as Dem).width));
	const r1 = Math.max(...offs.map((o, k) => o.r + (dems[k] as Dem).height));
	const W = c1 - c0;
	const H = r1 - r0;
	if (W * H > maxCells)
		throw new RasterError('DEM_TOO_LARGE', `El mosaico tendría ${W}×${H} celdas; es demasiado grande.`);
	const data = new Float32Array(W * H).fill(NaN);
	dems.forEach((d, k) => {
		const o = offs[k] as { c: number; r: number };
		for (let r = 0; r < d.height; r++) {
			const dst = (r + o.r - r0) * W + (o.c - c0);
			for (let c = 0; c < d.width; c++) {
				const v = d.data[r * d.width + c] as number;
				if (v === v && data[dst + c] !== data[dst + c]) data[dst + c] = v;
			}
		}
	});
	const transform = [t0[0] + c0 * rx, rx, 0, t0[3] + r0 * ry, 0, ry] as const;
	const base = { width: W, height: H, transform, crs: first.crs };
	return {
		...base,
		data,
		nodata: first.nodata,
		cellSizeM: nominalCellSizeM(base),
		metadata: {
			name: dems.map((d) => d.metadata.name).join('+'),
			source: [...new Set(dems.map((d) => d.metadata.source))].join('; '),
			synthetic: dems.some((d) => d.metadata.synthetic)
		}
	};
}

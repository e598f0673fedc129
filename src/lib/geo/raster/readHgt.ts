/**
 * SRTM .hgt reader (1" = 3601×3601 or 3" = 1201×1201 big-endian int16, nodata −32768), also inside
 * .hgt.gz and .hgt.zip. The tile's south-west corner comes from its name (S14W073 → 14°S, 73°W); the
 * samples are on integer-degree lines (pixel-is-point), so the cell-corner transform is shifted by half
 * a cell. `mergeDems` joins S14W073 + S14W072 (which share their 72°W column) into one grid.
 */
import { nominalCellSizeM } from './cellSize';
import { gunzipCapped, listZip, unzipEntryCapped } from './decompress';
import { RasterError, type Dem } from './types';

const MAX_HGT_BYTES = 3601 * 3601 * 2;

/** Parses 'S14W073' (any case, with any prefix/suffix) to the tile's SW corner. */
export function parseHgtName(name: string): { lat: number; lon: number; id: string } | null {
	const m = /([NS])(\d{1,2})([EW])(\d{1,3})/i.exec(name);
	if (!m) return null;
	const lat = Number(m[2]) * ((m[1] as string).toUpperCase() === 'S' ? -1 : 1);
	const lon = Number(m[4]) * ((m[3] as string).toUpperCase() === 'W' ? -1 : 1);
	if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
	return { lat, lon, id: (m[0] as string).toUpperCase() };
}

/** Raw .hgt bytes → DEM. `name` (file name) gives the position. */
export function readHgtBytes(bytes: Uint8Array, name: string, opts: { synthetic?: boolean } = {}): Dem {
	const pos = parseHgtName(name);
	if (!pos)
		throw new RasterError(
			'DEM_PARSE_ERROR',
			`No se reconoce la posición en el nombre «${name}»: se espera p. ej. S14W073.hgt.`
		);
	const n = Math.round(Math.sqrt(bytes.byteLength / 2));
	if (n * n * 2 !== bytes.byteLength || (n !== 3601 && n !== 1201 && n < 2))
		throw new RasterError('DEM_PARSE_ERROR', `Tamaño de .hgt no válido (${bytes.byteLength} bytes).`);
	const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const data = new Float32Array(n * n);
	for (let i = 0; i < n * n; i++) {
		const v = dv.getInt16(i * 2, false);
		data[i] = v === -32768 ? NaN : v;
	}
	const res = 1 / (n - 1);
	const transform = [pos.lon - res / 2, res, 0, pos.lat + 1 + res / 2, 0, -res] as const;
	const base = { width: n, height: n, transform, crs: 4326 };
	return {
		...base,
		data,
		nodata: -32768,
		cellSizeM: nominalCellSizeM(base),
		metadata: {
			name: pos.id,
			source: opts.synthetic
				? `SYNTHETIC .hgt (${pos.id})`
				: `SRTM .hgt (${pos.id}, ${n === 3601 ? '1"' : '3"'})`,
			synthetic: opts.synthetic ?? /synthetic/i.test(name)
		}
	};
}

/** .hgt, .hgt.gz or .hgt.zip (the first .hgt entry of the zip). */
export async function readHgt(bytes: Uint8Array, fileName: string): Promise<Dem> {
	const lower = fileName.toLowerCase();
	if (lower.endsWith('.gz')) return readHgtBytes(await gunzipCapped(bytes, MAX_HGT_BYTES), fileName);
	if (lower.endsWith('.zip')) {
		const entry = listZip(bytes).find((e) => /\.hgt$/i.test(e.name) && !e.name.includes('..'));
		if (!entry) throw new RasterError('DEM_PARSE_ERROR', 'El ZIP no contiene ningún archivo .hgt.');
		return readHgtBytes(
			await unzipEntryCapped(bytes, entry, MAX_HGT_BYTES),
			entry.name.split('/').pop() as string
		);
	}
	return readHgtBytes(bytes, fileName);
}

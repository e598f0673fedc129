/**
 * Compact transport/storage of a DEM for the server: gzip( JSON header + "\n" + Int16 LE samples ).
 * Samples are decimetres above `baseM` (range ±3276.7 m around the base: far more than a microcuenca's relief);
 * -32768 = nodata. An SRTM 1" crop of Chinchero district (~170k cells) packs to a few hundred KB.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { RasterError, type Dem, type DemMetadata, type GeoTransform } from './types';

export const DEM_PACK_MAGIC = 'YAKU-DEM-1';
/** Largest DEM the server stores (cells). */
export const DEM_PACK_MAX_CELLS = 2_000_000;
const NODATA = -32768;
const SCALE = 10; // decimetres

interface Header {
	magic: string;
	width: number;
	height: number;
	transform: number[];
	crs: number;
	cellSizeM: { x: number; y: number };
	baseM: number;
	metadata: DemMetadata;
}

export function packDem(dem: Dem): Uint8Array {
	let min = Infinity;
	let max = -Infinity;
	for (const v of dem.data)
		if (Number.isFinite(v)) {
			if (v < min) min = v;
			if (v > max) max = v;
		}
	if (!Number.isFinite(min)) throw new RasterError('DEM_EMPTY', 'El DEM no tiene celdas con elevación.');
	const baseM = Math.round((min + max) / 2);
	if ((max - baseM) * SCALE > 32767 || (baseM - min) * SCALE > 32767)
		throw new RasterError(
			'DEM_UNSUPPORTED',
			'El desnivel del DEM supera ±3 276 m alrededor de su valor medio.'
		);
	const header: Header = {
		magic: DEM_PACK_MAGIC,
		width: dem.width,
		height: dem.height,
		transform: [...dem.transform],
		crs: dem.crs,
		cellSizeM: dem.cellSizeM,
		baseM,
		metadata: dem.metadata
	};
	const head = new TextEncoder().encode(JSON.stringify(header) + '\n');
	const body = new Int16Array(dem.width * dem.height);
	for (let i = 0; i < body.length; i++) {
		const v = dem.data[i]!;
		body[i] = Number.isFinite(v) ? Math.round((v - baseM) * SCALE) : NODATA;
	}
	const raw = new Uint8Array(head.length + body.byteLength);
	raw.set(head, 0);
	raw.set(new Uint8Array(body.buffer), head.length);
	return gzipSync(raw, { level: 6 });
}

const bad = (why: string) => new RasterError('DEM_PARSE_ERROR', `Archivo de DEM de yaku no válido: ${why}.`);

/** Inverse of packDem; validates everything (the bytes may be hostile). */
export function unpackDem(bytes: Uint8Array): Dem {
	if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw bad('no es gzip');
	// declared size (ISIZE, last 4 bytes) caps the inflate before it happens
	const isize =
		(bytes[bytes.length - 4]! | (bytes[bytes.length - 3]! << 8) | (bytes[bytes.length - 2]! << 16)) +
		bytes[bytes.length - 1]! * 16777216;
	if (isize > DEM_PACK_MAX_CELLS * 2 + 65536)
		throw new RasterError('DEM_DECOMPRESSION_BOMB', 'El DEM declara un tamaño descomprimido excesivo.');
	let raw: Uint8Array;
	try {
		raw = gunzipSync(bytes, { out: new Uint8Array(isize) });
	} catch {
		throw bad('gzip dañado');
	}
	const nl = raw.indexOf(10);
	if (nl < 0 || nl > 65536) throw bad('sin cabecera');
	let h: Header;
	try {
		h = JSON.parse(new TextDecoder().decode(raw.subarray(0, nl)));
	} catch {
		throw bad('cabecera ilegible');
	}
	const int = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
	if (h?.magic !== DEM_PACK_MAGIC) throw bad('firma desconocida');
	if (!int(h.width) || !int(h.height) || h.width * h.height > DEM_PACK_MAX_CELLS) throw bad('dimensiones');
	if (!Array.isArray(h.transform) || h.transform.length !== 6 || !h.transform.every(Number.isFinite))
		throw bad('transformación');
	if (!int(h.crs) || !Number.isFinite(h.baseM)) throw bad('CRS o base');
	if (!h.cellSizeM || !(h.cellSizeM.x > 0) || !(h.cellSizeM.y > 0)) throw bad('tamaño de celda');
	const meta = h.metadata ?? ({} as DemMetadata);
	if (typeof meta.name !== 'string' || typeof meta.source !== 'string' || typeof meta.synthetic !== 'boolean')
		throw bad('metadatos');
	const n = h.width * h.height;
	if (raw.length - nl - 1 !== n * 2) throw bad('número de muestras');
	const samples = new Int16Array(raw.slice(nl + 1).buffer);
	const data = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		const s = samples[i]!;
		data[i] = s === NODATA ? NaN : h.baseM + s / SCALE;
	}
	return {
		width: h.width,
		height: h.height,
		data,
		nodata: null,
		transform: h.transform as unknown as GeoTransform,
		crs: h.crs,
		cellSizeM: { x: h.cellSizeM.x, y: h.cellSizeM.y },
		metadata: {
			name: meta.name.slice(0, 200),
			source: meta.source.slice(0, 200),
			synthetic: meta.synthetic,
			...(typeof meta.note === 'string' ? { note: meta.note.slice(0, 500) } : {})
		}
	};
}

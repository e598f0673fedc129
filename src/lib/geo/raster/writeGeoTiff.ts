/**
 * Minimal GeoTIFF writer: one band, uncompressed strips, little-endian, Float32 or Uint8, with
 * ModelPixelScale/ModelTiepoint, GeoKeys (EPSG code) and GDAL_NODATA. Used to export derived grids
 * and by the synthetic-DEM script; geotiff.js's writer allocates per value and is ~100× slower.
 */
import { RasterError, type GeoTransform } from './types';

export interface WriteGeoTiffOptions {
	width: number;
	height: number;
	data: Float32Array | Uint8Array | Uint8ClampedArray;
	transform: GeoTransform;
	/** EPSG: 4326 (geographic) or a projected code (e.g. 32718). */
	crs: number;
	nodata?: number | null;
	description?: string;
}

/**
 * The whole file in one Uint8Array. For big grids written to disk, `writeGeoTiffChunks` gives the same
 * bytes without building the file in memory.
 */
export function writeGeoTiff(opts: WriteGeoTiffOptions): Uint8Array {
	return buildGeoTiff(opts, true).out;
}

/**
 * The same bytes as `writeGeoTiff` as a sequence of chunks (header, then the pixels in blocks of about
 * `chunkBytes`, nodata already substituted). A chunk's buffer may be reused by the next one: write it
 * out before asking for the next (e.g. fs.writeSync in a for…of loop).
 */
export function* writeGeoTiffChunks(opts: WriteGeoTiffOptions, chunkBytes = 1 << 20): Generator<Uint8Array> {
	const { out: header } = buildGeoTiff(opts, false);
	yield header;
	const data = opts.data;
	const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	const nodata = opts.nodata;
	if (!(data instanceof Float32Array) || nodata === undefined || nodata === null) {
		for (let o = 0; o < bytes.length; o += chunkBytes) yield bytes.subarray(o, o + chunkBytes);
		return;
	}
	const per = Math.max(1, chunkBytes >> 2);
	const buf = new Float32Array(Math.min(per, data.length));
	for (let o = 0; o < data.length; o += per) {
		const n = Math.min(per, data.length - o);
		// a read-only scan first: chunks without NaN go out as they are (no copy)
		let k = 0;
		while (k < n && data[o + k] === data[o + k]) k++;
		if (k === n) {
			yield bytes.subarray(o * 4, (o + n) * 4);
			continue;
		}
		buf.set(data.subarray(o, o + n));
		for (; k < n; k++) if (buf[k] !== buf[k]) buf[k] = nodata;
		yield new Uint8Array(buf.buffer, 0, n * 4);
	}
}

function buildGeoTiff(opts: WriteGeoTiffOptions, withData: boolean): { out: Uint8Array } {
	const { width: W, height: H, data, transform: t, crs } = opts;
	if (data.length !== W * H) throw new RasterError('GRID_MISMATCH', 'Los datos no coinciden con el tamaño.');
	const isFloat = data instanceof Float32Array;
	const bps = isFloat ? 4 : 1;
	const rowsPerStrip = Math.max(1, Math.floor(65536 / (W * bps)));
	const nStrips = Math.ceil(H / rowsPerStrip);
	const geographic = crs === 4326 || crs === 4248;
	const geoKeys = [
		1,
		1,
		0,
		3,
		1024,
		0,
		1,
		geographic ? 2 : 1,
		1025,
		0,
		1,
		1,
		geographic ? 2048 : 3072,
		0,
		1,
		crs
	];
	const enc = new TextEncoder();
	const desc = opts.description ? enc.encode(opts.description + '\0') : null;
	const nod =
		opts.nodata !== undefined && opts.nodata !== null ? enc.encode(String(opts.nodata) + '\0') : null;
	type Tag = { id: number; type: number; count: number; value: number[] | Uint8Array };
	const SHORT = 3,
		LONG = 4,
		DOUBLE = 12,
		ASCII = 2;
	const stripOffsets = new Array<number>(nStrips).fill(0);
	const stripCounts = Array.from(
		{ length: nStrips },
		(_, k) => Math.min(rowsPerStrip, H - k * rowsPerStrip) * W * bps
	);
	const tags: Tag[] = [
		{ id: 256, type: LONG, count: 1, value: [W] },
		{ id: 257, type: LONG, count: 1, value: [H] },
		{ id: 258, type: SHORT, count: 1, value: [bps * 8] },
		{ id: 259, type: SHORT, count: 1, value: [1] },
		{ id: 262, type: SHORT, count: 1, value: [1] },
		...(desc ? [{ id: 270, type: ASCII, count: desc.length, value: desc }] : []),
		{ id: 273, type: LONG, count: nStrips, value: stripOffsets },
		{ id: 277, type: SHORT, count: 1, value: [1] },
		{ id: 278, type: LONG, count: 1, value: [rowsPerStrip] },
		{ id: 279, type: LONG, count: nStrips, value: stripCounts },
		{ id: 284, type: SHORT, count: 1, value: [1] },
		{ id: 339, type: SHORT, count: 1, value: [isFloat ? 3 : 1] },
		{ id: 33550, type: DOUBLE, count: 3, value: [t[1], -t[5], 0] },
		{ id: 33922, type: DOUBLE, count: 6, value: [0, 0, 0, t[0], t[3], 0] },
		{ id: 34735, type: SHORT, count: geoKeys.length, value: geoKeys },
		...(nod ? [{ id: 42113, type: ASCII, count: nod.length, value: nod }] : [])
	];
	const size = (tg: Tag) =>
		tg.count * (tg.type === DOUBLE ? 8 : tg.type === LONG ? 4 : tg.type === SHORT ? 2 : 1);
	const ifdSize = 2 + tags.length * 12 + 4;
	let extra = 8 + ifdSize;
	const extraOffsets = tags.map((tg) => {
		if (size(tg) <= 4) return -1;
		extra += extra % 2;
		const o = extra;
		extra += size(tg);
		return o;
	});
	let dataStart = extra + (extra % 8 ? 8 - (extra % 8) : 0);
	for (let k = 0; k < nStrips; k++) {
		stripOffsets[k] = dataStart;
		dataStart += stripCounts[k] as number;
	}
	const out = new Uint8Array(withData ? dataStart : (stripOffsets[0] as number));
	const dv = new DataView(out.buffer);
	out[0] = 0x49;
	out[1] = 0x49;
	dv.setUint16(2, 42, true);
	dv.setUint32(4, 8, true);
	dv.setUint16(8, tags.length, true);
	const writeValues = (tg: Tag, at: number) => {
		if (tg.value instanceof Uint8Array) {
			out.set(tg.value, at);
			return;
		}
		tg.value.forEach((v, k) => {
			if (tg.type === DOUBLE) dv.setFloat64(at + 8 * k, v, true);
			else if (tg.type === LONG) dv.setUint32(at + 4 * k, v, true);
			else dv.setUint16(at + 2 * k, v, true);
		});
	};
	tags.forEach((tg, k) => {
		const p = 10 + k * 12;
		dv.setUint16(p, tg.id, true);
		dv.setUint16(p + 2, tg.type, true);
		dv.setUint32(p + 4, tg.count, true);
		const eo = extraOffsets[k] as number;
		if (eo < 0) writeValues(tg, p + 8);
		else {
			dv.setUint32(p + 8, eo, true);
			writeValues(tg, eo);
		}
	});
	dv.setUint32(10 + tags.length * 12, 0, true);
	const start = stripOffsets[0] as number;
	if (!withData) return { out };
	if (isFloat) {
		const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		// little-endian platforms (all browsers/Node here) store Float32Array LE already
		out.set(bytes, start);
		if (nod !== null && opts.nodata !== null && opts.nodata !== undefined) {
			const view = new Float32Array(out.buffer, start, W * H);
			for (let i = 0; i < view.length; i++) if (view[i] !== view[i]) view[i] = opts.nodata;
		}
	} else out.set(data, start);
	return { out };
}

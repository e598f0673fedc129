/**
 * Capped decompression for DEM archives (.gz, .zip) with the platform DecompressionStream
 * (browsers and Node ≥ 18): output is streamed and aborted as soon as it exceeds `maxBytes`, so a
 * decompression bomb cannot exhaust memory (parser-hazards.md).
 */
import { RasterError } from './types';

async function inflateCapped(
	bytes: Uint8Array,
	format: 'gzip' | 'deflate-raw',
	maxBytes: number
): Promise<Uint8Array> {
	const ds = new DecompressionStream(format);
	const writer = ds.writable.getWriter();
	writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
	writer.close().catch(() => {});
	const reader = ds.readable.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > maxBytes) {
				await reader.cancel().catch(() => {});
				throw new RasterError(
					'DEM_DECOMPRESSION_BOMB',
					`El archivo comprimido se expande a más de ${Math.round(maxBytes / 1e6)} MB; se rechaza.`
				);
			}
			chunks.push(value);
		}
	} catch (e) {
		if (e instanceof RasterError) throw e;
		throw new RasterError('DEM_PARSE_ERROR', 'El archivo comprimido está dañado o incompleto.');
	}
	const out = new Uint8Array(total);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.byteLength;
	}
	return out;
}

export function gunzipCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
	return inflateCapped(bytes, 'gzip', maxBytes);
}

export interface ZipEntry {
	name: string;
	method: number;
	compressedSize: number;
	size: number;
	localOffset: number;
}

/** Lists entries from the central directory (no zip64). */
export function listZip(bytes: Uint8Array): ZipEntry[] {
	const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
		if (dv.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new RasterError('DEM_PARSE_ERROR', 'El ZIP está dañado (sin directorio central).');
	const count = dv.getUint16(eocd + 10, true);
	let p = dv.getUint32(eocd + 16, true);
	const entries: ZipEntry[] = [];
	for (let k = 0; k < count; k++) {
		if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50)
			throw new RasterError('DEM_PARSE_ERROR', 'El ZIP está dañado (directorio central).');
		const nameLen = dv.getUint16(p + 28, true);
		const extraLen = dv.getUint16(p + 30, true);
		const commentLen = dv.getUint16(p + 32, true);
		entries.push({
			method: dv.getUint16(p + 10, true),
			compressedSize: dv.getUint32(p + 20, true),
			size: dv.getUint32(p + 24, true),
			localOffset: dv.getUint32(p + 42, true),
			name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen))
		});
		p += 46 + nameLen + extraLen + commentLen;
	}
	return entries;
}

/** Extracts one entry, never producing more than `maxBytes` (the declared size is not trusted). */
export async function unzipEntryCapped(
	bytes: Uint8Array,
	entry: ZipEntry,
	maxBytes: number
): Promise<Uint8Array> {
	const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const p = entry.localOffset;
	if (p + 30 > bytes.length || dv.getUint32(p, true) !== 0x04034b50)
		throw new RasterError('DEM_PARSE_ERROR', 'El ZIP está dañado (cabecera local).');
	const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
	const end = start + entry.compressedSize;
	if (end > bytes.length) throw new RasterError('DEM_PARSE_ERROR', 'El ZIP está truncado.');
	const data = bytes.subarray(start, end);
	if (entry.method === 0) {
		if (data.byteLength > maxBytes)
			throw new RasterError('DEM_TOO_LARGE', 'El archivo dentro del ZIP es demasiado grande.');
		return data.slice();
	}
	if (entry.method !== 8)
		throw new RasterError('DEM_UNSUPPORTED', `Método de compresión ZIP ${entry.method} no soportado.`);
	return inflateCapped(data, 'deflate-raw', maxBytes);
}

/**
 * Minimal, bounded ZIP reader for zipped shapefiles (server-only).
 *
 * Written instead of shpjs's but-unzip because of parser-hazards.md: a truncated zip without an
 * end-of-central-directory record makes but-unzip loop forever, and zip bombs inflate to gigabytes
 * outside the JS heap. Here the central directory must exist and be in bounds, declared sizes are
 * capped, and every entry is inflated with `maxOutputLength` equal to its declared size, so a lying
 * header cannot inflate more than the cap. Only "stored" and "deflate" entries, no zip64, no encryption.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
	/** Entry name exactly as stored (may contain folders). */
	name: string;
	data: Buffer;
}

export interface ZipLimits {
	maxEntries: number;
	/** Cap on the sum of declared uncompressed sizes of the entries that are read. */
	maxTotalBytes: number;
	/** Cap on uncompressed / compressed size per entry. */
	maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxEntries: 2000,
	maxTotalBytes: 512 * 1024 * 1024,
	maxRatio: 1000
};

export class ZipError extends Error {
	readonly code = 'GEODATA_INVALID';
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

/** Reads the entries accepted by `want(name)`; throws ZipError with a Spanish message on bad input. */
export function readZip(
	buf: Buffer,
	want: (name: string) => boolean,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS
): ZipEntry[] {
	if (buf.length < 22) throw new ZipError('ZIP dañado: el archivo es demasiado corto.');
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
		if (buf.readUInt32LE(i) === EOCD) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new ZipError('ZIP truncado o dañado: no tiene directorio central.');
	const count = buf.readUInt16LE(eocd + 10);
	const cdSize = buf.readUInt32LE(eocd + 12);
	const cdOffset = buf.readUInt32LE(eocd + 16);
	if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 no admitido.');
	if (count > limits.maxEntries) throw new ZipError(`El ZIP tiene demasiadas entradas (${count}).`);
	if (cdOffset + cdSize > eocd) throw new ZipError('ZIP dañado: directorio central fuera del archivo.');

	const out: ZipEntry[] = [];
	let total = 0;
	let p = cdOffset;
	for (let n = 0; n < count; n++) {
		if (p + 46 > eocd || buf.readUInt32LE(p) !== CEN)
			throw new ZipError('ZIP dañado: directorio central ilegible.');
		const flags = buf.readUInt16LE(p + 8);
		const method = buf.readUInt16LE(p + 10);
		const compSize = buf.readUInt32LE(p + 20);
		const size = buf.readUInt32LE(p + 24);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		const local = buf.readUInt32LE(p + 42);
		if (p + 46 + nameLen > eocd) throw new ZipError('ZIP dañado: nombre de entrada fuera del archivo.');
		const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
		p += 46 + nameLen + extraLen + commentLen;
		if (name.endsWith('/') || !want(name)) continue;
		if (flags & 1) throw new ZipError(`ZIP cifrado no admitido (${name}).`);
		if (method !== 0 && method !== 8) throw new ZipError(`Método de compresión no admitido en ${name}.`);
		if (compSize === 0xffffffff || size === 0xffffffff) throw new ZipError('ZIP64 no admitido.');
		total += size;
		if (total > limits.maxTotalBytes) {
			throw new ZipError(`El ZIP descomprimido superaría ${limits.maxTotalBytes / 1024 / 1024} MB.`);
		}
		if (size > Math.max(1, compSize) * limits.maxRatio) {
			throw new ZipError(`Proporción de compresión sospechosa en ${name} (posible bomba ZIP).`);
		}
		if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOC) {
			throw new ZipError(`ZIP dañado: cabecera local de ${name} ilegible.`);
		}
		const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		if (start + compSize > buf.length) throw new ZipError(`ZIP truncado: ${name} está incompleto.`);
		const raw = buf.subarray(start, start + compSize);
		let data: Buffer;
		if (method === 0) {
			data = Buffer.from(raw);
		} else {
			try {
				data = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
			} catch {
				throw new ZipError(`No se pudo descomprimir ${name} (dañado o mayor que lo declarado).`);
			}
		}
		if (data.length !== size) throw new ZipError(`Tamaño de ${name} distinto del declarado en el ZIP.`);
		out.push({ name, data });
	}
	return out;
}

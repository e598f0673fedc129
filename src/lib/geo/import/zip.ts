/**
 * Zip reading with caps, for zipped shapefiles and KMZ. The central directory is parsed here with
 * bounds checks (a truncated zip is a clean IMPORT_ZIP_CORRUPT, never a loop); each entry is inflated
 * with fflate's streaming Inflate in chunks and a running output cap, so a zip bomb stops at the cap
 * instead of filling memory (its buffers live outside the JS heap, --max-old-space-size does not help).
 */
import { Inflate } from 'fflate';
import { ImportError } from './errors';
import type { ReadContext } from './context';

export interface ZipEntry {
	/** Name as stored (forward slashes). */
	name: string;
	compressedSize: number;
	size: number;
	method: number;
	offset: number;
	encrypted: boolean;
	isDir: boolean;
	/** false for absolute paths or ones with '..' segments (never used as names). */
	safe: boolean;
}

const SIG_EOCD = 0x06054b50;
const SIG_CEN = 0x02014b50;
const SIG_LOC = 0x04034b50;
const MAX_ENTRIES = 10_000;

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

function u16(b: Uint8Array, p: number): number {
	return (b[p] as number) | ((b[p + 1] as number) << 8);
}
function u32(b: Uint8Array, p: number): number {
	return (
		((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) +
		(b[p + 3] as number) * 0x1000000
	);
}

function corrupt(detail: string): ImportError {
	return new ImportError('IMPORT_ZIP_CORRUPT', { detail });
}

const nameDecoder = new TextDecoder('utf-8');
const cp437ish = new TextDecoder('windows-1252');

/** List the entries from the central directory. Throws IMPORT_ZIP_CORRUPT on any inconsistency. */
export function listZip(bytes: Uint8Array): ZipEntry[] {
	if (bytes.length < 22) throw corrupt('demasiado corto');
	// EOCD: last 22 bytes + up to 65535 of comment
	let eocd = -1;
	const stop = Math.max(0, bytes.length - 22 - 65535);
	for (let p = bytes.length - 22; p >= stop; p--) {
		if (u32(bytes, p) === SIG_EOCD) {
			eocd = p;
			break;
		}
	}
	if (eocd < 0) throw corrupt('sin directorio central (¿truncado?)');
	const total = u16(bytes, eocd + 10);
	const cdSize = u32(bytes, eocd + 12);
	const cdOffset = u32(bytes, eocd + 16);
	if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0) {
		throw new ImportError('IMPORT_ZIP_UNSUPPORTED', { detail: 'ZIP en varios volúmenes' });
	}
	if (total === 0xffff || cdOffset === 0xffffffff) {
		throw new ImportError('IMPORT_ZIP_UNSUPPORTED', { detail: 'ZIP64' });
	}
	if (total > MAX_ENTRIES) throw corrupt(`${total} entradas`);
	if (cdOffset + cdSize > eocd) throw corrupt('directorio central fuera del archivo');
	const entries: ZipEntry[] = [];
	let p = cdOffset;
	for (let i = 0; i < total; i++) {
		if (p + 46 > eocd || u32(bytes, p) !== SIG_CEN) throw corrupt(`entrada ${i + 1} del directorio`);
		const flags = u16(bytes, p + 8);
		const method = u16(bytes, p + 10);
		const compressedSize = u32(bytes, p + 20);
		const size = u32(bytes, p + 24);
		const nameLen = u16(bytes, p + 28);
		const extraLen = u16(bytes, p + 30);
		const commentLen = u16(bytes, p + 32);
		const offset = u32(bytes, p + 42);
		const nameEnd = p + 46 + nameLen;
		if (nameEnd > eocd) throw corrupt(`nombre de la entrada ${i + 1}`);
		const rawName = bytes.subarray(p + 46, nameEnd);
		const name = (flags & 0x800 ? nameDecoder : cp437ish).decode(rawName).replace(/\\/g, '/');
		const segments = name.split('/');
		const safe =
			!name.startsWith('/') &&
			!/^[a-zA-Z]:/.test(name) &&
			!segments.includes('..') &&
			!name.includes('\u0000');
		entries.push({
			name,
			compressedSize,
			size,
			method,
			offset,
			encrypted: (flags & 1) === 1,
			isDir: name.endsWith('/'),
			safe
		});
		p = nameEnd + extraLen + commentLen;
	}
	return entries;
}

/** Check an entry's declared sizes against the caps before any inflating. */
export function checkDeclared(e: ZipEntry, ctx: ReadContext): void {
	const { maxUncompressedBytes, maxRatio } = ctx.limits;
	if (e.size > maxUncompressedBytes) {
		throw new ImportError('IMPORT_ZIP_BOMB', { detail: `${e.name}: ${e.size} bytes declarados` });
	}
	if (e.compressedSize > 0 && e.size / e.compressedSize > maxRatio && e.size > 1024 * 1024) {
		throw new ImportError('IMPORT_ZIP_BOMB', {
			detail: `${e.name}: razón ${Math.round(e.size / e.compressedSize)}:1`
		});
	}
}

const CHUNK = 64 * 1024;

/**
 * Extract one entry. `budget` is the remaining uncompressed byte allowance over the whole zip; the
 * running output is capped at min(declared size, budget) and at maxRatio × compressed size.
 */
export function extract(
	bytes: Uint8Array,
	e: ZipEntry,
	ctx: ReadContext,
	budget: { left: number }
): Uint8Array {
	if (e.encrypted) throw new ImportError('IMPORT_ZIP_UNSUPPORTED', { detail: `${e.name} está cifrado` });
	checkDeclared(e, ctx);
	const p = e.offset;
	if (p + 30 > bytes.length || u32(bytes, p) !== SIG_LOC) throw corrupt(`cabecera local de ${e.name}`);
	const start = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
	const end = start + e.compressedSize;
	if (end > bytes.length) throw corrupt(`${e.name} está truncado`);
	const data = bytes.subarray(start, end);
	if (e.method === 0) {
		if (e.size !== e.compressedSize) throw corrupt(`${e.name}: tamaños inconsistentes`);
		if (e.size > budget.left)
			throw new ImportError('IMPORT_ZIP_BOMB', { detail: 'tamaño total descomprimido' });
		budget.left -= e.size;
		return data.slice();
	}
	if (e.method !== 8) {
		throw new ImportError('IMPORT_ZIP_UNSUPPORTED', {
			detail: `método de compresión ${e.method} en ${e.name}`
		});
	}
	const cap = Math.min(
		budget.left,
		ctx.limits.maxUncompressedBytes,
		Math.max(1024 * 1024, e.compressedSize * ctx.limits.maxRatio)
	);
	// The declared size is a claim: we allow at most the cap, and require the real size to match it.
	const chunks: Uint8Array[] = [];
	let produced = 0;
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		produced += chunk.length;
		if (produced > cap) throw new ImportError('IMPORT_ZIP_BOMB', { detail: `${e.name} supera ${cap} bytes` });
		chunks.push(chunk);
		if (final) ended = true;
	});
	try {
		for (let i = 0; i < data.length; i += CHUNK) {
			inflater.push(data.subarray(i, Math.min(data.length, i + CHUNK)), i + CHUNK >= data.length);
			ctx.checkAbort();
		}
		if (data.length === 0) inflater.push(new Uint8Array(0), true);
	} catch (err) {
		if (err instanceof ImportError) throw err;
		throw corrupt(`${e.name}: datos comprimidos inválidos`);
	}
	if (!ended) throw corrupt(`${e.name}: datos comprimidos incompletos`);
	if (produced !== e.size) throw corrupt(`${e.name}: tamaño real ${produced} ≠ declarado ${e.size}`);
	budget.left -= produced;
	const out = new Uint8Array(produced);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.length;
	}
	return out;
}

/** The platform's native raw-deflate decoder (browsers, workers, Node ≥ 18), when present. */
function nativeInflate(): boolean {
	try {
		if (typeof DecompressionStream !== 'function') return false;
		new DecompressionStream('deflate-raw');
		return true;
	} catch {
		return false;
	}
}
let native: boolean | null = null;

/**
 * extract() with the platform's DecompressionStream (native zlib, ~4× fflate) read chunk by chunk
 * under the same caps: the reading stops and the stream is cancelled as soon as the output passes the
 * cap, so a bomb costs at most one chunk over it. Falls back to extract() where there is no native
 * 'deflate-raw'.
 */
export async function extractAsync(
	bytes: Uint8Array,
	e: ZipEntry,
	ctx: ReadContext,
	budget: { left: number }
): Promise<Uint8Array> {
	native ??= nativeInflate();
	if (!native || e.method !== 8 || e.encrypted) return extract(bytes, e, ctx, budget);
	checkDeclared(e, ctx);
	const p = e.offset;
	if (p + 30 > bytes.length || u32(bytes, p) !== SIG_LOC) throw corrupt(`cabecera local de ${e.name}`);
	const start = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
	const end = start + e.compressedSize;
	if (end > bytes.length) throw corrupt(`${e.name} está truncado`);
	const cap = Math.min(
		budget.left,
		ctx.limits.maxUncompressedBytes,
		Math.max(1024 * 1024, e.compressedSize * ctx.limits.maxRatio)
	);
	const ds = new DecompressionStream('deflate-raw');
	const writer = ds.writable.getWriter();
	const reader = ds.readable.getReader();
	// a copy: the stream may transfer (detach) what it is given
	const writing = writer
		.write(bytes.slice(start, end))
		.then(() => writer.close())
		.catch(() => undefined);
	const chunks: Uint8Array[] = [];
	let produced = 0;
	try {
		for (;;) {
			const r = await reader.read();
			if (r.done) break;
			produced += r.value.length;
			if (produced > cap) {
				void reader.cancel().catch(() => undefined);
				throw new ImportError('IMPORT_ZIP_BOMB', { detail: `${e.name} supera ${cap} bytes` });
			}
			chunks.push(r.value);
			ctx.checkAbort();
		}
	} catch (err) {
		void reader.cancel().catch(() => undefined);
		if (err instanceof ImportError) throw err;
		throw corrupt(`${e.name}: datos comprimidos inválidos`);
	}
	await writing;
	if (produced !== e.size) throw corrupt(`${e.name}: tamaño real ${produced} ≠ declarado ${e.size}`);
	budget.left -= produced;
	if (chunks.length === 1) return chunks[0] as Uint8Array;
	const out = new Uint8Array(produced);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.length;
	}
	return out;
}

/** readZip() inflating with extractAsync (native zlib when available). */
export async function readZipAsync(
	bytes: Uint8Array,
	ctx: ReadContext,
	want: (name: string) => boolean
): Promise<Map<string, Uint8Array>> {
	const entries = listZip(bytes);
	const out = new Map<string, Uint8Array>();
	const budget = { left: ctx.limits.maxUncompressedBytes };
	const chosen = entries.filter((e) => !e.isDir && want(e.name));
	for (const e of chosen) checkDeclared(e, ctx);
	for (const e of entries) {
		if (!e.safe) ctx.warn('IMPORT_ZIP_UNSAFE_NAME', { entry: e.name.slice(0, 100) });
	}
	const safe = chosen.filter((e) => e.safe);
	for (let i = 0; i < safe.length; i++) {
		const e = safe[i] as ZipEntry;
		out.set(e.name, await extractAsync(bytes, e, ctx, budget));
		ctx.progress((0.3 * (i + 1)) / safe.length);
	}
	return out;
}

/** Extract the entries accepted by `want` (safe, non-directory ones only). */
export function readZip(
	bytes: Uint8Array,
	ctx: ReadContext,
	want: (name: string) => boolean
): Map<string, Uint8Array> {
	const entries = listZip(bytes);
	const out = new Map<string, Uint8Array>();
	const budget = { left: ctx.limits.maxUncompressedBytes };
	const chosen = entries.filter((e) => !e.isDir && want(e.name));
	for (const e of chosen) checkDeclared(e, ctx);
	for (const e of entries) {
		if (!e.safe) ctx.warn('IMPORT_ZIP_UNSAFE_NAME', { entry: e.name.slice(0, 100) });
	}
	chosen
		.filter((e) => e.safe)
		.forEach((e, i) => {
			out.set(e.name, extract(bytes, e, ctx, budget));
			ctx.progress((0.3 * (i + 1)) / chosen.length);
		});
	return out;
}

/**
 * Structural pre-check of a (Big)TIFF before geotiff.js sees it: header, IFD chain without cycles
 * (geotiff.js loops on a self-referencing IFD), declared size against the sample cap (a 10 KB file
 * can declare gigabytes), strip/tile offsets inside the file.
 */
import { ImportError } from './errors';

export interface TiffInfo {
	bigTiff: boolean;
	littleEndian: boolean;
	ifdCount: number;
	width: number;
	height: number;
	samplesPerPixel: number;
	bitsPerSample: number;
	photometric: number | null;
	tiled: boolean;
}

const MAX_IFDS = 64;
const MAX_ENTRIES = 4096;
const TYPE_SIZE: Record<number, number> = {
	1: 1,
	2: 1,
	3: 2,
	4: 4,
	5: 8,
	6: 1,
	7: 1,
	8: 2,
	9: 4,
	10: 8,
	11: 4,
	12: 8,
	16: 8,
	17: 8,
	18: 8
};

export function isTiff(b: Uint8Array): boolean {
	if (b.length < 8) return false;
	const ii = b[0] === 0x49 && b[1] === 0x49;
	const mm = b[0] === 0x4d && b[1] === 0x4d;
	if (!ii && !mm) return false;
	const magic = ii ? (b[2] as number) | ((b[3] as number) << 8) : ((b[2] as number) << 8) | (b[3] as number);
	return magic === 42 || magic === 43;
}

function corrupt(detail: string): ImportError {
	return new ImportError('IMPORT_TIFF_CORRUPT', { detail });
}

export function checkTiff(b: Uint8Array, maxSamples: number): TiffInfo {
	if (!isTiff(b)) throw corrupt('no es un TIFF');
	const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
	const le = b[0] === 0x49;
	const big = (le ? v.getUint16(2, true) : v.getUint16(2, false)) === 43;
	const u16 = (p: number): number => v.getUint16(p, le);
	const u32 = (p: number): number => v.getUint32(p, le);
	const u64 = (p: number): number => {
		const lo = v.getUint32(p + (le ? 0 : 4), le);
		const hi = v.getUint32(p + (le ? 4 : 0), le);
		return hi * 2 ** 32 + lo;
	};
	const need = (p: number, n: number, what: string): void => {
		if (p < 0 || p + n > b.length || !Number.isSafeInteger(p + n)) throw corrupt(`${what} fuera del archivo`);
	};
	need(0, big ? 16 : 8, 'cabecera');
	let ifd = big ? u64(8) : u32(4);
	const seen = new Set<number>();
	let first: Map<number, number[]> | null = null;
	let count = 0;
	while (ifd !== 0) {
		if (seen.has(ifd)) throw new ImportError('IMPORT_TIFF_IFD_LOOP');
		seen.add(ifd);
		if (++count > MAX_IFDS) throw corrupt(`más de ${MAX_IFDS} directorios`);
		need(ifd, big ? 8 : 2, 'directorio (IFD)');
		const n = big ? u64(ifd) : u16(ifd);
		if (n === 0 || n > MAX_ENTRIES) throw corrupt(`IFD con ${n} entradas`);
		const entSize = big ? 20 : 12;
		const start = ifd + (big ? 8 : 2);
		need(start, n * entSize + (big ? 8 : 4), 'entradas del IFD');
		if (!first) {
			first = new Map();
			for (let i = 0; i < n; i++) {
				const e = start + i * entSize;
				const tag = u16(e);
				const type = u16(e + 2);
				const cnt = big ? u64(e + 4) : u32(e + 4);
				const size = (TYPE_SIZE[type] ?? 0) * cnt;
				if (!TYPE_SIZE[type]) continue;
				const inline = size <= (big ? 8 : 4);
				const at = inline ? e + (big ? 12 : 8) : big ? u64(e + 12) : u32(e + 8);
				if (![256, 257, 258, 262, 273, 277, 278, 279, 322, 323, 324, 325].includes(tag)) continue;
				// sizes of the image and of its blocks must be integers (SHORT/LONG/LONG8): a DOUBLE RowsPerStrip
				// of 4e-309 made geotiff.js plan ~10^310 strips and run out of memory (found by the fuzz run)
				if ([256, 257, 278, 322, 323].includes(tag) && ![3, 4, 16].includes(type))
					throw corrupt(`etiqueta ${tag} de tipo ${type} (se espera un entero)`);
				need(at, size, `etiqueta ${tag}`);
				if (cnt > 10_000_000) throw corrupt(`etiqueta ${tag} con ${cnt} valores`);
				const vals: number[] = [];
				for (let k = 0; k < cnt; k++) {
					const p = at + k * (TYPE_SIZE[type] as number);
					vals.push(
						type === 3 || type === 8
							? u16(p)
							: type === 16 || type === 17
								? u64(p)
								: type === 1 || type === 6
									? (b[p] as number)
									: u32(p)
					);
				}
				first.set(tag, vals);
			}
		}
		const next = start + n * entSize;
		ifd = big ? u64(next) : u32(next);
	}
	if (!first) throw corrupt('sin directorios');
	const width = first.get(256)?.[0] ?? 0;
	const height = first.get(257)?.[0] ?? 0;
	const spp = first.get(277)?.[0] ?? 1;
	const bps = first.get(258)?.[0] ?? 1;
	if (width === 0 || height === 0) throw corrupt(`imagen de ${width}×${height} píxeles`);
	if (spp < 1 || spp > 256) throw corrupt(`${spp} muestras por píxel`);
	if (width * height * spp > maxSamples) {
		throw new ImportError('IMPORT_TIFF_TOO_LARGE', { width, height, bands: spp, max: maxSamples });
	}
	const rps = first.get(278)?.[0];
	if (rps === 0) throw corrupt('RowsPerStrip = 0');
	if (first.get(322)?.[0] === 0 || first.get(323)?.[0] === 0) throw corrupt('teselas de tamaño 0');
	const tiled = first.has(324);
	const offs = first.get(tiled ? 324 : 273);
	const counts = first.get(tiled ? 325 : 279);
	if (!offs || !counts || offs.length !== counts.length)
		throw corrupt('sin tablas de bandas/teselas coherentes');
	for (let i = 0; i < offs.length; i++)
		need(offs[i] as number, counts[i] as number, `banda ${i + 1} (¿truncado?)`);
	return {
		bigTiff: big,
		littleEndian: le,
		ifdCount: count,
		width,
		height,
		samplesPerPixel: spp,
		bitsPerSample: bps,
		photometric: first.get(262)?.[0] ?? null,
		tiled
	};
}

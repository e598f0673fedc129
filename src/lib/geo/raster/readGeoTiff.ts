/**
 * GeoTIFF DEM reader on geotiff.js (imported lazily). Reads the FIRST image only, strip by strip or
 * tile by tile straight into a Float32Array (no per-value readRasters allocation), downsampling on the
 * fly (block mean) when the image exceeds `maxCells`, with a warning.
 *
 * Guards (parser-hazards.md): never calls getImageCount() (IFD loops); rejects 0×0 images, rotated grids,
 * absurd sizes (`maxPixels`), blocks outside the file, blocks sharing the same bytes (the "one deflate
 * block for every strip" bomb) and any block that decodes to more than its declared size; the running
 * decoded total is capped. Unknown or broken GeoKeys give a clear error instead of silent degrees.
 */
import { crsDef } from '../crs';
import { nominalCellSizeM } from './cellSize';
import { downsampleFactor } from './resample';
import { RasterError, type Dem, type GeoTransform, type RunOptions } from './types';

export interface ReadGeoTiffOptions extends RunOptions {
	name?: string;
	/** Larger images are downsampled (block mean) on read. Default 25,000,000 cells (5000²). */
	maxCells?: number;
	/** Images with more pixels are refused outright. Default 400,000,000. */
	maxPixels?: number;
	/** Mark as synthetic (also inferred from 'SYNTHETIC' in the name or ImageDescription). */
	synthetic?: boolean;
	/**
	 * Allow `dem.data` to be a view on the input bytes (no copy) when the pixels are uncompressed
	 * little-endian float32 in contiguous strips without nodata values. Only when the caller owns the
	 * bytes and will not modify or transfer them afterwards. Default false.
	 */
	zeroCopy?: boolean;
}

export interface ReadDemResult {
	dem: Dem;
	/** Spanish, user-facing warnings (downsampled, CRS assumed…). */
	warnings: string[];
}

interface GeoTiffModule {
	fromArrayBuffer: (b: ArrayBuffer) => Promise<{ getImage: (i?: number) => Promise<unknown> }>;
	getDecoder: (
		compression: number,
		params: unknown
	) => Promise<{ decode: (b: ArrayBuffer) => Promise<ArrayBuffer> }>;
}

interface Img {
	getWidth(): number;
	getHeight(): number;
	getTileWidth(): number;
	getTileHeight(): number;
	getSamplesPerPixel(): number;
	getBitsPerSample(i?: number): number;
	getSampleFormat(i?: number): number;
	getGDALNoData(): number | null;
	getGeoKeys(): Record<string, number | string | number[]> | null;
	getOrigin(): number[];
	getResolution(): number[];
	isTiled: boolean;
	planarConfiguration: number;
	littleEndian: boolean;
	fileDirectory: {
		getValue(tag: string): unknown;
		hasTag(tag: string): boolean;
		loadValue(tag: string): Promise<unknown>;
	};
}

function fail(
	code:
		| 'DEM_PARSE_ERROR'
		| 'DEM_EMPTY'
		| 'DEM_TOO_LARGE'
		| 'DEM_DECOMPRESSION_BOMB'
		| 'DEM_CRS_UNKNOWN'
		| 'DEM_UNSUPPORTED',
	msg: string
): never {
	throw new RasterError(code, msg);
}

function toNumbers(v: unknown): number[] {
	if (v === undefined || v === null) return [];
	if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
	if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<number | bigint>, Number);
	return [];
}

export async function readGeoTiff(
	input: ArrayBuffer | Uint8Array,
	options: ReadGeoTiffOptions = {}
): Promise<ReadDemResult> {
	// no copy when the bytes already span their whole ArrayBuffer (files read by Node or fetch)
	const buffer: ArrayBuffer = !(input instanceof Uint8Array)
		? input
		: input.byteOffset === 0 &&
			  input.byteLength === input.buffer.byteLength &&
			  input.buffer instanceof ArrayBuffer
			? input.buffer
			: (input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength) as ArrayBuffer);
	const fileSize = buffer.byteLength;
	const warnings: string[] = [];
	const geotiff = (await import('geotiff')) as unknown as GeoTiffModule;
	let image: Img;
	try {
		const tiff = await geotiff.fromArrayBuffer(buffer);
		image = (await tiff.getImage(0)) as Img;
	} catch {
		fail('DEM_PARSE_ERROR', 'El archivo no es un GeoTIFF válido o está dañado.');
	}
	const w = image.getWidth();
	const h = image.getHeight();
	if (!(w > 0 && h > 0)) fail('DEM_EMPTY', 'El GeoTIFF no tiene píxeles (imagen de 0×0).');
	if (w * h > (options.maxPixels ?? 400_000_000))
		fail('DEM_TOO_LARGE', `El GeoTIFF tiene ${w}×${h} píxeles; es demasiado grande para el navegador.`);
	const fd = image.fileDirectory;
	const bits = image.getBitsPerSample(0);
	const fmt = image.getSampleFormat(0) ?? 1;
	const spp = image.getSamplesPerPixel();
	const planar = image.planarConfiguration;
	if (![8, 16, 32, 64].includes(bits) || (fmt === 3 && bits < 32))
		fail('DEM_UNSUPPORTED', `Tipo de dato no soportado (${bits} bits, formato ${fmt}).`);
	const bps = bits / 8;
	const pixelStride =
		planar === 2
			? bps
			: (() => {
					let s = 0;
					for (let k = 0; k < spp; k++) s += image.getBitsPerSample(k) / 8;
					return s;
				})();

	// --- georeferencing
	let transform: GeoTransform;
	const mt = toNumbers(fd.getValue('ModelTransformation'));
	if (mt.length >= 16) {
		if ((mt[1] ?? 0) !== 0 || (mt[4] ?? 0) !== 0)
			fail('DEM_UNSUPPORTED', 'El GeoTIFF está rotado; no se admite.');
		transform = [mt[3] as number, mt[0] as number, 0, mt[7] as number, 0, mt[5] as number];
	} else {
		let origin: number[];
		let res: number[];
		try {
			origin = image.getOrigin();
			res = image.getResolution();
		} catch {
			fail('DEM_CRS_UNKNOWN', 'El GeoTIFF no tiene georreferencia (ModelTiepoint/ModelPixelScale).');
		}
		transform = [origin[0] as number, res[0] as number, 0, origin[1] as number, 0, res[1] as number];
	}
	if (!transform.every(Number.isFinite) || transform[1] <= 0 || transform[5] >= 0)
		fail('DEM_UNSUPPORTED', 'La georreferencia del GeoTIFF no es una grilla norte-arriba válida.');
	const keys = image.getGeoKeys() ?? {};
	if (keys.GTRasterTypeGeoKey === 2) {
		// PixelIsPoint: tie point is a cell centre (GDAL convention: shift to corner)
		transform = [
			transform[0] - transform[1] / 2,
			transform[1],
			0,
			transform[3] - transform[5] / 2,
			0,
			transform[5]
		];
	}
	let crs: number;
	const proj = Number(keys.ProjectedCSTypeGeoKey);
	const geog = Number(keys.GeographicTypeGeoKey);
	const model = Number(keys.GTModelTypeGeoKey);
	if (Number.isFinite(proj) && proj > 0) {
		if (!crsDef(proj) || proj === 4326)
			fail(
				'DEM_CRS_UNKNOWN',
				`Sistema de coordenadas EPSG:${proj} no soportado; reproyecte a UTM WGS84 (p. ej. EPSG:32718) o a EPSG:4326.`
			);
		crs = proj;
	} else if (model === 2 || (Number.isFinite(geog) && geog > 0)) {
		crs = geog === 4248 ? 4248 : 4326;
		if (Number.isFinite(geog) && geog !== 4326 && geog !== 4248)
			warnings.push(`Datum geográfico EPSG:${geog} tratado como WGS84 (EPSG:4326).`);
	} else {
		const looksGeographic =
			Math.abs(transform[0]) <= 180 &&
			Math.abs(transform[3]) <= 90 &&
			transform[1] < 1 &&
			Math.abs(transform[5]) < 1;
		if (!looksGeographic)
			fail(
				'DEM_CRS_UNKNOWN',
				'El GeoTIFF no declara su sistema de coordenadas (GeoKeys ausentes o dañadas).'
			);
		crs = 4326;
		warnings.push('El GeoTIFF no declara su sistema de coordenadas: se asume WGS84 geográfico (EPSG:4326).');
	}

	// --- blocks: validate offsets before decoding anything
	const tiled = image.isTiled;
	const offsets = toNumbers(await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets'));
	const counts = toNumbers(await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts'));
	const tw = image.getTileWidth();
	const th = image.getTileHeight();
	const across = Math.ceil(w / tw);
	const down = Math.ceil(h / th);
	const nBlocks = across * down * (planar === 2 ? spp : 1);
	if (offsets.length < nBlocks || counts.length < nBlocks)
		fail('DEM_PARSE_ERROR', 'El GeoTIFF está incompleto (faltan bloques).');
	const seen = new Set<number>();
	let totalCompressed = 0;
	for (let k = 0; k < across * down; k++) {
		const o = offsets[k] as number;
		const n = counts[k] as number;
		if (n === 0) continue;
		if (o < 0 || o + n > fileSize)
			fail('DEM_PARSE_ERROR', 'El GeoTIFF está truncado (bloque fuera del archivo).');
		if (seen.has(o))
			fail('DEM_DECOMPRESSION_BOMB', 'El GeoTIFF reutiliza los mismos datos en varios bloques; se rechaza.');
		seen.add(o);
		totalCompressed += n;
	}
	if (totalCompressed > fileSize)
		fail('DEM_PARSE_ERROR', 'El GeoTIFF está dañado (tamaños de bloque incoherentes).');

	const compression = Number(fd.getValue('Compression') ?? 1);
	let decoder: { decode: (b: ArrayBuffer) => Promise<ArrayBuffer> };
	try {
		decoder = await geotiff.getDecoder(compression, {
			tileWidth: tw,
			tileHeight: th,
			planarConfiguration: planar,
			bitsPerSample: toNumbers(fd.getValue('BitsPerSample')),
			predictor: Number(fd.getValue('Predictor') ?? 1) || 1
		});
	} catch {
		fail('DEM_UNSUPPORTED', `Compresión TIFF ${compression} no soportada.`);
	}

	// --- output grid (downsampled if needed)
	const factor = downsampleFactor(w, h, options.maxCells ?? 25_000_000);
	const W = Math.ceil(w / factor);
	const H = Math.ceil(h / factor);
	const cnt = factor > 1 ? new Uint16Array(W * H) : null;
	const nodata = image.getGDALNoData();
	// uncompressed little-endian float32 at full resolution: copy block rows straight from the file
	// bytes (no decoder, no per-block slice); blocks were validated against the file size above
	const raw =
		compression === 1 &&
		fmt === 3 &&
		bits === 32 &&
		image.littleEndian &&
		pixelStride === 4 &&
		!cnt &&
		(planar === 1 || spp === 1);
	let complete = raw;
	if (raw)
		for (let k = 0; k < across * down; k++) {
			const rowsK = Math.min(th, h - Math.floor(k / across) * th);
			if ((counts[k] as number) < rowsK * tw * 4) complete = false;
		}
	// zero-copy: one strip after another, 4-byte aligned, exactly the pixels, no nodata value present
	let view: Float32Array | null = null;
	if (raw && complete && options.zeroCopy && tw === w && W === w && (offsets[0] as number) % 4 === 0) {
		let contiguous = true;
		for (let k = 0; k < down && contiguous; k++) {
			const rowsK = Math.min(th, h - k * th);
			if ((counts[k] as number) !== rowsK * w * 4) contiguous = false;
			else if (k > 0 && offsets[k] !== (offsets[k - 1] as number) + (counts[k - 1] as number))
				contiguous = false;
		}
		if (contiguous) {
			view = new Float32Array(buffer, offsets[0] as number, W * H);
			if (nodata !== null && view.includes(nodata)) view = null;
		}
	}
	const sums = view ?? new Float32Array(W * H);
	if (!cnt && !complete) sums.fill(NaN);
	if (raw && !view) {
		const src = new Uint8Array(buffer);
		const dst = new Uint8Array(sums.buffer);
		for (let by = 0; by < down; by++) {
			if (options.shouldCancel?.()) throw new RasterError('RASTER_CANCELLED', 'Operación cancelada.');
			options.onProgress?.(by / down);
			for (let bx = 0; bx < across; bx++) {
				const k = by * across + bx;
				const o = offsets[k] as number;
				const n = counts[k] as number;
				const rows = Math.min(th, h - by * th, Math.floor(n / (tw * 4)));
				const cols = Math.min(tw, w - bx * tw);
				const at = by * th * W + bx * tw;
				if (cols === W && tw === W)
					dst.set(src.subarray(o, o + rows * W * 4), at * 4); // whole strip, contiguous
				else
					for (let r = 0; r < rows; r++)
						dst.set(src.subarray(o + r * tw * 4, o + (r * tw + cols) * 4), (at + r * W) * 4);
				// nodata → NaN while the block is still in cache (not as a second pass over the grid)
				if (nodata !== null)
					for (let r = 0; r < rows; r++) {
						const end = at + r * W + cols;
						for (let i = at + r * W; i < end; i++) if (sums[i] === nodata) sums[i] = NaN;
					}
			}
		}
	}
	const le = image.littleEndian;
	const blockBytes = tw * th * pixelStride;
	const maxDecoded = blockBytes * across * down * 1.01 + 65536;
	let decodedTotal = 0;
	const fast = fmt === 3 && bits === 32 && le && pixelStride === 4 && !cnt;
	const tickEvery = Math.max(1, Math.floor((across * down) / 50));
	for (let by = 0; by < (raw ? 0 : down); by++) {
		for (let bx = 0; bx < across; bx++) {
			const k = by * across + bx;
			if (k % tickEvery === 0) {
				if (options.shouldCancel?.()) throw new RasterError('RASTER_CANCELLED', 'Operación cancelada.');
				options.onProgress?.(k / (across * down));
			}
			const o = offsets[k] as number;
			const n = counts[k] as number;
			if (n === 0) continue;
			let buf: ArrayBuffer;
			try {
				buf = await decoder.decode(buffer.slice(o, o + n));
			} catch {
				fail('DEM_PARSE_ERROR', 'No se pudo descomprimir un bloque del GeoTIFF (archivo dañado).');
			}
			decodedTotal += buf.byteLength;
			if (buf.byteLength > blockBytes + 1024 || decodedTotal > maxDecoded)
				fail(
					'DEM_DECOMPRESSION_BOMB',
					'Un bloque del GeoTIFF se descomprime a más de lo declarado; se rechaza.'
				);
			const dv = new DataView(buf);
			const rows = Math.min(th, h - by * th);
			const cols = Math.min(tw, w - bx * tw);
			const rowsAvail = Math.min(rows, Math.floor(buf.byteLength / (tw * pixelStride)));
			if (fast) {
				// little-endian float32, one sample, full resolution: copy rows, nodata pass at the end
				const f32 = new Float32Array(buf, 0, rowsAvail * tw);
				for (let r = 0; r < rowsAvail; r++)
					sums.set(f32.subarray(r * tw, r * tw + cols), (by * th + r) * W + bx * tw);
				continue;
			}
			for (let r = 0; r < rowsAvail; r++) {
				const gy = by * th + r;
				const orow = ((gy / factor) | 0) * W;
				for (let c = 0; c < cols; c++) {
					const p = (r * tw + c) * pixelStride;
					let v: number;
					if (fmt === 3) v = bits === 32 ? dv.getFloat32(p, le) : dv.getFloat64(p, le);
					else if (fmt === 2)
						v =
							bits === 8
								? dv.getInt8(p)
								: bits === 16
									? dv.getInt16(p, le)
									: bits === 32
										? dv.getInt32(p, le)
										: NaN;
					else
						v =
							bits === 8
								? dv.getUint8(p)
								: bits === 16
									? dv.getUint16(p, le)
									: bits === 32
										? dv.getUint32(p, le)
										: NaN;
					if (v !== v || v === nodata || !Number.isFinite(v)) continue;
					const gx = bx * tw + c;
					const oi = orow + ((gx / factor) | 0);
					if (cnt) {
						sums[oi] = (sums[oi] as number) + v;
						cnt[oi] = (cnt[oi] as number) + 1;
					} else sums[oi] = v;
				}
			}
		}
	}
	if (fast && !raw && nodata !== null)
		for (let i = 0; i < sums.length; i++) if (sums[i] === nodata) sums[i] = NaN;
	if (cnt) {
		for (let i = 0; i < sums.length; i++) sums[i] = cnt[i] ? (sums[i] as number) / (cnt[i] as number) : NaN;
		warnings.push(
			`El DEM de ${w}×${h} celdas se remuestreó ×${factor} (a ${W}×${H}) para no bloquear el navegador.`
		);
	}
	const outTransform: GeoTransform = [
		transform[0],
		transform[1] * factor,
		0,
		transform[3],
		0,
		transform[5] * factor
	];
	const base = { width: W, height: H, transform: outTransform, crs };
	const description = String(fd.getValue('ImageDescription') ?? '');
	const name = options.name ?? 'GeoTIFF';
	const synthetic = options.synthetic ?? (/synthetic/i.test(name) || /synthetic/i.test(description));
	options.onProgress?.(1);
	return {
		dem: {
			...base,
			data: sums,
			nodata,
			cellSizeM: nominalCellSizeM(base),
			metadata: {
				name,
				source: synthetic ? `SYNTHETIC GeoTIFF (${name})` : `GeoTIFF (${name})`,
				synthetic,
				...(factor > 1 ? { note: `remuestreado ×${factor} desde ${w}×${h}` } : {})
			}
		},
		warnings
	};
}

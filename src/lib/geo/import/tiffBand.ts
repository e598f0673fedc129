/**
 * One-pass read of a single-band (DEM) GeoTIFF: each tile or strip is located from the IFD, decoded
 * with geotiff.js's decoder for its compression (DEFLATE: the native one of tiffDeflate.ts) and
 * predictor, then copied row by row from a typed-array view into the Float32 output, with no-data →
 * NaN and min/max in the same loop. geotiff.js's own readRasters reads every sample through a DataView
 * call and needs a second pass for the statistics, and it cannot read 64-bit integers or complex
 * samples, which GDAL reads (complex: the real part, as GDAL's statistics use). Returns null where this
 * path does not apply (several samples, big-endian, float16, odd bit depths); the caller then uses
 * readRasters.
 */
import { getDecoder, type GeoTIFFImage } from 'geotiff';

export interface BandRead {
	values: Float32Array;
	min: number;
	max: number;
	/** Complex samples, read as their real part. */
	complex: boolean;
}

/** A typed view of one decoded block, and how many numbers make one sample (2 for complex). */
function view(
	format: number,
	bits: number,
	data: ArrayBuffer
): { a: ArrayLike<number | bigint>; k: 1 | 2 } | null {
	const n = (b: number) => Math.floor(data.byteLength / b);
	switch (`${format}:${bits}`) {
		case '1:8':
			return { a: new Uint8Array(data), k: 1 };
		case '1:16':
			return { a: new Uint16Array(data, 0, n(2)), k: 1 };
		case '1:32':
			return { a: new Uint32Array(data, 0, n(4)), k: 1 };
		case '1:64':
			return { a: new BigUint64Array(data, 0, n(8)), k: 1 };
		case '2:8':
			return { a: new Int8Array(data), k: 1 };
		case '2:16':
			return { a: new Int16Array(data, 0, n(2)), k: 1 };
		case '2:32':
			return { a: new Int32Array(data, 0, n(4)), k: 1 };
		case '2:64':
			return { a: new BigInt64Array(data, 0, n(8)), k: 1 };
		case '3:32':
			return { a: new Float32Array(data, 0, n(4)), k: 1 };
		case '3:64':
			return { a: new Float64Array(data, 0, n(8)), k: 1 };
		case '5:32':
			return { a: new Int16Array(data, 0, n(2)), k: 2 };
		case '5:64':
			return { a: new Int32Array(data, 0, n(4)), k: 2 };
		case '6:64':
			return { a: new Float32Array(data, 0, n(4)), k: 2 };
		case '6:128':
			return { a: new Float64Array(data, 0, n(8)), k: 2 };
		default:
			return null;
	}
}

/**
 * Copy `rows` × `cols` samples of a decoded block (row stride `tw` samples of `step` numbers; complex:
 * step 2, real part first) into `values` at (x0, y0), no-data/non-finite → NaN, updating mm = [min, max].
 * A plain function with locals (not a closure) so that V8 keeps the loop tight.
 */
function copyRows(
	values: Float32Array,
	W: number,
	a: ArrayLike<number>,
	step: number,
	tw: number,
	x0: number,
	y0: number,
	cols: number,
	rows: number,
	nd: number,
	mm: Float64Array
): void {
	let min = mm[0] as number;
	let max = mm[1] as number;
	for (let r = 0; r < rows; r++) {
		let s = r * tw * step;
		let o = (y0 + r) * W + x0;
		const end = o + cols;
		for (; o < end; o++, s += step) {
			const x = a[s] as number;
			if (x === nd || x - x !== 0) values[o] = NaN;
			else {
				values[o] = x;
				if (x < min) min = x;
				if (x > max) max = x;
			}
		}
	}
	mm[0] = min;
	mm[1] = max;
}

export async function readSingleBand(
	image: GeoTIFFImage,
	file: ArrayBuffer,
	noData: number | null
): Promise<BandRead | null> {
	const img = image as unknown as {
		littleEndian: boolean;
		fileDirectory: {
			getValue(tag: string): unknown;
			loadValue(tag: string): Promise<unknown>;
			hasTag(tag: string): boolean;
		};
	};
	if (image.getSamplesPerPixel() !== 1 || !img.littleEndian) return null;
	const fd = img.fileDirectory;
	const bits = Number((fd.getValue('BitsPerSample') as ArrayLike<number> | undefined)?.[0] ?? 0);
	const format = Number((fd.getValue('SampleFormat') as ArrayLike<number> | undefined)?.[0] ?? 1);
	if (!view(format, bits, new ArrayBuffer(16))) return null;
	const W = image.getWidth();
	const H = image.getHeight();
	const tiled = !fd.hasTag('StripOffsets');
	const tw = Number(await fd.loadValue(tiled ? 'TileWidth' : 'ImageWidth'));
	const declaredTh = Number(
		tiled
			? await fd.loadValue('TileLength')
			: (await fd.loadValue('RowsPerStrip')) || (await fd.loadValue('ImageLength'))
	);
	const th = tiled ? declaredTh : Math.min(declaredTh, H);
	if (!(tw > 0 && th > 0)) return null;
	const compression = Number(fd.getValue('Compression') ?? 1) || 1;
	// the same parameters geotiff.js's readRasters passes (its defaultDecoderParameterFn)
	const decoder = await getDecoder(compression, {
		tileWidth: tw,
		tileHeight: declaredTh,
		planarConfiguration: Number(await fd.loadValue('PlanarConfiguration')),
		bitsPerSample: (await fd.loadValue('BitsPerSample')) as number[],
		predictor: Number((await fd.loadValue('Predictor')) || 1)
	});
	const offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint>;
	const counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<
		number | bigint
	>;
	const values = new Float32Array(W * H);
	const mm = new Float64Array([Infinity, -Infinity]); // running min, max
	// GDAL compares no-data in the band's precision: -3.4e38 declared matches the float32 value stored
	const nd = noData === null ? NaN : format === 3 && bits === 32 ? Math.fround(noData) : noData;
	const nx = Math.ceil(W / tw);
	const ny = Math.ceil(H / th);
	if (offsets.length < nx * ny || counts.length < nx * ny) return null;
	let unusable = false;
	const copy = (bx: number, by: number, data: ArrayBuffer | null): void => {
		const x0 = bx * tw;
		const y0 = by * th;
		const cols = Math.min(tw, W - x0);
		const rows = Math.min(th, H - y0);
		const v = data ? view(format, bits, data) : null;
		if (!v || v.a.length < ((rows - 1) * tw + cols) * v.k) {
			if (data) unusable = true;
			for (let r = 0; r < rows; r++) values.fill(NaN, (y0 + r) * W + x0, (y0 + r) * W + x0 + cols);
			return;
		}
		// 64-bit integers: to doubles once per block, then the same loop
		const a: ArrayLike<number> =
			typeof v.a[0] === 'bigint'
				? Float64Array.from(v.a as ArrayLike<bigint>, Number)
				: (v.a as ArrayLike<number>);
		copyRows(values, W, a, v.k, tw, x0, y0, cols, rows, nd, mm);
	};
	const jobs: Promise<void>[] = [];
	for (let by = 0; by < ny; by++)
		for (let bx = 0; bx < nx; bx++) {
			const i = by * nx + bx;
			const off = Number(offsets[i]);
			const cnt = Number(counts[i]);
			if (cnt === 0) {
				copy(bx, by, null); // an empty block: no data, as GDAL reads it
				continue;
			}
			if (!(off >= 0 && cnt > 0 && off + cnt <= file.byteLength)) return null;
			jobs.push(
				Promise.resolve(decoder.decode(file.slice(off, off + cnt))).then((d) =>
					copy(bx, by, d as ArrayBuffer)
				)
			);
		}
	await Promise.all(jobs);
	if (unusable) return null;
	return { values, min: mm[0] as number, max: mm[1] as number, complex: format >= 5 };
}

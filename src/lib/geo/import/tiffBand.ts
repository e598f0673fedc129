/**
 * One-pass read of a single-band (DEM) GeoTIFF: geotiff.js locates, decodes (with the registered
 * DEFLATE decoder, see tiffDeflate.ts) and un-predicts each tile or strip; each block is then copied row
 * by row from a typed-array view into the Float32 output, with no-data → NaN and min/max in the same
 * loop. geotiff.js's own readRasters reads every sample through a DataView call and needs a second pass
 * for the statistics. Returns null where this path does not apply (several samples, big-endian,
 * float16, odd bit depths); the caller then uses readRasters.
 */
import { getDecoder, type GeoTIFFImage } from 'geotiff';

export interface BandRead {
	values: Float32Array;
	min: number;
	max: number;
}

type Block = { x: number; y: number; data: ArrayBuffer };

export async function readSingleBand(image: GeoTIFFImage, noData: number | null): Promise<BandRead | null> {
	const img = image as unknown as {
		littleEndian: boolean;
		isTiled: boolean;
		fileDirectory: {
			getValue(tag: string): unknown;
			loadValue(tag: string): Promise<unknown>;
			hasTag(tag: string): boolean;
		};
		getTileOrStrip(x: number, y: number, sample: number, decoder: unknown): Promise<Block>;
		getArrayForSample(sample: number, data: ArrayBuffer): ArrayLike<number>;
	};
	if (image.getSamplesPerPixel() !== 1 || !img.littleEndian) return null;
	const bits = image.getBitsPerSample(0) as number;
	const format = image.getSampleFormat(0) as number;
	if (![8, 16, 32, 64].includes(bits) || (format === 3 && bits < 32) || format < 1 || format > 3) return null;
	const fd = img.fileDirectory;
	const W = image.getWidth();
	const H = image.getHeight();
	const tw = image.getTileWidth();
	const th = image.getTileHeight();
	if (!(tw > 0 && th > 0)) return null;
	const compression = Number(fd.getValue('Compression') ?? 1) || 1;
	// the same parameters geotiff.js's readRasters passes (its defaultDecoderParameterFn)
	const tiled = !fd.hasTag('StripOffsets');
	const decoder = await getDecoder(compression, {
		tileWidth: Number(await fd.loadValue(tiled ? 'TileWidth' : 'ImageWidth')),
		tileHeight: Number(
			tiled
				? await fd.loadValue('TileLength')
				: (await fd.loadValue('RowsPerStrip')) || (await fd.loadValue('ImageLength'))
		),
		planarConfiguration: Number(await fd.loadValue('PlanarConfiguration')),
		bitsPerSample: (await fd.loadValue('BitsPerSample')) as number[],
		predictor: Number((await fd.loadValue('Predictor')) || 1)
	});
	const values = new Float32Array(W * H);
	let min = Infinity;
	let max = -Infinity;
	const nd = noData ?? NaN;
	const nx = Math.ceil(W / tw);
	const ny = Math.ceil(H / th);
	let unusable = false;
	const copy = (b: Block): void => {
		const need = tw * Math.min(th, H - b.y * th);
		let src: ArrayLike<number>;
		try {
			src = img.getArrayForSample(0, b.data);
		} catch {
			unusable = true;
			return;
		}
		if (src.length < need - (tw - Math.min(tw, W - b.x * tw))) {
			unusable = true;
			return;
		}
		const x0 = b.x * tw;
		const y0 = b.y * th;
		const cols = Math.min(tw, W - x0);
		const rows = Math.min(th, H - y0);
		for (let r = 0; r < rows; r++) {
			let s = r * tw;
			let o = (y0 + r) * W + x0;
			for (let c = 0; c < cols; c++, s++, o++) {
				const v = src[s] as number;
				if (v === nd || v - v !== 0) values[o] = NaN;
				else {
					values[o] = v;
					if (v < min) min = v;
					if (v > max) max = v;
				}
			}
		}
	};
	const jobs: Promise<void>[] = [];
	for (let y = 0; y < ny; y++)
		for (let x = 0; x < nx; x++) jobs.push(img.getTileOrStrip(x, y, 0, decoder).then(copy));
	await Promise.all(jobs);
	if (unusable) return null;
	return { values, min, max };
}

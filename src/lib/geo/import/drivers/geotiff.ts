/**
 * GeoTIFF driver: one layer with `raster` (DEM as Float32 with NaN for no-data, or an RGBA
 * orthophoto) and its footprint polygon in WGS84 as the single feature. The file is pre-checked by
 * ../tiffCheck.ts (IFD cycles, declared size, offsets) before geotiff.js decodes the first image.
 */
import { fromArrayBuffer } from 'geotiff';
import type { Feature, Geometry } from 'geojson';
import { crsDef, unproject } from '../../crs';
import { ReadContext, baseName } from '../context';
import { ImportError } from '../errors';
import { declaredFromEpsg, type DeclaredCrs } from '../layer';
import { checkTiff, isTiff } from '../tiffCheck';
import { readSingleBand } from '../tiffBand';
import { registerFastDeflate } from '../tiffDeflate';
import type { Driver, ImportResult, ImportedLayer, RasterData, ReadOptions } from '../types';

type Corner = [number, number];

function detail(e: unknown): string {
	return (e instanceof Error ? e.message : String(e)).slice(0, 120);
}

export const geotiffDriver: Driver = {
	id: 'geotiff',
	extensions: ['.tif', '.tiff', '.gtiff'],
	label: 'GeoTIFF (MDE u ortofoto)',
	sniff(bytes) {
		return isTiff(bytes) ? 0.95 : 0;
	},
	async read(bytes, opts) {
		try {
			return await readTiff(bytes, opts);
		} catch (e) {
			// geotiff.js throws plain Errors on malformed GeoKeys, tags, compressed data…
			if (e instanceof ImportError) throw e;
			throw new ImportError('IMPORT_TIFF_CORRUPT', { detail: detail(e) });
		}
	}
};

async function readTiff(bytes: Uint8Array, opts: ReadOptions): Promise<ImportResult> {
	{
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		const info = checkTiff(bytes, ctx.limits.maxRasterSamples);
		ctx.progress(0.1);
		const name = baseName(opts.name);
		let image;
		registerFastDeflate();
		// geotiff.js wants an ArrayBuffer (and only reads it): no copy when the bytes are the whole buffer
		const buf =
			bytes.byteOffset === 0 &&
			bytes.byteLength === bytes.buffer.byteLength &&
			bytes.buffer instanceof ArrayBuffer
				? bytes.buffer
				: (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		try {
			const tiff = await fromArrayBuffer(buf);
			image = await tiff.getImage(0);
		} catch (e) {
			throw new ImportError('IMPORT_TIFF_CORRUPT', { detail: detail(e) });
		}
		// Georeferencing. Without it (as GDAL does) the image is still read, in pixel coordinates, with a
		// warning that says how to georeference it; it cannot be placed on the map.
		let bbox: [number, number, number, number] = [0, 0, image.getWidth(), image.getHeight()];
		let resolution: [number, number] = [1, 1];
		let georef = true;
		try {
			const b = image.getBoundingBox();
			const r = image.getResolution();
			bbox = [b[0] as number, b[1] as number, b[2] as number, b[3] as number];
			resolution = [Math.abs(r[0] as number), Math.abs(r[1] as number)];
			if (!bbox.every(Number.isFinite)) georef = false;
		} catch {
			georef = false;
		}
		if (!georef) {
			bbox = [0, 0, image.getWidth(), image.getHeight()];
			resolution = [1, 1];
			const tie = (
				image.fileDirectory as unknown as { getValue(t: string): ArrayLike<number> | undefined }
			).getValue('ModelTiepoint');
			const gcps = tie ? Math.floor(tie.length / 6) : 0;
			ctx.warn('IMPORT_TIFF_NO_GEOREF', {
				how:
					gcps > 1
						? `tiene ${gcps} puntos de control (GCP): rectifíquelo antes, p. ej. gdalwarp -t_srs EPSG:32718 entrada.tif salida.tif`
						: 'georreferéncielo antes, p. ej. gdal_translate -a_srs EPSG:32718 -a_ullr <xmin> <ymax> <xmax> <ymin> entrada.tif salida.tif, o con QGIS'
			});
		}
		const keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
		const code = Number(keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey ?? NaN);
		let declared: DeclaredCrs | null =
			georef && Number.isInteger(code) && code !== 32767 ? declaredFromEpsg(String(code)) : null;
		if (opts.sourceCrs && georef) {
			declared = declaredFromEpsg(opts.sourceCrs);
			if (!declared) throw new ImportError('IMPORT_CRS_UNSUPPORTED', { crs: opts.sourceCrs.slice(0, 60) });
		}
		// Pixels
		ctx.progress(0.3);
		const spp = info.samplesPerPixel;
		const rgbLike =
			(spp >= 3 && info.bitsPerSample === 8) || info.photometric === 3 || info.photometric === 6;
		const width = image.getWidth();
		const height = image.getHeight();
		const noData = image.getGDALNoData();
		const raster: RasterData = {
			width,
			height,
			bands: spp,
			kind: rgbLike ? 'rgb' : 'dem',
			bbox,
			resolution,
			noData,
			sampleType: `${info.bitsPerSample}-bit`,
			...(georef ? {} : { georeferenced: false })
		};
		try {
			if (rgbLike) {
				const rgb = (await image.readRGB({
					interleave: true,
					enableAlpha: false
				})) as unknown as ArrayLike<number>;
				const rgba = new Uint8ClampedArray(width * height * 4);
				for (let i = 0, j = 0; i < width * height; i++, j += 3) {
					rgba[i * 4] = rgb[j] as number;
					rgba[i * 4 + 1] = rgb[j + 1] as number;
					rgba[i * 4 + 2] = rgb[j + 2] as number;
					rgba[i * 4 + 3] = 255;
				}
				raster.rgba = rgba;
			} else {
				const fast = await readSingleBand(image, buf, noData);
				if (fast?.complex) ctx.warn('IMPORT_TIFF_COMPLEX');
				let values: Float32Array;
				let min = Infinity;
				let max = -Infinity;
				if (fast) ({ values, min, max } = fast);
				else {
					const bands = (await image.readRasters({ samples: [0] })) as unknown as ArrayLike<number>[];
					const src = bands[0] as ArrayLike<number>;
					values = new Float32Array(width * height);
					for (let i = 0; i < values.length; i++) {
						const x = src[i] as number;
						if (x === noData || !Number.isFinite(x)) values[i] = NaN;
						else {
							values[i] = x;
							if (x < min) min = x;
							if (x > max) max = x;
						}
					}
				}
				raster.values = values;
				if (min <= max) {
					raster.min = min;
					raster.max = max;
				}
			}
		} catch (e) {
			if (e instanceof ImportError) throw e;
			throw new ImportError('IMPORT_TIFF_UNSUPPORTED', { detail: detail(e) });
		}
		ctx.progress(0.9);
		// Footprint
		let footprint: Feature<Geometry | null> | null = null;
		if (declared) {
			const epsg = declared.epsg as number;
			const [x0, y0, x1, y1] = bbox;
			const c = (x: number, y: number): Corner =>
				crsDef(epsg)?.kind === 'geographic' && epsg === 4326 ? [x, y] : unproject([x, y], epsg);
			const corners: [Corner, Corner, Corner, Corner] = [c(x0, y1), c(x1, y1), c(x1, y0), c(x0, y0)];
			if (
				corners.every(
					(p) =>
						Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90
				)
			) {
				raster.cornersWgs84 = corners;
				footprint = {
					type: 'Feature',
					properties: { name },
					geometry: {
						type: 'Polygon',
						coordinates: [[corners[3], corners[2], corners[1], corners[0], corners[3]]]
					}
				};
			}
		}
		if (!footprint && georef) ctx.warn('IMPORT_TIFF_NO_CRS');
		const layer: ImportedLayer = {
			name,
			format: 'geotiff',
			crs: declared
				? { detected: declared.id, used: declared.id, label: declared.label, confirmed: true }
				: { used: null, confirmed: false, ...(Number.isInteger(code) ? { detected: `EPSG:${code}` } : {}) },
			features: footprint ? [footprint] : [],
			invalid: [],
			fields: [{ name: 'name', type: 'string' }],
			raster
		};
		if (raster.cornersWgs84) {
			const xs = raster.cornersWgs84.map((p) => p[0]);
			const ys = raster.cornersWgs84.map((p) => p[1]);
			layer.bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
		}
		ctx.progress(1);
		return { format: 'geotiff', layers: [layer], warnings: ctx.warnings };
	}
}

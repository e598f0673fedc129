/**
 * A GeoTIFF read by the importer (RGB orthophoto or DEM) shown on the map as a MapLibre image source,
 * placed by its WGS84 corners (`raster.cornersWgs84`, ul/ur/lr/ll). A DEM is painted with a simple
 * hypsometric ramp (min → max, nodata transparent). Uses `ctrl.map`; controller.ts is not touched.
 */
import type { ImageSource, Map as MlMap } from 'maplibre-gl';
import type { RasterData } from '$lib/geo/import/types';

/** Hypsometric ramp stops (t 0..1 → RGB). */
const RAMP: [number, [number, number, number]][] = [
	[0, [38, 115, 77]],
	[0.35, [166, 196, 108]],
	[0.65, [222, 184, 135]],
	[0.85, [160, 112, 80]],
	[1, [250, 250, 250]]
];

function ramp(t: number): [number, number, number] {
	for (let i = 1; i < RAMP.length; i++) {
		const [t1, c1] = RAMP[i] as [number, [number, number, number]];
		const [t0, c0] = RAMP[i - 1] as [number, [number, number, number]];
		if (t <= t1) {
			const k = (t - t0) / (t1 - t0 || 1);
			return [0, 1, 2].map((j) => Math.round(c0[j]! + (c1[j]! - c0[j]!) * k)) as [number, number, number];
		}
	}
	return RAMP[RAMP.length - 1]![1];
}

/** RGBA pixels of a raster: the RGB data as is, or the DEM through the ramp. */
export function rasterRgba(r: RasterData): Uint8ClampedArray {
	if (r.rgba) return r.rgba;
	const out = new Uint8ClampedArray(r.width * r.height * 4);
	const v = r.values;
	if (!v) return out;
	let min = r.min ?? Infinity;
	let max = r.max ?? -Infinity;
	if (!(Number.isFinite(min) && Number.isFinite(max))) {
		for (const x of v) {
			if (!Number.isFinite(x)) continue;
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
	}
	const span = max - min || 1;
	for (let i = 0; i < v.length; i++) {
		const x = v[i] as number;
		if (!Number.isFinite(x)) continue; // nodata → transparent
		const [R, G, B] = ramp((x - min) / span);
		out[i * 4] = R;
		out[i * 4 + 1] = G;
		out[i * 4 + 2] = B;
		out[i * 4 + 3] = 255;
	}
	return out;
}

/** Largest side drawn; bigger rasters are downsampled for the preview (nearest neighbour). */
const MAX_SIDE = 2048;

export function rasterDataUrl(r: RasterData): string {
	const rgba = rasterRgba(r);
	const full = document.createElement('canvas');
	full.width = r.width;
	full.height = r.height;
	full.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), r.width, r.height), 0, 0);
	const scale = Math.min(1, MAX_SIDE / Math.max(r.width, r.height));
	if (scale === 1) return full.toDataURL('image/png');
	const c = document.createElement('canvas');
	c.width = Math.max(1, Math.round(r.width * scale));
	c.height = Math.max(1, Math.round(r.height * scale));
	const ctx = c.getContext('2d')!;
	ctx.imageSmoothingEnabled = false;
	ctx.drawImage(full, 0, 0, c.width, c.height);
	return c.toDataURL('image/png');
}

const SOURCE = 'src-import-raster';
const LAYER = 'lyr-import-raster-image';

/** Shows (or replaces) the raster; returns false when it has no WGS84 corners (CRS unknown). */
export function showRaster(map: MlMap, r: RasterData, opacity = 0.85): boolean {
	if (!r.cornersWgs84) return false;
	const url = rasterDataUrl(r);
	const coordinates = r.cornersWgs84;
	const src = map.getSource(SOURCE) as ImageSource | undefined;
	if (src) src.updateImage({ url, coordinates });
	else {
		map.addSource(SOURCE, { type: 'image', url, coordinates });
		const firstVector = (map.getStyle()?.layers ?? []).find((l) => l.id.startsWith('lyr-'))?.id;
		map.addLayer(
			{ id: LAYER, type: 'raster', source: SOURCE, paint: { 'raster-opacity': opacity } },
			firstVector
		);
	}
	return true;
}

export function clearRaster(map: MlMap): void {
	if (map.getLayer(LAYER)) map.removeLayer(LAYER);
	if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}

/**
 * Terrain on the map, with no tile server: a `yakudem://` protocol serves terrarium-encoded DEM tiles computed in a
 * Web Worker from the installation's DEM (raster-dem source → hillshade layer and 3D terrain); hypsometric tint as an
 * image source; contours and analysis results (streams, watershed, zanjas, profile line) as GeoJSON layers.
 */
import { addProtocol, removeProtocol, type Map as MlMap } from 'maplibre-gl';
import { FONT, HALO } from './layers/types';

export const DEM_SOURCE = 'yaku-dem';
const PROTOCOL = 'yakudem';
const HILLSHADE = 'yaku-hillshade';
const TINT = 'yaku-tint';
const CONTOURS = 'yaku-contours';

export type TileFn = (z: number, x: number, y: number) => Promise<Uint8ClampedArray | Uint8Array>;

let protocolFn: TileFn | null = null;

async function rgbaToPng(rgba: Uint8ClampedArray | Uint8Array, size: number): Promise<ArrayBuffer> {
	const canvas = new OffscreenCanvas(size, size);
	const ctx = canvas.getContext('2d')!;
	ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), size, size), 0, 0);
	return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}

function firstDataLayer(map: MlMap): string | undefined {
	return (map.getStyle()?.layers ?? []).find((l) => l.id.startsWith('lyr-'))?.id;
}

/** Adds the DEM source (and a hillshade layer under the data layers). Idempotent. */
export function addDem(
	map: MlMap,
	tile: TileFn,
	bounds: [number, number, number, number],
	maxzoom = 15
): void {
	if (!protocolFn) {
		addProtocol(PROTOCOL, async (params) => {
			const m = /^yakudem:\/\/(\d+)\/(\d+)\/(\d+)/.exec(params.url);
			if (!m || !protocolFn) throw new Error('teja de DEM inválida');
			const rgba = await protocolFn(Number(m[1]), Number(m[2]), Number(m[3]));
			return { data: await rgbaToPng(rgba, 256) };
		});
	}
	protocolFn = tile;
	if (map.getSource(DEM_SOURCE)) return;
	map.addSource(DEM_SOURCE, {
		type: 'raster-dem',
		tiles: [`${PROTOCOL}://{z}/{x}/{y}`],
		tileSize: 256,
		encoding: 'terrarium',
		bounds,
		maxzoom
	});
	map.addLayer(
		{
			id: HILLSHADE,
			type: 'hillshade',
			source: DEM_SOURCE,
			layout: { visibility: 'none' },
			paint: { 'hillshade-exaggeration': 0.6, 'hillshade-shadow-color': '#3d3d3d' }
		},
		firstDataLayer(map)
	);
}

export const SLOPE_CLASSES_ID = 'yaku-slope-classes';

export function removeDem(map: MlMap): void {
	for (const id of [HILLSHADE, TINT, SLOPE_CLASSES_ID, `${CONTOURS}-line`, `${CONTOURS}-label`])
		if (map.getLayer(id)) map.removeLayer(id);
	map.setTerrain(null);
	for (const id of [DEM_SOURCE, TINT, SLOPE_CLASSES_ID, CONTOURS])
		if (map.getSource(id)) map.removeSource(id);
	if (protocolFn) {
		removeProtocol(PROTOCOL);
		protocolFn = null;
	}
}

export function setHillshade(map: MlMap, on: boolean): void {
	if (map.getLayer(HILLSHADE)) map.setLayoutProperty(HILLSHADE, 'visibility', on ? 'visible' : 'none');
}

export function set3D(map: MlMap, on: boolean, exaggeration: number): void {
	if (!map.getSource(DEM_SOURCE)) return;
	if (on) {
		map.setTerrain({ source: DEM_SOURCE, exaggeration });
		if (map.getPitch() < 30) map.easeTo({ pitch: 55, duration: 600 });
	} else {
		map.setTerrain(null);
		map.easeTo({ pitch: 0, duration: 400 });
	}
}

/** Hypsometric tint (RGBA at DEM resolution) as an image source over the DEM's lon/lat extent. */
export function setTint(
	map: MlMap,
	rgba: Uint8ClampedArray | null,
	width: number,
	height: number,
	bbox: [number, number, number, number],
	opacity = 0.55,
	id: string = TINT
): void {
	const TINT_ID = id;
	if (!rgba) {
		if (map.getLayer(TINT_ID)) map.removeLayer(TINT_ID);
		if (map.getSource(TINT_ID)) map.removeSource(TINT_ID);
		return;
	}
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
	const [w, s, e, n] = bbox;
	const coordinates: [[number, number], [number, number], [number, number], [number, number]] = [
		[w, n],
		[e, n],
		[e, s],
		[w, s]
	];
	if (map.getSource(TINT_ID)) {
		if (map.getLayer(TINT_ID)) map.removeLayer(TINT_ID);
		map.removeSource(TINT_ID);
	}
	map.addSource(TINT_ID, { type: 'image', url: canvas.toDataURL('image/png'), coordinates });
	map.addLayer(
		{
			id: TINT_ID,
			type: 'raster',
			source: TINT_ID,
			paint: { 'raster-opacity': opacity, 'raster-resampling': 'linear' }
		},
		map.getLayer(HILLSHADE) ? HILLSHADE : firstDataLayer(map)
	);
}

/** Contour lines with labels on index contours. */
export function setContours(map: MlMap, fc: GeoJSON.FeatureCollection | null): void {
	if (!fc) {
		for (const id of [`${CONTOURS}-line`, `${CONTOURS}-label`]) if (map.getLayer(id)) map.removeLayer(id);
		if (map.getSource(CONTOURS)) map.removeSource(CONTOURS);
		return;
	}
	const src = map.getSource(CONTOURS) as { setData?: (d: GeoJSON.FeatureCollection) => void } | undefined;
	if (src?.setData) {
		src.setData(fc);
		return;
	}
	map.addSource(CONTOURS, { type: 'geojson', data: fc });
	const before = firstDataLayer(map);
	map.addLayer(
		{
			id: `${CONTOURS}-line`,
			type: 'line',
			source: CONTOURS,
			paint: {
				'line-color': '#7a5230',
				'line-opacity': 0.7,
				'line-width': ['case', ['to-boolean', ['get', 'index']], 1.4, 0.6]
			}
		},
		before
	);
	map.addLayer(
		{
			id: `${CONTOURS}-label`,
			type: 'symbol',
			source: CONTOURS,
			filter: ['to-boolean', ['get', 'index']],
			layout: {
				'symbol-placement': 'line',
				'text-field': ['concat', ['to-string', ['round', ['get', 'elevationM']]], ' m'],
				'text-font': FONT,
				'text-size': 11
			},
			paint: { 'text-color': '#5a3a1e', 'text-halo-color': HALO, 'text-halo-width': 1.2 }
		},
		before
	);
}

/** Result layers of analyses (drawn on top). kind: 'streams' | 'watershed' | 'zanjas' | 'profile'. */
export function setResult(
	map: MlMap,
	kind: 'streams' | 'watershed' | 'zanjas' | 'profile',
	fc: GeoJSON.FeatureCollection | null
): void {
	const src = `yaku-result-${kind}`;
	const layers = [`${src}-fill`, `${src}-line`];
	if (!fc) {
		for (const l of layers) if (map.getLayer(l)) map.removeLayer(l);
		if (map.getSource(src)) map.removeSource(src);
		return;
	}
	const s = map.getSource(src) as { setData?: (d: GeoJSON.FeatureCollection) => void } | undefined;
	if (s?.setData) {
		s.setData(fc);
		return;
	}
	map.addSource(src, { type: 'geojson', data: fc });
	if (kind === 'watershed')
		map.addLayer({
			id: `${src}-fill`,
			type: 'fill',
			source: src,
			paint: { 'fill-color': '#6a3d9a', 'fill-opacity': 0.18 }
		});
	const color = { streams: '#0057b8', watershed: '#6a3d9a', zanjas: '#8c5a1e', profile: '#d81b60' }[kind];
	map.addLayer({
		id: `${src}-line`,
		type: 'line',
		source: src,
		layout: { 'line-join': 'round', 'line-cap': 'round' },
		paint: {
			'line-color': color,
			'line-width':
				kind === 'streams'
					? ['interpolate', ['linear'], ['coalesce', ['get', 'order'], 1], 1, 1.2, 5, 5]
					: kind === 'watershed'
						? 3
						: 2.5,
			'line-dasharray': kind === 'watershed' ? [2, 1] : [1, 0]
		}
	});
}

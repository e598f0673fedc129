/**
 * Assembly mode overlays (issue 9) on an existing map: the live proposals of a session (big strokes, a number
 * per proposal), the highlighted features of a story step, the camera/visibility of a story step and the tilt
 * toggle with a hook for 3D terrain. Only maplibre here; no svelte.
 */
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { FONT } from './layers/types';
import { ASSEMBLY_COLORS, ASSEMBLY_LABEL_PX, type AssemblyTheme } from './assemblyStyle';

export const PROPOSALS_SOURCE = 'assembly-proposals';
export const HIGHLIGHT_SOURCE = 'assembly-highlight';
export const PROPOSAL_LAYERS = ['asm-prop-fill', 'asm-prop-line', 'asm-prop-point', 'asm-prop-label'];

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * `colors` maps the `tipo` property to a colour. State is never by colour alone: proposals are dashed,
 * promoted ones solid.
 */
export function ensureProposalLayers(map: MlMap, colors: Record<string, string>, theme: AssemblyTheme): void {
	const c = ASSEMBLY_COLORS[theme];
	const color = ['match', ['get', 'tipo'], ...Object.entries(colors).flat(), '#777777'] as unknown as string;
	const isPromoted = ['!=', ['get', 'estado'], 'propuesta'];
	if (!map.getSource(PROPOSALS_SOURCE)) map.addSource(PROPOSALS_SOURCE, { type: 'geojson', data: EMPTY });
	if (!map.getLayer('asm-prop-fill'))
		map.addLayer({
			id: 'asm-prop-fill',
			type: 'fill',
			source: PROPOSALS_SOURCE,
			filter: ['==', ['geometry-type'], 'Polygon'],
			paint: { 'fill-color': color, 'fill-opacity': 0.3 }
		});
	if (!map.getLayer('asm-prop-line'))
		map.addLayer({
			id: 'asm-prop-line',
			type: 'line',
			source: PROPOSALS_SOURCE,
			filter: ['!=', ['geometry-type'], 'Point'],
			layout: { 'line-join': 'round', 'line-cap': 'round' },
			paint: { 'line-color': color, 'line-width': 9, 'line-dasharray': [2, 1] }
		});
	if (!map.getLayer('asm-prop-point'))
		map.addLayer({
			id: 'asm-prop-point',
			type: 'circle',
			source: PROPOSALS_SOURCE,
			filter: ['==', ['geometry-type'], 'Point'],
			paint: {
				'circle-color': color,
				'circle-radius': 16,
				'circle-stroke-width': ['case', isPromoted as never, 6, 4],
				'circle-stroke-color': c.text
			}
		});
	if (!map.getLayer('asm-prop-label'))
		map.addLayer({
			id: 'asm-prop-label',
			type: 'symbol',
			source: PROPOSALS_SOURCE,
			layout: {
				'text-field': ['to-string', ['get', 'n']],
				'text-font': FONT,
				'text-size': ASSEMBLY_LABEL_PX + 6,
				'text-allow-overlap': true,
				'symbol-placement': 'point'
			},
			paint: { 'text-color': c.text, 'text-halo-color': c.halo, 'text-halo-width': 4 }
		});
	themeOverlays(map, theme);
}

export function setProposals(map: MlMap, fc: GeoJSON.FeatureCollection): void {
	(map.getSource(PROPOSALS_SOURCE) as GeoJSONSource | undefined)?.setData(fc);
}

export function ensureHighlightLayers(map: MlMap, theme: AssemblyTheme): void {
	if (!map.getSource(HIGHLIGHT_SOURCE)) map.addSource(HIGHLIGHT_SOURCE, { type: 'geojson', data: EMPTY });
	const hl = theme === 'dark' ? '#f0e442' : '#d55e00';
	if (!map.getLayer('asm-hl-casing'))
		map.addLayer({
			id: 'asm-hl-casing',
			type: 'line',
			source: HIGHLIGHT_SOURCE,
			filter: ['!=', ['geometry-type'], 'Point'],
			layout: { 'line-join': 'round', 'line-cap': 'round' },
			paint: { 'line-color': ASSEMBLY_COLORS[theme].halo, 'line-width': 16 }
		});
	if (!map.getLayer('asm-hl-line'))
		map.addLayer({
			id: 'asm-hl-line',
			type: 'line',
			source: HIGHLIGHT_SOURCE,
			filter: ['!=', ['geometry-type'], 'Point'],
			layout: { 'line-join': 'round', 'line-cap': 'round' },
			paint: { 'line-color': hl, 'line-width': 9 }
		});
	if (!map.getLayer('asm-hl-point'))
		map.addLayer({
			id: 'asm-hl-point',
			type: 'circle',
			source: HIGHLIGHT_SOURCE,
			filter: ['==', ['geometry-type'], 'Point'],
			paint: {
				'circle-radius': 26,
				'circle-color': 'rgba(0,0,0,0)',
				'circle-stroke-width': 8,
				'circle-stroke-color': hl
			}
		});
	if (!map.getLayer('asm-hl-label'))
		map.addLayer({
			id: 'asm-hl-label',
			type: 'symbol',
			source: HIGHLIGHT_SOURCE,
			layout: {
				'text-field': ['coalesce', ['get', 'label'], ''],
				'text-font': FONT,
				'text-size': ASSEMBLY_LABEL_PX + 4,
				'text-offset': [0, 1.6],
				'text-anchor': 'top'
			},
			paint: {
				'text-color': ASSEMBLY_COLORS[theme].text,
				'text-halo-color': ASSEMBLY_COLORS[theme].halo,
				'text-halo-width': 4
			}
		});
	themeOverlays(map, theme);
}

/** Keeps overlays on top and in the theme's colours. */
export function themeOverlays(map: MlMap, theme: AssemblyTheme): void {
	const c = ASSEMBLY_COLORS[theme];
	const hl = theme === 'dark' ? '#f0e442' : '#d55e00';
	const set = (id: string, p: string, v: unknown) => {
		if (map.getLayer(id)) map.setPaintProperty(id, p as never, v as never);
	};
	set('asm-prop-point', 'circle-stroke-color', c.text);
	set('asm-prop-label', 'text-color', c.text);
	set('asm-prop-label', 'text-halo-color', c.halo);
	set('asm-hl-casing', 'line-color', c.halo);
	set('asm-hl-line', 'line-color', hl);
	set('asm-hl-point', 'circle-stroke-color', hl);
	set('asm-hl-label', 'text-color', c.text);
	set('asm-hl-label', 'text-halo-color', c.halo);
	for (const id of [...PROPOSAL_LAYERS, 'asm-hl-casing', 'asm-hl-line', 'asm-hl-point', 'asm-hl-label'])
		if (map.getLayer(id)) map.moveLayer(id);
}

export function setHighlights(
	map: MlMap,
	items: { geometry: GeoJSON.Geometry; label?: string; layer: string }[]
): void {
	(map.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined)?.setData({
		type: 'FeatureCollection',
		features: items.map((h) => ({
			type: 'Feature',
			geometry: h.geometry,
			properties: { label: h.label ?? '', layer: h.layer }
		}))
	});
}

/**
 * 3D terrain hook. The DEM/terrain feature is built elsewhere: when it can give the map a `raster-dem` source,
 * it registers a provider here (`registerTerrainProvider`) and the assembly "tilt" button will also switch the
 * terrain on. Without a provider the tilt is a plain pitched (flat) view.
 */
export type TerrainProvider = (map: MlMap) => Promise<boolean>;
let terrainProvider: TerrainProvider | null = null;
export function registerTerrainProvider(p: TerrainProvider | null): void {
	terrainProvider = p;
}

export const TILT_PITCH = 60;

/** Tilt on: pitch 60° (+ terrain if a provider is registered and succeeds). Returns whether terrain is on. */
export async function setTilt(map: MlMap, on: boolean, animate = true): Promise<boolean> {
	let terrain = false;
	if (on && terrainProvider) {
		try {
			terrain = await terrainProvider(map);
		} catch {
			terrain = false;
		}
	}
	if (!on && map.getTerrain()) map.setTerrain(null);
	const pitch = on ? TILT_PITCH : 0;
	if (animate) map.easeTo({ pitch, duration: 600 });
	else map.jumpTo({ pitch });
	return terrain;
}

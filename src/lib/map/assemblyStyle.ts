/**
 * Assembly mode (issue 9): high-contrast themes for a projected wall seen from 5–10 m. Works on an existing
 * map (`ctrl.map`) by adjusting paint/layout properties of the layers the MapController added (`lyr-<id>-*`);
 * `resetAssemblyStyle` puts the original values back. Colours: Okabe–Ito (colour-blind safe), few of them,
 * blues only for water; labels ≥ 24 px with thick halos; lines 2.5× thicker.
 */
import type { ExpressionSpecification, Map as MlMap } from 'maplibre-gl';

export type AssemblyTheme = 'light' | 'dark';
export const ASSEMBLY_THEMES: readonly AssemblyTheme[] = ['light', 'dark'];

/** Minimum label size on the map in assembly mode (cartography.md: 24 px). */
export const ASSEMBLY_LABEL_PX = 26;
export const ASSEMBLY_LINE_FACTOR = 2.5;

interface ThemeColors {
	background: string;
	text: string;
	halo: string;
	/** one colour per single-colour layer kind; kinds not listed keep their own (categorical) colours */
	kinds: Record<string, string>;
}

/** Okabe–Ito: black #000, orange #E69F00, sky blue #56B4E9, green #009E73, yellow #F0E442, blue #0072B2,
 * vermillion #D55E00, reddish purple #CC79A7. */
export const ASSEMBLY_COLORS: Record<AssemblyTheme, ThemeColors> = {
	light: {
		background: '#ffffff',
		text: '#000000',
		halo: '#ffffff',
		kinds: {
			distritos_vecinos: '#555555',
			distrito: '#222222',
			comunidades: '#6b4e00',
			microcuenca: '#000000',
			laguna: '#0072b2',
			quebradas: '#0072b2',
			manantes: '#0072b2',
			centros_poblados: '#000000'
		}
	},
	dark: {
		background: '#0b0b0b',
		text: '#ffffff',
		halo: '#000000',
		kinds: {
			distritos_vecinos: '#9a9a9a',
			distrito: '#dddddd',
			comunidades: '#f0e442',
			microcuenca: '#ffffff',
			laguna: '#56b4e9',
			quebradas: '#56b4e9',
			manantes: '#56b4e9',
			centros_poblados: '#ffffff'
		}
	}
};

type Value = unknown;
type Saved = Map<string, { paint: Record<string, Value>; layout: Record<string, Value> }>;
const saved = new WeakMap<MlMap, Saved>();
const savedBackground = new WeakMap<MlMap, Value>();

function hasZoom(v: Value): boolean {
	return Array.isArray(v) && (v[0] === 'zoom' || v.some(hasZoom));
}

/** Multiplies a numeric style value (number or expression) by k, keeping zoom expressions legal. */
export function scaleValue(v: Value, k: number): Value {
	if (typeof v === 'number') return v * k;
	if (!Array.isArray(v)) return v;
	if (v[0] === 'interpolate' || v[0] === 'interpolate-hcl' || v[0] === 'interpolate-lab') {
		const out = v.slice(0, 3);
		for (let i = 3; i < v.length; i += 2) out.push(v[i], scaleValue(v[i + 1], k));
		return out;
	}
	if (v[0] === 'step') {
		const out = [v[0], v[1], scaleValue(v[2], k)];
		for (let i = 3; i < v.length; i += 2) out.push(v[i], scaleValue(v[i + 1], k));
		return out;
	}
	if (hasZoom(v)) return v;
	return ['*', k, v];
}

/** Largest value a (non-zoom) size expression can take is unknown: labels get a fixed large size instead. */
function layersOf(map: MlMap) {
	return (map.getStyle()?.layers ?? []).filter((l) => l.id.startsWith('lyr-'));
}

function remember(map: MlMap, id: string, kind: 'paint' | 'layout', prop: string): void {
	let s = saved.get(map);
	if (!s) saved.set(map, (s = new Map()));
	let e = s.get(id);
	if (!e) s.set(id, (e = { paint: {}, layout: {} }));
	if (prop in e[kind]) return;
	e[kind][prop] =
		kind === 'paint' ? map.getPaintProperty(id, prop as never) : map.getLayoutProperty(id, prop as never);
}

function setPaint(map: MlMap, id: string, prop: string, value: Value): void {
	remember(map, id, 'paint', prop);
	map.setPaintProperty(id, prop as never, value as never);
}

function setLayout(map: MlMap, id: string, prop: string, value: Value): void {
	remember(map, id, 'layout', prop);
	map.setLayoutProperty(id, prop as never, value as never);
}

/** `kindOf('lyr-quebradas-line')` with the page's id→kind map. */
export type KindOf = (layerId: string) => string | undefined;

/**
 * Applies (or re-applies after a theme change) the assembly theme to every `lyr-*` layer. Layers added later
 * (e.g. proposals) can call this again; original values are remembered once.
 */
export function applyAssemblyStyle(map: MlMap, theme: AssemblyTheme, kindOf: KindOf): void {
	const c = ASSEMBLY_COLORS[theme];
	if (map.getLayer('background')) {
		if (!savedBackground.has(map))
			savedBackground.set(map, map.getPaintProperty('background', 'background-color'));
		map.setPaintProperty('background', 'background-color', c.background);
	}
	const prev = saved.get(map);
	for (const l of layersOf(map)) {
		const kind = kindOf(l.id);
		const color = kind ? c.kinds[kind] : undefined;
		const orig = (prop: string, kindProp: 'paint' | 'layout' = 'paint') =>
			prev?.get(l.id)?.[kindProp][prop] ??
			(kindProp === 'paint'
				? map.getPaintProperty(l.id, prop as never)
				: map.getLayoutProperty(l.id, prop as never));
		if (l.type === 'line') {
			const w = orig('line-width') ?? 1;
			setPaint(map, l.id, 'line-width', scaleValue(w, ASSEMBLY_LINE_FACTOR));
			if (color) setPaint(map, l.id, 'line-color', color);
		} else if (l.type === 'fill') {
			if (color) setPaint(map, l.id, 'fill-color', color);
		} else if (l.type === 'circle') {
			const r = orig('circle-radius') ?? 5;
			setPaint(map, l.id, 'circle-radius', scaleValue(r, 2));
			setPaint(map, l.id, 'circle-stroke-width', 3);
			setPaint(map, l.id, 'circle-stroke-color', c.halo);
			if (color) setPaint(map, l.id, 'circle-color', color);
		} else if (l.type === 'symbol') {
			setLayout(map, l.id, 'text-size', ASSEMBLY_LABEL_PX);
			setPaint(map, l.id, 'text-color', c.text);
			setPaint(map, l.id, 'text-halo-color', c.halo);
			setPaint(map, l.id, 'text-halo-width', 3);
		}
	}
}

/** Back to the layers' own styles (leaving assembly mode without reloading). */
export function resetAssemblyStyle(map: MlMap): void {
	const s = saved.get(map);
	if (s)
		for (const [id, e] of s) {
			if (!map.getLayer(id)) continue;
			for (const [p, v] of Object.entries(e.paint)) map.setPaintProperty(id, p as never, v as never);
			for (const [p, v] of Object.entries(e.layout)) map.setLayoutProperty(id, p as never, v as never);
		}
	saved.delete(map);
	if (savedBackground.has(map) && map.getLayer('background'))
		map.setPaintProperty('background', 'background-color', savedBackground.get(map) as string);
	savedBackground.delete(map);
}

/** Every symbol layer's text-size (for tests: all must be ≥ 24 px). */
export function labelSizes(map: MlMap): { id: string; size: unknown }[] {
	return layersOf(map)
		.filter((l) => l.type === 'symbol')
		.map((l) => ({ id: l.id, size: map.getLayoutProperty(l.id, 'text-size') as unknown }));
}

export type { ExpressionSpecification };

/**
 * The map view kept in the URL hash, so a link reopens the same view. Pure: no svelte, no DOM.
 *
 * Format (keys in this order; only `map` is required):
 *   #map=<zoom>/<lat>/<lng>&b=<bearing>&p=<pitch>&layers=<id>,<id>&lang=<es|qu|en>
 *   e.g. #map=13.5/-13.4123/-72.0456&b=0&p=0&layers=microcuenca,laguna&lang=es
 * - zoom 0–24 (2 decimals), lat −90…90 and lng (6 decimals, ~0.1 m); lng outside ±180 is wrapped.
 * - b: bearing in degrees, normalised to (−180, 180] (1 decimal); p: pitch 0–85 (1 decimal, clamped).
 * - layers: visible layer ids, comma separated, [A-Za-z0-9_-] only, max 64 chars each / 100 ids,
 *   duplicates removed; with `allowedLayers` unknown ids are dropped. `layers=` (empty) means "none".
 * - lang: es | qu | en.
 * Parsing never throws. A missing/invalid `map` (NaN, lat > 90, zoom < 0 or > 24, …) or a hash longer
 * than MAX_HASH_LENGTH gives null (the caller shows the default view); a bad optional key is dropped.
 * Unknown keys are ignored (other features may add their own); for a repeated key the first one wins.
 */

export type ViewLang = 'es' | 'qu' | 'en';

export interface View {
	lng: number;
	lat: number;
	zoom: number;
	bearing?: number;
	pitch?: number;
	/** ids of the visible layers */
	layers?: string[];
	lang?: ViewLang;
}

export interface ParseViewOptions {
	/** When given, layer ids not in this list are dropped. */
	allowedLayers?: readonly string[];
}

export const MAX_HASH_LENGTH = 4096;
export const MAX_LAYERS = 100;
export const MIN_ZOOM = 0;
export const MAX_ZOOM = 24;
export const MAX_PITCH = 85;

const LAYER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const LANGS: readonly string[] = ['es', 'qu', 'en'];

function safeDecode(s: string): string | null {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return null;
	}
}

/** Strict number parse: decimal text only (no '', ' ', '0x10', 'Infinity'). */
function num(s: string | undefined): number | null {
	if (s === undefined || s.length > 32 || !NUMBER.test(s)) return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}

function round(x: number, decimals: number): number {
	const f = 10 ** decimals;
	const r = Math.round(x * f) / f;
	return Object.is(r, -0) ? 0 : r;
}

/** Any finite angle → (−180, 180]. */
function normalizeBearing(b: number): number {
	let r = b % 360;
	if (r > 180) r -= 360;
	if (r <= -180) r += 360;
	return Object.is(r, -0) ? 0 : r;
}

function wrapLng(lng: number): number {
	if (lng >= -180 && lng <= 180) return lng;
	return ((((lng + 180) % 360) + 360) % 360) - 180;
}

function splitParams(hash: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const part of hash.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const rawKey = eq < 0 ? part : part.slice(0, eq);
		const rawVal = eq < 0 ? '' : part.slice(eq + 1);
		const key = safeDecode(rawKey);
		const val = safeDecode(rawVal);
		if (key === null || val === null || out.has(key)) continue;
		out.set(key, val);
	}
	return out;
}

function parseLayers(value: string, allowed: readonly string[] | undefined): string[] {
	if (value.trim() === '') return [];
	const allowSet = allowed ? new Set(allowed) : null;
	const seen = new Set<string>();
	for (const raw of value.split(',')) {
		const id = raw.trim();
		if (!LAYER_ID.test(id) || seen.has(id)) continue;
		if (allowSet && !allowSet.has(id)) continue;
		seen.add(id);
		if (seen.size >= MAX_LAYERS) break;
	}
	return [...seen];
}

/** Parse a location hash ('#map=…' or 'map=…'). Returns null when there is no valid view. Never throws. */
export function parseViewHash(hash: string, options: ParseViewOptions = {}): View | null {
	try {
		if (typeof hash !== 'string' || hash.length > MAX_HASH_LENGTH) return null;
		const params = splitParams(hash.startsWith('#') ? hash.slice(1) : hash);
		const map = params.get('map');
		if (map === undefined) return null;
		const parts = map.split('/');
		if (parts.length !== 3) return null;
		const zoom = num(parts[0]);
		const lat = num(parts[1]);
		let lng = num(parts[2]);
		if (zoom === null || lat === null || lng === null) return null;
		if (zoom < MIN_ZOOM || zoom > MAX_ZOOM || Math.abs(lat) > 90 || Math.abs(lng) > 1e6) return null;
		lng = wrapLng(lng);
		const view: View = { lng: round(lng, 6), lat: round(lat, 6), zoom: round(zoom, 2) };

		const b = num(params.get('b'));
		if (b !== null && Math.abs(b) <= 1e6) view.bearing = round(normalizeBearing(round(b, 1)), 1);
		const p = num(params.get('p'));
		if (p !== null) view.pitch = round(Math.min(Math.max(p, 0), MAX_PITCH), 1);

		const layers = params.get('layers');
		if (layers !== undefined) {
			const allowed = Array.isArray(options.allowedLayers) ? options.allowedLayers : undefined;
			view.layers = parseLayers(layers, allowed);
		}
		const lang = params.get('lang');
		if (lang !== undefined && LANGS.includes(lang)) view.lang = lang as ViewLang;
		return view;
	} catch {
		return null;
	}
}

function trimNum(x: number, decimals: number): string {
	return String(round(x, decimals));
}

/**
 * View → hash string starting with '#'. Values are rounded (zoom 2, lat/lng 6, bearing/pitch 1 decimals);
 * lng is wrapped to ±180, bearing normalised, pitch clamped; invalid layer ids are left out.
 * Non-finite zoom/lat/lng give '' (no hash).
 */
export function formatViewHash(view: View): string {
	const { zoom, lat, lng } = view;
	if (![zoom, lat, lng].every((x) => typeof x === 'number' && Number.isFinite(x))) return '';
	const z = Math.min(Math.max(zoom, MIN_ZOOM), MAX_ZOOM);
	const la = Math.min(Math.max(lat, -90), 90);
	const parts = [`map=${trimNum(z, 2)}/${trimNum(la, 6)}/${trimNum(wrapLng(lng), 6)}`];
	if (typeof view.bearing === 'number' && Number.isFinite(view.bearing)) {
		parts.push(`b=${trimNum(normalizeBearing(round(view.bearing, 1)), 1)}`);
	}
	if (typeof view.pitch === 'number' && Number.isFinite(view.pitch)) {
		parts.push(`p=${trimNum(Math.min(Math.max(view.pitch, 0), MAX_PITCH), 1)}`);
	}
	if (Array.isArray(view.layers)) {
		const ids = [...new Set(view.layers.filter((id) => typeof id === 'string' && LAYER_ID.test(id)))];
		parts.push(`layers=${ids.slice(0, MAX_LAYERS).join(',')}`);
	}
	if (view.lang && LANGS.includes(view.lang)) parts.push(`lang=${view.lang}`);
	return '#' + parts.join('&');
}

/**
 * Pure helpers of the import wizard (no DOM, no svelte): grouping dropped files, attribute mapping to
 * interventions, property clean-up, the "close the ring" fix offered with consent, and request bodies.
 */
import { zipSync } from 'fflate';
import type { Feature, Geometry, Position } from 'geojson';
import {
	INTERVENTION_STATES,
	INTERVENTION_TYPES,
	acceptsGeometry,
	type InterventionState,
	type InterventionType
} from '$lib/geo/interventions/types';
import { parseEpsg, unproject } from '$lib/geo/crs';

export interface DroppedFile {
	name: string;
	bytes: Uint8Array;
}

const SHP_PART = /\.(shp|shx|dbf|prj|cpg|sbn|sbx|qix|qmd|xml)$/i;

/**
 * Loose shapefile parts (several `.shp/.shx/.dbf/.prj/.cpg` dropped together) become ONE zip (stored, not
 * compressed) that the worker reads like any zipped shapefile; every other file stays as it is.
 */
export function groupFiles(files: DroppedFile[]): DroppedFile[] {
	const parts = files.filter((f) => SHP_PART.test(f.name));
	const hasShp = parts.some((f) => /\.shp$/i.test(f.name));
	const others = files.filter((f) => !SHP_PART.test(f.name));
	if (!hasShp) return files;
	const entries: Record<string, Uint8Array> = {};
	for (const p of parts) entries[p.name.replace(/^.*[\\/]/, '')] = p.bytes;
	const first = parts.find((f) => /\.shp$/i.test(f.name))!;
	const base = first.name.replace(/^.*[\\/]/, '').replace(/\.shp$/i, '');
	const zipped: DroppedFile = { name: `${base}.zip`, bytes: zipSync(entries, { level: 0 }) };
	return [zipped, ...others];
}

/** Wizard field → intervention property. */
export const MAPPABLE = ['name', 'state', 'community', 'projectId', 'startDate', 'endDate', 'notes'] as const;
export type Mappable = (typeof MAPPABLE)[number];
export type FieldMapping = Partial<Record<Mappable, string>>;

const GUESS: Record<Mappable, RegExp> = {
	name: /^(nombre|name|nom|title|titulo|título|denominaci[oó]n)$/i,
	state: /^(estado|state|status|situaci[oó]n)$/i,
	community: /^(comunidad|community|cc|ccpp|comunidad_campesina)$/i,
	projectId: /^(proyecto|project|project_?id|id_?proyecto|cod_?proy)$/i,
	startDate: /^(fecha_?inicio|inicio|start_?date|start|f_?inicio)$/i,
	endDate: /^(fecha_?fin|fin|end_?date|end|f_?fin|fecha_?termino)$/i,
	notes: /^(notas|observaciones|obs|notes|descripci[oó]n|description|desc)$/i
};

/** A first mapping from the file's field names (the user can change every one). */
export function guessMapping(fields: readonly string[]): FieldMapping {
	const out: FieldMapping = {};
	for (const key of MAPPABLE) {
		const hit = fields.find((f) => GUESS[key].test(f.trim()));
		if (hit) out[key] = hit;
	}
	return out;
}

const fold = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');

const STATE_ALIASES: Record<string, InterventionState> = {
	propuesta: 'propuesta',
	propuesto: 'propuesta',
	proposed: 'propuesta',
	planificada: 'planificada',
	planificado: 'planificada',
	planeada: 'planificada',
	planned: 'planificada',
	en_ejecucion: 'en_ejecucion',
	ejecucion: 'en_ejecucion',
	en_curso: 'en_ejecucion',
	in_progress: 'en_ejecucion',
	ejecutada: 'ejecutada',
	ejecutado: 'ejecutada',
	terminada: 'ejecutada',
	concluida: 'ejecutada',
	done: 'ejecutada',
	executed: 'ejecutada'
};

export function normaliseState(v: unknown): InterventionState | null {
	if (typeof v !== 'string' || !v.trim()) return null;
	return STATE_ALIASES[fold(v)] ?? null;
}

/** `2024-03-01`, `01/03/2024`, `1-3-2024`, `20240301`, a Date or an Excel-free ISO time → `YYYY-MM-DD`. */
export function normaliseDate(v: unknown): string | null {
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
	if (typeof v !== 'string') return null;
	const s = v.trim();
	let y: number, m: number, d: number;
	let r = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
	if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
	else if ((r = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s)))
		[d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
	else if ((r = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
	else return null;
	const dt = new Date(Date.UTC(y, m - 1, d));
	if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
	return dt.toISOString().slice(0, 10);
}

export interface ProjectRef {
	id: string;
	name: string;
	code?: string | null;
}

export interface InterventionDefaults {
	type: InterventionType;
	state: InterventionState;
	projectId?: string;
	community?: string;
}

export interface MappedIntervention {
	index: number;
	feature: { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> };
	/** Spanish notes about values that could not be used (the default was applied). */
	notes: string[];
	/** The type does not accept this geometry: the server would refuse it; excluded unless fixed. */
	wrongGeometry: boolean;
}

const str = (v: unknown): string | undefined => {
	if (v === null || v === undefined) return undefined;
	const s = String(v).trim();
	return s ? s : undefined;
};

/** Features + mapping → intervention features (properties as the API expects). */
export function mapInterventions(
	features: readonly Feature<Geometry | null>[],
	mapping: FieldMapping,
	defaults: InterventionDefaults,
	projects: readonly ProjectRef[] = []
): MappedIntervention[] {
	const out: MappedIntervention[] = [];
	features.forEach((f, index) => {
		if (!f.geometry) return;
		const p = (f.properties ?? {}) as Record<string, unknown>;
		const notes: string[] = [];
		const get = (k: Mappable) => (mapping[k] ? p[mapping[k]!] : undefined);
		const props: Record<string, unknown> = { type: defaults.type, state: defaults.state };
		const name = str(get('name'));
		if (name) props.name = name.slice(0, 200);
		const rawState = get('state');
		if (mapping.state && str(rawState)) {
			const s = normaliseState(rawState);
			if (s) props.state = s;
			else notes.push(`estado «${String(rawState)}» no reconocido; se usa «${defaults.state}»`);
		}
		const community = str(get('community')) ?? defaults.community;
		if (community) props.community = community.slice(0, 200);
		const rawProject = str(get('projectId'));
		if (rawProject) {
			const key = fold(rawProject);
			const pr = projects.find(
				(x) => fold(x.id) === key || fold(x.name) === key || (x.code && fold(x.code) === key)
			);
			if (pr) props.projectId = pr.id;
			else {
				notes.push(
					`proyecto «${rawProject}» no existe; ${defaults.projectId ? 'se usa el elegido' : 'sin proyecto'}`
				);
				if (defaults.projectId) props.projectId = defaults.projectId;
			}
		} else if (defaults.projectId) props.projectId = defaults.projectId;
		for (const k of ['startDate', 'endDate'] as const) {
			const raw = get(k);
			if (!mapping[k] || !str(raw)) continue;
			const d = normaliseDate(raw);
			if (d) props[k] = d;
			else
				notes.push(
					`fecha «${String(raw)}» no reconocida (${k === 'startDate' ? 'inicio' : 'fin'}); se omite`
				);
		}
		if (
			typeof props.startDate === 'string' &&
			typeof props.endDate === 'string' &&
			props.endDate < props.startDate
		) {
			notes.push('la fecha de fin es anterior a la de inicio; se omite la de fin');
			delete props.endDate;
		}
		const note = str(get('notes'));
		if (note) props.notes = note.slice(0, 2000);
		out.push({
			index,
			feature: { type: 'Feature', geometry: f.geometry, properties: props },
			notes,
			wrongGeometry: !acceptsGeometry(defaults.type, f.geometry)
		});
	});
	return out;
}

/** JSON-safe, bounded properties for a generic imported layer (≤ 200 keys, strings ≤ 2000 chars). */
export function cleanProperties(p: Record<string, unknown> | null | undefined): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!p) return out;
	for (const [k0, v] of Object.entries(p).slice(0, 200)) {
		const k = k0.slice(0, 100) || '_';
		if (v === null || v === undefined) out[k] = null;
		else if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
		else if (typeof v === 'boolean') out[k] = v;
		else if (v instanceof Date) out[k] = Number.isNaN(v.getTime()) ? null : v.toISOString();
		else if (typeof v === 'string') out[k] = v.slice(0, 2000);
		else out[k] = JSON.stringify(v).slice(0, 2000);
	}
	return out;
}

/** Coordinates rounded to 1e-7° (~1 cm): smaller request bodies, no visible change. */
export function roundGeometry(g: Geometry): Geometry {
	const r = (x: number) => Math.round(x * 1e7) / 1e7;
	const walk = (c: unknown): unknown =>
		Array.isArray(c) ? (typeof c[0] === 'number' ? (c as number[]).map(r) : c.map(walk)) : c;
	if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map(roundGeometry) };
	return { ...g, coordinates: walk(g.coordinates) } as Geometry;
}

/**
 * The only fix the wizard offers, and only with the user's consent: close an unclosed polygon ring by
 * repeating its first vertex. `sourceCrs` must be WGS84 or an EPSG code known to crs.ts (the raw
 * feature keeps source coordinates); returns null when the feature cannot be fixed this way.
 */
export function closeRings(
	feature: Feature<Geometry | null>,
	sourceCrs: string | null
): Feature<Geometry> | null {
	const g = feature.geometry;
	if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
	const epsg = sourceCrs ? parseEpsg(sourceCrs) : null;
	if (epsg === null) return null;
	const toLonLat = (p: Position): Position => {
		if (epsg === 4326) return [p[0] as number, p[1] as number];
		try {
			return unproject([p[0] as number, p[1] as number], epsg);
		} catch {
			return [NaN, NaN];
		}
	};
	const fixRing = (ring: Position[]): Position[] | null => {
		const pts = ring.map(toLonLat);
		if (pts.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) return null;
		const a = pts[0];
		const b = pts[pts.length - 1];
		if (!a || !b) return null;
		if (a[0] !== b[0] || a[1] !== b[1]) pts.push([a[0] as number, a[1] as number]);
		return pts.length >= 4 ? pts : null;
	};
	const fixPoly = (rings: Position[][]): Position[][] | null => {
		const out: Position[][] = [];
		for (const r of rings) {
			const f = fixRing(r);
			if (!f) return null;
			out.push(f);
		}
		return out;
	};
	if (g.type === 'Polygon') {
		const c = fixPoly(g.coordinates);
		return c
			? { type: 'Feature', properties: feature.properties, geometry: { type: 'Polygon', coordinates: c } }
			: null;
	}
	const polys: Position[][][] = [];
	for (const p of g.coordinates) {
		const c = fixPoly(p);
		if (!c) return null;
		polys.push(c);
	}
	return {
		type: 'Feature',
		properties: feature.properties,
		geometry: { type: 'MultiPolygon', coordinates: polys }
	};
}

export function isInterventionTypeId(v: string): v is InterventionType {
	return (INTERVENTION_TYPES as readonly string[]).includes(v);
}
export function isInterventionStateId(v: string): v is InterventionState {
	return (INTERVENTION_STATES as readonly string[]).includes(v);
}

/** Gzip a JSON body in the browser when CompressionStream exists (else plain). */
export async function jsonBody(value: unknown): Promise<{ body: BodyInit; headers: Record<string, string> }> {
	const text = JSON.stringify(value);
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (typeof CompressionStream === 'undefined' || text.length < 16 * 1024) return { body: text, headers };
	const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
	const gz = new Uint8Array(await new Response(stream).arrayBuffer());
	return { body: gz, headers: { ...headers, 'content-encoding': 'gzip' } };
}

/**
 * Intervention summaries for GET /api/interventions/summary(.csv): sums of the stored `measures` (computed
 * on save with the library) via the library's `summaries.ts`, and hectares per ZEE zone via its overlay
 * (`areaHa`: sum over works; `netAreaHa`: of their union, `dissolvePolygons`).
 */
import { z } from 'zod';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { dissolvePolygons } from '../../geo/dissolve';
import type { OverlayZone } from '../../geo/interventions/overlay';
import {
	INTERVENTION_STATE_LABELS,
	INTERVENTION_STATES,
	INTERVENTION_TYPE_DEFS,
	INTERVENTION_TYPES,
	isInterventionState,
	isInterventionType,
	overlayInterventionsZones,
	plannedVsExecuted,
	summarizeAll,
	summarizeBy,
	summarizeByZone,
	SUMMED_QUANTITIES,
	type GroupBy,
	type PlannedVsExecutedRow,
	type SummaryItem,
	type SummaryRow,
	type Totals
} from '../../geo/interventions';
import type { FeatureStatus, Repository } from '../repo/types';
import { zeeZones } from './context';
import { INTERVENTIONS_LAYER } from './schema';

export const summaryQuerySchema = z.object({
	projectId: z.string().max(64).optional(),
	community: z.string().max(200).optional(),
	state: z.enum(INTERVENTION_STATES).optional(),
	type: z.enum(INTERVENTION_TYPES).optional(),
	status: z.enum(['borrador', 'publicado']).optional()
});
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

export interface LabelledRow extends SummaryRow {
	label: string;
}
export interface LabelledPvE extends PlannedVsExecutedRow {
	label: string;
}
export interface ZeeRow {
	zoneId: string;
	zoneName: string;
	categoria: string;
	type: string;
	interventions: number;
	areaHa: number;
	/** Hectares of the union of the row's polygons inside the zone: overlapping works counted once (≤ areaHa). */
	netAreaHa: number;
	lengthM: number;
	count: number;
}

export interface InterventionSummary {
	generatedAt: string;
	filters: SummaryQuery;
	count: number;
	totals: Totals;
	byType: LabelledRow[];
	byState: LabelledRow[];
	byProject: LabelledRow[];
	byCommunity: LabelledRow[];
	byZee: { available: boolean; rows: ZeeRow[] };
	plannedVsExecuted: { byProject: LabelledPvE[]; byCommunity: LabelledPvE[]; byType: LabelledPvE[] };
}

const PAGE = 10_000;

/** Visible interventions (statuses) matching the filters, as summary items + geometries. */
export async function loadItems(
	repo: Repository,
	statuses: FeatureStatus[],
	q: SummaryQuery
): Promise<{ items: SummaryItem[]; geometries: Map<string, Geometry> }> {
	const items: SummaryItem[] = [];
	const geometries = new Map<string, Geometry>();
	for (let offset = 0; ; offset += PAGE) {
		const page = await repo.features.list({ layer: INTERVENTIONS_LAYER, statuses, limit: PAGE, offset });
		for (const f of page.features) {
			const p = f.properties;
			if (!isInterventionType(p.type) || !isInterventionState(p.state)) continue;
			const project = typeof p.projectId === 'string' ? p.projectId : undefined;
			const community = typeof p.community === 'string' ? p.community : undefined;
			if (q.type && p.type !== q.type) continue;
			if (q.state && p.state !== q.state) continue;
			if (q.projectId !== undefined && (project ?? '') !== q.projectId) continue;
			if (q.community !== undefined && (community ?? '').trim() !== q.community.trim()) continue;
			const m = (p.measures ?? {}) as Record<string, unknown>;
			const measurement = {} as SummaryItem['measurement'];
			for (const k of SUMMED_QUANTITIES) if (typeof m[k] === 'number') measurement[k] = m[k] as number;
			const id = String(f.id);
			items.push({ id, type: p.type, state: p.state, project, community, measurement });
			geometries.set(id, f.geometry);
		}
		if (page.features.length < PAGE || offset + PAGE >= page.numberMatched) break;
	}
	return { items, geometries };
}

/**
 * Hectares per (type, zone) and ('' = all types, zone) of the DISSOLVED polygons (library `dissolvePolygons`,
 * decision 111): the parts of each union are overlaid with the zones, so overlapping works count once.
 */
function netHaByZone(
	items: SummaryItem[],
	geometries: Map<string, Geometry>,
	zones: OverlayZone[]
): Map<string, number> {
	const byType = new Map<string, (Polygon | MultiPolygon)[]>([['', []]]);
	for (const it of items) {
		const g = geometries.get(it.id);
		if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
		if (!byType.has(it.type)) byType.set(it.type, []);
		byType.get(it.type)!.push(g);
		byType.get('')!.push(g);
	}
	const out = new Map<string, number>();
	for (const [type, geoms] of byType) {
		if (geoms.length === 0) continue;
		const parts = dissolvePolygons(geoms).geometry.coordinates.map((coordinates, k) => ({
			id: String(k),
			geometry: { type: 'Polygon', coordinates } satisfies Polygon
		}));
		const ov = overlayInterventionsZones(parts, zones);
		for (const p of ov.pairs) {
			const key = `${type}|${p.zoneId}`;
			out.set(key, (out.get(key) ?? 0) + p.areaHa);
		}
	}
	return out;
}

export async function buildSummary(
	repo: Repository,
	statuses: FeatureStatus[],
	q: SummaryQuery
): Promise<InterventionSummary> {
	const { items, geometries } = await loadItems(repo, statuses, q);
	const projects = new Map((await repo.projects.list()).map((p) => [p.id, p.name]));
	const label = (by: GroupBy, key: string): string => {
		if (by === 'type') return isInterventionType(key) ? INTERVENTION_TYPE_DEFS[key].nombre : key;
		if (by === 'state') return isInterventionState(key) ? INTERVENTION_STATE_LABELS[key] : key;
		if (key === '') return by === 'project' ? 'Sin proyecto' : 'Sin comunidad';
		if (by === 'project') return projects.get(key) ?? `${key} (proyecto no encontrado)`;
		return key;
	};
	const rows = (by: GroupBy) => summarizeBy(items, by).map((r) => ({ ...r, label: label(by, r.key) }));
	const pve = (by: Exclude<GroupBy, 'state'>) =>
		plannedVsExecuted(items, by).map((r) => ({ ...r, label: label(by, r.key) }));

	const zones = await zeeZones();
	let byZee: InterventionSummary['byZee'] = { available: false, rows: [] };
	if (zones) {
		const ov = overlayInterventionsZones(
			items.map((it) => ({ id: it.id, geometry: geometries.get(it.id)! })),
			zones
		);
		const zoneOf = new Map(zones.map((z) => [z.id, z]));
		const net = netHaByZone(items, geometries, zones);
		byZee = {
			available: true,
			rows: summarizeByZone(items, ov).map((r) => ({
				zoneId: r.zoneId,
				zoneName: zoneOf.get(r.zoneId)?.name ?? r.zoneId,
				categoria: zoneOf.get(r.zoneId)?.categoria ?? '',
				type: r.type,
				interventions: r.interventions,
				areaHa: r.areaHa,
				netAreaHa: net.get(`${r.type}|${r.zoneId}`) ?? 0,
				lengthM: r.lengthM,
				count: r.count
			}))
		};
	}
	return {
		generatedAt: new Date().toISOString(),
		filters: q,
		count: items.length,
		totals: summarizeAll(items),
		byType: rows('type'),
		byState: rows('state'),
		byProject: rows('project'),
		byCommunity: rows('community'),
		byZee,
		plannedVsExecuted: { byProject: pve('project'), byCommunity: pve('community'), byType: pve('type') }
	};
}

// ---- CSV -------------------------------------------------------------------------------------------

export const CSV_BY = ['type', 'state', 'project', 'community', 'zee'] as const;
export type CsvBy = (typeof CSV_BY)[number];

const GROUP_HEADER: Record<Exclude<CsvBy, 'zee'>, string> = {
	type: 'Tipo de intervención',
	state: 'Estado',
	project: 'Proyecto',
	community: 'Comunidad'
};

export const QUANTITY_HEADERS: Record<(typeof SUMMED_QUANTITIES)[number], string> = {
	areaHa: 'Área (ha)',
	lengthM: 'Longitud (m)',
	volumeM3: 'Volumen (m³)',
	treatedHa: 'Área tratada (ha)',
	plants: 'Plantas',
	fenceM: 'Cerco (m)',
	posts: 'Postes',
	protectedHa: 'Área protegida (ha)',
	capacityM3: 'Capacidad (m³)',
	costSoles: 'Costo estimado (S/)'
};

/** Numbers with a decimal point, rounded to 6 decimals, no thousands separator. */
function num(n: number): string {
	return String(Math.round(n * 1e6) / 1e6);
}

function cell(v: string, sep: string): string {
	// Formula injection guard (a cell starting with = + - @ runs in spreadsheets) and RFC 4180 quoting.
	const s = /^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
	return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function summaryCsv(s: InterventionSummary, by: CsvBy, sep: ';' | ','): string {
	const lines: string[][] = [];
	if (by === 'zee') {
		lines.push([
			'Zona ZEE',
			'Id de zona',
			'Categoría',
			'Tipo de intervención',
			'Intervenciones',
			'Área (ha)',
			'Área sin superposición (ha)',
			'Longitud (m)',
			'Puntos'
		]);
		for (const r of s.byZee.rows)
			lines.push([
				r.zoneName,
				r.zoneId,
				r.categoria,
				r.type === ''
					? 'Todos los tipos'
					: isInterventionType(r.type)
						? INTERVENTION_TYPE_DEFS[r.type].nombre
						: r.type,
				String(r.interventions),
				num(r.areaHa),
				num(r.netAreaHa),
				num(r.lengthM),
				String(r.count)
			]);
	} else {
		const rows = { type: s.byType, state: s.byState, project: s.byProject, community: s.byCommunity }[by];
		const q = SUMMED_QUANTITIES;
		lines.push([GROUP_HEADER[by], 'Clave', 'N.º de intervenciones', ...q.map((k) => QUANTITY_HEADERS[k])]);
		for (const r of rows) lines.push([r.label, r.key, String(r.count), ...q.map((k) => num(r[k]))]);
		lines.push(['Total', '', String(s.totals.count), ...q.map((k) => num(s.totals[k]))]);
	}
	return '\uFEFF' + lines.map((l) => l.map((c) => cell(c, sep)).join(sep)).join('\r\n') + '\r\n';
}

/**
 * GET /api/interventions/table — the works attribute table paged, sorted and filtered on the server, with
 * the totals of the whole filtered set (docs/decisions/110). The rows (attributes + summed measures + bbox,
 * no geometry) are kept in memory per set of visible statuses and rebuilt when the layer changes (marker:
 * append-only audit rows of the layer + feature count, checked on every request), so a page of 100 000
 * works costs a filter + sort in memory, not a read of every feature.
 */
import { z } from 'zod';
import {
	INTERVENTION_STATES,
	INTERVENTION_TYPE_DEFS,
	INTERVENTION_TYPES,
	isInterventionState,
	isInterventionType,
	summarizeAll,
	SUMMED_QUANTITIES,
	type InterventionState,
	type InterventionType,
	type SummaryItem,
	type Totals
} from '../../geo/interventions';
import type { FeatureStatus, Repository } from '../repo/types';
import { INTERVENTIONS_LAYER } from './schema';

export const TABLE_SORT = [
	'name',
	'type',
	'state',
	'community',
	'project',
	'areaHa',
	'lengthM',
	'volumeM3',
	'plants',
	'costSoles'
] as const;
export type TableSort = (typeof TABLE_SORT)[number];

export const tableQuerySchema = z
	.object({
		sort: z.enum(TABLE_SORT).default('type'),
		dir: z.enum(['asc', 'desc']).default('asc'),
		type: z.enum(INTERVENTION_TYPES).optional(),
		state: z.enum(INTERVENTION_STATES).optional(),
		q: z.string().max(200).optional(),
		status: z.enum(['borrador', 'publicado']).optional(),
		limit: z.coerce.number().int().min(1).max(500).default(100),
		offset: z.coerce.number().int().min(0).max(10_000_000).default(0)
	})
	.strict();
export type TableQuery = z.infer<typeof tableQuerySchema>;

export interface TableRow {
	id: number;
	status: FeatureStatus;
	version: number;
	name: string;
	type: InterventionType;
	state: InterventionState;
	community: string;
	projectId: string;
	notes: string;
	measures: Partial<Record<(typeof SUMMED_QUANTITIES)[number], number>>;
	bbox: [number, number, number, number];
}

export interface TablePage {
	rows: TableRow[];
	numberMatched: number;
	total: number;
	offset: number;
	limit: number;
	totals: Totals;
}

interface Cache {
	key: string;
	rows: TableRow[];
	/** lower-cased text searched by `q` (name, community, project name, notes) */
	text: string[];
	projects: Map<string, string>;
}
const caches = new Map<string, Promise<Cache>>();
const PAGE = 10_000;

async function changeKey(repo: Repository, statuses: readonly FeatureStatus[]): Promise<string> {
	const [audits, page] = await Promise.all([
		repo.audit.count({ layer: INTERVENTIONS_LAYER }),
		repo.features.list({ layer: INTERVENTIONS_LAYER, statuses, limit: 1, offset: 0 })
	]);
	return `${audits}:${page.numberMatched}`;
}

async function build(repo: Repository, statuses: readonly FeatureStatus[], key: string): Promise<Cache> {
	const projects = new Map((await repo.projects.list()).map((p) => [p.id, p.name]));
	const rows: TableRow[] = [];
	const text: string[] = [];
	for (let offset = 0; ; offset += PAGE) {
		const page = await repo.features.list({ layer: INTERVENTIONS_LAYER, statuses, limit: PAGE, offset });
		for (const f of page.features) {
			const p = f.properties;
			if (!isInterventionType(p.type) || !isInterventionState(p.state)) continue;
			const m = (p.measures ?? {}) as Record<string, unknown>;
			const measures: TableRow['measures'] = {};
			for (const k of SUMMED_QUANTITIES) if (typeof m[k] === 'number') measures[k] = m[k] as number;
			const row: TableRow = {
				id: f.id,
				status: f.status,
				version: f.version,
				name: typeof p.name === 'string' ? p.name : '',
				type: p.type,
				state: p.state,
				community: typeof p.community === 'string' ? p.community : '',
				projectId: typeof p.projectId === 'string' ? p.projectId : '',
				notes: typeof p.notes === 'string' ? p.notes : '',
				measures,
				bbox: f.bbox
			};
			rows.push(row);
			text.push(
				[row.name, row.community, projects.get(row.projectId) ?? row.projectId, row.notes]
					.join('\u0000')
					.toLowerCase()
			);
		}
		if (page.features.length < PAGE) break;
	}
	return { key, rows, text, projects };
}

async function rowsFor(repo: Repository, statuses: readonly FeatureStatus[]): Promise<Cache> {
	const slot = [...statuses].sort().join(',');
	const key = await changeKey(repo, statuses);
	const cached = caches.get(slot);
	if (cached) {
		const c = await cached.catch(() => null);
		if (c && c.key === key) return c;
	}
	const p = build(repo, statuses, key);
	caches.set(slot, p);
	p.catch(() => caches.delete(slot));
	return p;
}

/** Text sort key: lower case without accents (fast `<` comparisons instead of a collator per pair). */
const textKey = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function tablePage(
	repo: Repository,
	statuses: readonly FeatureStatus[],
	q: TableQuery
): Promise<TablePage> {
	const c = await rowsFor(repo, statuses);
	const needle = q.q?.trim().toLowerCase() ?? '';
	const idx: number[] = [];
	for (let i = 0; i < c.rows.length; i++) {
		const r = c.rows[i]!;
		if (q.type && r.type !== q.type) continue;
		if (q.state && r.state !== q.state) continue;
		if (q.status && r.status !== q.status) continue;
		if (needle && !c.text[i]!.includes(needle)) continue;
		idx.push(i);
	}
	const dir = q.dir === 'asc' ? 1 : -1;
	const s = q.sort;
	// one sort key per matched row, computed once
	const keys = new Map<number, string | number>();
	for (const i of idx) {
		const r = c.rows[i]!;
		keys.set(
			i,
			s === 'state'
				? INTERVENTION_STATES.indexOf(r.state)
				: s === 'type'
					? textKey(INTERVENTION_TYPE_DEFS[r.type].nombre)
					: s === 'project'
						? textKey(c.projects.get(r.projectId) ?? r.projectId)
						: s === 'name' || s === 'community'
							? textKey(r[s])
							: (r.measures[s] ?? 0)
		);
	}
	idx.sort((i, j) => {
		const a = keys.get(i)!;
		const b = keys.get(j)!;
		const d = typeof a === 'number' && typeof b === 'number' ? a - b : cmpText(String(a), String(b));
		return d * dir || c.rows[i]!.id - c.rows[j]!.id;
	});
	const items: SummaryItem[] = idx.map((i) => {
		const r = c.rows[i]!;
		return { id: String(r.id), type: r.type, state: r.state, measurement: r.measures };
	});
	return {
		rows: idx.slice(q.offset, q.offset + q.limit).map((i) => c.rows[i]!),
		numberMatched: idx.length,
		total: c.rows.length,
		offset: q.offset,
		limit: q.limit,
		totals: summarizeAll(items)
	};
}

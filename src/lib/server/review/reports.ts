/**
 * Dashboards (/tablero, staff) and the public transparency view (/transparencia, /api/transparency) of
 * issue 7. All totals are plain sums of the per-work `measures` computed on save (library
 * `measureIntervention`), listed alongside as `items`, so a total always equals the sum of its unit rows.
 *
 * "Hectares" of a work (`haOf`): treatedHa (zanjas: area treated) if > 0, else protectedHa (springs: the
 * protection circle), else areaHa — one number per work so money can be divided by it.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import {
	INTERVENTION_TYPE_DEFS,
	INTERVENTION_TYPES,
	SUMMED_QUANTITIES,
	isInterventionType,
	type InterventionType,
	type SummedQuantity
} from '../../geo/interventions';
import { INTERVENTIONS_LAYER } from '../interventions/schema';
import type { Project, Repository, StoredFeature } from '../repo/types';
import { evidenceJson } from './http';
import type { Review, ReviewState } from './types';

/** The quantity a goal of each type is usually expressed in (ha / m / m³). */
export const GOAL_MAIN_QUANTITY: Record<InterventionType, SummedQuantity> = {
	zanja_infiltracion: 'lengthM',
	forestacion: 'areaHa',
	pastos_naturales: 'areaHa',
	proteccion_manante: 'protectedHa',
	microreservorio: 'capacityM3',
	anden: 'areaHa'
};
export const QUANTITY_UNITS: Partial<Record<SummedQuantity | 'count', string>> = {
	areaHa: 'ha',
	treatedHa: 'ha',
	protectedHa: 'ha',
	lengthM: 'm',
	fenceM: 'm',
	volumeM3: 'm³',
	capacityM3: 'm³',
	plants: 'plantas',
	posts: 'postes',
	costSoles: 'S/',
	count: 'unid.'
};

type Measures = Partial<Record<SummedQuantity, number>>;

export function measuresOf(p: Record<string, unknown>): Measures {
	const m = (p.measures ?? {}) as Record<string, unknown>;
	const out: Measures = {};
	for (const k of SUMMED_QUANTITIES)
		if (typeof m[k] === 'number' && Number.isFinite(m[k])) out[k] = m[k] as number;
	return out;
}

export function haOf(m: Measures): number {
	if ((m.treatedHa ?? 0) > 0) return m.treatedHa!;
	if ((m.protectedHa ?? 0) > 0) return m.protectedHa!;
	return m.areaHa ?? 0;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function yearOf(p: Record<string, unknown>, project: Project | undefined): number | null {
	for (const k of ['endDate', 'startDate']) {
		const s = str(p[k]);
		if (s && /^\d{4}/.test(s)) return Number(s.slice(0, 4));
	}
	return project?.year ?? null;
}

export interface DashboardItem {
	id: number;
	name: string | null;
	type: InterventionType;
	typeLabel: string;
	state: string;
	projectId: string | null;
	community: string | null;
	year: number | null;
	reviewState: ReviewState;
	status: string;
	ha: number;
	measures: Measures;
}

async function allWorks(repo: Repository, statuses: ('borrador' | 'publicado')[]): Promise<StoredFeature[]> {
	const out: StoredFeature[] = [];
	for (let offset = 0; ; offset += 5000) {
		const page = await repo.features.list({ layer: INTERVENTIONS_LAYER, statuses, limit: 5000, offset });
		out.push(...page.features);
		if (page.features.length < 5000) break;
	}
	return out;
}

const zero = (): Measures & { count: number; ha: number } => {
	const t = { count: 0, ha: 0 } as Measures & { count: number; ha: number };
	for (const q of SUMMED_QUANTITIES) t[q] = 0;
	return t;
};
function add(t: ReturnType<typeof zero>, it: DashboardItem) {
	t.count++;
	t.ha += it.ha;
	for (const q of SUMMED_QUANTITIES) t[q] = (t[q] ?? 0) + (it.measures[q] ?? 0);
}

const PENDING: ReviewState[] = ['enviado', 'observado', 'subsanado'];

export async function buildDashboard(repo: Repository, projectId?: string) {
	const projects = await repo.projects.list();
	const pById = new Map(projects.map((p) => [p.id, p]));
	const reviews = new Map((await repo.review.list()).map((r) => [r.featureId, r]));
	const items: DashboardItem[] = [];
	for (const f of await allWorks(repo, ['borrador', 'publicado'])) {
		const p = f.properties;
		if (!isInterventionType(p.type)) continue;
		const pid = str(p.projectId);
		if (projectId !== undefined && (pid ?? '') !== projectId) continue;
		const measures = measuresOf(p);
		items.push({
			id: f.id,
			name: str(p.name),
			type: p.type,
			typeLabel: INTERVENTION_TYPE_DEFS[p.type].nombre,
			state: String(p.state ?? ''),
			projectId: pid,
			community: str(p.community),
			year: yearOf(p, pid ? pById.get(pid) : undefined),
			reviewState: reviews.get(f.id)?.state ?? 'borrador',
			status: f.status,
			ha: haOf(measures),
			measures
		});
	}
	const scoped = projectId === undefined ? projects : projects.filter((p) => p.id === projectId);
	const executed = items.filter((i) => i.state === 'ejecutada');
	const approved = items.filter((i) => i.reviewState === 'aprobado');

	const totals = { all: zero(), executed: zero(), approved: zero() };
	for (const it of items) add(totals.all, it);
	for (const it of executed) add(totals.executed, it);
	for (const it of approved) add(totals.approved, it);

	const byType = INTERVENTION_TYPES.map((t) => {
		const q = GOAL_MAIN_QUANTITY[t];
		const goals: Measures & { count?: number } = {};
		for (const p of scoped)
			for (const [k, v] of Object.entries(p.goals?.[t] ?? {}))
				(goals as Record<string, number>)[k] = ((goals as Record<string, number>)[k] ?? 0) + v;
		const ex = zero();
		const ap = zero();
		const pl = zero();
		for (const it of items.filter((i) => i.type === t)) {
			if (it.state !== 'propuesta') add(pl, it);
			if (it.state === 'ejecutada') add(ex, it);
			if (it.reviewState === 'aprobado') add(ap, it);
		}
		return {
			type: t,
			label: INTERVENTION_TYPE_DEFS[t].nombre,
			quantity: q,
			unit: QUANTITY_UNITS[q] ?? '',
			goal: (goals as Record<string, number>)[q] ?? null,
			goals,
			planned: pl,
			executed: ex,
			approved: ap
		};
	});

	const group = (keyOf: (i: DashboardItem) => string) => {
		const m = new Map<
			string,
			{ executed: ReturnType<typeof zero>; approved: ReturnType<typeof zero>; pending: number }
		>();
		for (const it of items) {
			const k = keyOf(it);
			let g = m.get(k);
			if (!g) m.set(k, (g = { executed: zero(), approved: zero(), pending: 0 }));
			if (it.state === 'ejecutada') add(g.executed, it);
			if (it.reviewState === 'aprobado') add(g.approved, it);
			if (PENDING.includes(it.reviewState)) g.pending++;
		}
		return [...m.entries()]
			.sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'es')))
			.map(([key, g]) => ({ key, ...g }));
	};

	const reviewCounts = {} as Record<ReviewState, number>;
	for (const s of ['borrador', 'enviado', 'observado', 'subsanado', 'aprobado', 'rechazado'] as ReviewState[])
		reviewCounts[s] = executed.filter((i) => i.reviewState === s).length;

	const projectRows = scoped.map((p) => {
		const mine = items.filter((i) => i.projectId === p.id);
		const ex = zero();
		const ap = zero();
		for (const it of mine) {
			if (it.state === 'ejecutada') add(ex, it);
			if (it.reviewState === 'aprobado') add(ap, it);
		}
		const disbursed = p.disbursements.reduce((s, d) => s + d.amountSoles, 0);
		return {
			id: p.id,
			name: p.name,
			code: p.code,
			year: p.year,
			illustrative: p.illustrative,
			budgetSoles: p.budgetSoles,
			disbursedSoles: disbursed,
			executed: ex,
			approved: ap,
			solesPerApprovedHa: ap.ha > 0 && disbursed > 0 ? disbursed / ap.ha : null,
			estimatedCostPerHa: ex.ha > 0 && (ex.costSoles ?? 0) > 0 ? (ex.costSoles ?? 0) / ex.ha : null
		};
	});

	return {
		generatedAt: new Date().toISOString(),
		projectId: projectId ?? null,
		totals,
		byType,
		byYear: group((i) => (i.year === null ? '' : String(i.year))),
		byCommunity: group((i) => i.community ?? ''),
		byProject: group((i) => i.projectId ?? ''),
		review: {
			byState: reviewCounts,
			approved: approved.length,
			pending: executed.filter((i) => PENDING.includes(i.reviewState)).length
		},
		projects: projectRows,
		items
	};
}
export type Dashboard = Awaited<ReturnType<typeof buildDashboard>>;

// ---- CSV --------------------------------------------------------------------------------------------

function cell(v: unknown): string {
	const s =
		v === null || v === undefined
			? ''
			: typeof v === 'number'
				? String(Math.round(v * 1e4) / 1e4)
				: String(v);
	return /[;,"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export function toCsv(rows: unknown[][]): string {
	return '\uFEFF' + rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}

export const DASHBOARD_CSV = ['type', 'year', 'community', 'project', 'works'] as const;
export function dashboardCsv(d: Dashboard, by: (typeof DASHBOARD_CSV)[number]): string {
	if (by === 'type')
		return toCsv([
			[
				'Tipo',
				'Magnitud',
				'Unidad',
				'Meta',
				'Planificado',
				'Ejecutado',
				'Aprobado',
				'Obras ejecutadas',
				'Obras aprobadas'
			],
			...d.byType.map((r) => [
				r.label,
				r.quantity,
				r.unit,
				r.goal,
				r.planned[r.quantity],
				r.executed[r.quantity],
				r.approved[r.quantity],
				r.executed.count,
				r.approved.count
			])
		]);
	if (by === 'works')
		return toCsv([
			[
				'Id',
				'Nombre',
				'Tipo',
				'Estado',
				'Revisión',
				'Proyecto',
				'Comunidad',
				'Año',
				'Hectáreas',
				...SUMMED_QUANTITIES
			],
			...d.items.map((i) => [
				i.id,
				i.name,
				i.typeLabel,
				i.state,
				i.reviewState,
				i.projectId,
				i.community,
				i.year,
				i.ha,
				...SUMMED_QUANTITIES.map((q) => i.measures[q] ?? 0)
			]),
			[
				'Total',
				'',
				'',
				'',
				'',
				'',
				'',
				'',
				d.totals.all.ha,
				...SUMMED_QUANTITIES.map((q) => d.totals.all[q] ?? 0)
			]
		]);
	if (by === 'project')
		return toCsv([
			[
				'Proyecto',
				'Código',
				'Año',
				'Ilustrativo',
				'Presupuesto S/',
				'Desembolsado S/',
				'Ha ejecutadas',
				'Ha aprobadas',
				'S/ por ha aprobada',
				'Costo estimado S/ por ha'
			],
			...d.projects.map((p) => [
				p.name,
				p.code,
				p.year,
				p.illustrative ? 'sí' : 'no',
				p.budgetSoles,
				p.disbursedSoles,
				p.executed.ha,
				p.approved.ha,
				p.solesPerApprovedHa,
				p.estimatedCostPerHa
			])
		]);
	const rows = by === 'year' ? d.byYear : d.byCommunity;
	return toCsv([
		[
			by === 'year' ? 'Año' : 'Comunidad',
			'Obras ejecutadas',
			'Ha ejecutadas',
			'Obras aprobadas',
			'Ha aprobadas',
			'Pendientes de revisión',
			'Costo estimado S/'
		],
		...rows.map((r) => [
			r.key || (by === 'year' ? 'Sin año' : 'Sin comunidad'),
			r.executed.count,
			r.executed.ha,
			r.approved.count,
			r.approved.ha,
			r.pending,
			r.executed.costSoles
		])
	]);
}

// ---- public transparency ----------------------------------------------------------------------------

const PUBLIC_QUANTITIES: SummedQuantity[] = [
	'areaHa',
	'lengthM',
	'volumeM3',
	'treatedHa',
	'protectedHa',
	'capacityM3',
	'plants',
	'costSoles'
];

/**
 * Approved works only, from the snapshot taken at approval (later edits are not public until approved
 * again). No user names, notes, drafts or photo locations (unless the photo's flag allows it).
 */
export async function buildTransparency(repo: Repository) {
	const projects = await repo.projects.list();
	const pById = new Map(projects.map((p) => [p.id, p]));
	const approved: Review[] = await repo.review.list(['aprobado']);
	const features: Feature<Geometry>[] = [];
	const perProject = new Map<string, { count: number; ha: number; costSoles: number }>();
	let lastUpdate: string | null = null;
	const total = { count: 0, ha: 0, costSoles: 0, lengthM: 0, capacityM3: 0 };
	for (const r of approved) {
		const snap = r.approvedSnapshot;
		if (!snap) continue;
		const p = snap.properties;
		if (!isInterventionType(p.type)) continue;
		const m = measuresOf(p);
		const pub: Measures = {};
		for (const q of PUBLIC_QUANTITIES) if (m[q] !== undefined) pub[q] = m[q];
		const ha = haOf(m);
		const pid = str(p.projectId);
		const evidence = (await repo.review.listEvidence(r.featureId)).map((e) => evidenceJson(e, true));
		features.push({
			type: 'Feature',
			id: r.featureId,
			geometry: snap.geometry,
			properties: {
				id: r.featureId,
				name: str(p.name),
				type: p.type,
				typeLabel: INTERVENTION_TYPE_DEFS[p.type].nombre,
				community: str(p.community),
				projectId: pid,
				projectName: pid ? (pById.get(pid)?.name ?? null) : null,
				year: yearOf(p, pid ? pById.get(pid) : undefined),
				approvedAt: r.approvedAt?.slice(0, 10) ?? null,
				ha,
				measures: pub,
				evidence
			}
		});
		total.count++;
		total.ha += ha;
		total.costSoles += m.costSoles ?? 0;
		total.lengthM += m.lengthM ?? 0;
		total.capacityM3 += m.capacityM3 ?? 0;
		const k = pid ?? '';
		const t = perProject.get(k) ?? { count: 0, ha: 0, costSoles: 0 };
		t.count++;
		t.ha += ha;
		t.costSoles += m.costSoles ?? 0;
		perProject.set(k, t);
		if (r.approvedAt && (!lastUpdate || r.approvedAt > lastUpdate)) lastUpdate = r.approvedAt;
	}
	const projectRows = projects.map((p) => {
		const t = perProject.get(p.id) ?? { count: 0, ha: 0, costSoles: 0 };
		const disbursed = p.disbursements.reduce((s, d) => s + d.amountSoles, 0);
		if (p.updatedAt > (lastUpdate ?? '')) lastUpdate = p.updatedAt;
		return {
			id: p.id,
			code: p.code,
			name: p.name,
			year: p.year,
			sector: p.sector,
			executor: p.executor,
			fundingSource: p.fundingSource,
			status: p.status,
			illustrative: p.illustrative,
			budgetSoles: p.budgetSoles,
			disbursedSoles: disbursed,
			disbursementCount: p.disbursements.length,
			approvedWorks: t.count,
			approvedHa: t.ha,
			estimatedCostSoles: t.costSoles,
			solesPerApprovedHa: t.ha > 0 && disbursed > 0 ? disbursed / t.ha : null
		};
	});
	const collection: FeatureCollection = { type: 'FeatureCollection', features };
	return {
		generatedAt: new Date().toISOString(),
		lastUpdate,
		totals: { ...total, disbursedSoles: projectRows.reduce((s, p) => s + p.disbursedSoles, 0) },
		projects: projectRows,
		works: collection
	};
}
export type Transparency = Awaited<ReturnType<typeof buildTransparency>>;

/**
 * Summaries of interventions: totals by type, state, MRSE project, community and ZEE zone, and planned vs
 * executed per project / community / type. Pure sums of already computed measurements
 * (`measureIntervention`) and overlay pairs (`overlayInterventionsZones`) — no geometry here, so the
 * table, the summary panel and the CSV export add up to the same numbers.
 *
 * Pitfall: sum hectares from `measureIntervention`/overlay (ellipsoidal), never from turf.area (spherical,
 * ≈ 0.38% high at 13°S); per-zone hectares of an intervention crossing a zone edge come from clipping.
 */
import type { InterventionMeasurement } from './measure';
import type { OverlayResult } from './overlay';
import type { InterventionState, InterventionType } from './types';

export const SUMMED_QUANTITIES = [
	'areaHa',
	'lengthM',
	'volumeM3',
	'treatedHa',
	'plants',
	'fenceM',
	'posts',
	'protectedHa',
	'capacityM3',
	'costSoles'
] as const;
export type SummedQuantity = (typeof SUMMED_QUANTITIES)[number];

export type Totals = Record<SummedQuantity, number> & { count: number };

export interface SummaryItem {
	id: string;
	type: InterventionType;
	state: InterventionState;
	project?: string;
	community?: string;
	measurement: Pick<InterventionMeasurement, SummedQuantity>;
}

export interface SummaryRow extends Totals {
	/** Group key; '' when the attribute is empty (shown as «sin asignar»). */
	key: string;
}

export type GroupBy = 'type' | 'state' | 'project' | 'community';

export function emptyTotals(): Totals {
	const t = { count: 0 } as Totals;
	for (const q of SUMMED_QUANTITIES) t[q] = 0;
	return t;
}

function add(t: Totals, m: SummaryItem['measurement']): void {
	t.count++;
	for (const q of SUMMED_QUANTITIES) t[q] += m[q] ?? 0;
}

function groupKey(item: SummaryItem, by: GroupBy): string {
	return (item[by] ?? '').trim();
}

/** Totals grouped by one attribute, rows sorted by key ('' last). */
export function summarizeBy(items: readonly SummaryItem[], by: GroupBy): SummaryRow[] {
	const groups = new Map<string, Totals>();
	for (const it of items) {
		const k = groupKey(it, by);
		let t = groups.get(k);
		if (!t) groups.set(k, (t = emptyTotals()));
		add(t, it.measurement);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'es')))
		.map(([key, t]) => ({ key, ...t }));
}

/** Grand total over all items. */
export function summarizeAll(items: readonly SummaryItem[]): Totals {
	const t = emptyTotals();
	for (const it of items) add(t, it.measurement);
	return t;
}

export interface ZoneSummaryRow {
	zoneId: string;
	/** Intervention type, or '' for the all-types row of the zone. */
	type: InterventionType | '';
	/** Interventions touching the zone. */
	interventions: number;
	/** Hectares of polygon interventions inside the zone (clipped, ellipsoidal). */
	areaHa: number;
	/** Metres of line interventions inside the zone (clipped, geodesic). */
	lengthM: number;
	/** Points (springs, reservoirs) inside the zone. */
	count: number;
}

/**
 * Per-zone totals (e.g. ZEE zones) from an overlay of the same items, per zone and per zone × type.
 * Only geometric quantities are split by zone; costs, plants etc. of an intervention crossing a zone
 * edge are not apportioned (would need an assumption) — group by zone of its largest part if needed.
 */
export function summarizeByZone(items: readonly SummaryItem[], overlay: OverlayResult): ZoneSummaryRow[] {
	const typeOf = new Map(items.map((it) => [it.id, it.type]));
	const rows = new Map<string, ZoneSummaryRow & { seen: Set<string> }>();
	const row = (zoneId: string, type: InterventionType | '') => {
		const k = `${zoneId}\u0000${type}`;
		let r = rows.get(k);
		if (!r) {
			r = { zoneId, type, interventions: 0, areaHa: 0, lengthM: 0, count: 0, seen: new Set() };
			rows.set(k, r);
		}
		return r;
	};
	for (const p of overlay.pairs) {
		const type = typeOf.get(p.itemId);
		if (!type) continue;
		for (const r of [row(p.zoneId, ''), row(p.zoneId, type)]) {
			if (!r.seen.has(p.itemId)) {
				r.seen.add(p.itemId);
				r.interventions++;
			}
			r.areaHa += p.areaHa;
			r.lengthM += p.lengthM;
			r.count += p.count;
		}
	}
	return [...rows.values()]
		.map(({ seen: _seen, ...r }) => r)
		.sort((a, b) => a.zoneId.localeCompare(b.zoneId, 'es') || a.type.localeCompare(b.type));
}

export interface PlannedVsExecutedRow {
	key: string;
	/** Totals per state. */
	byState: Record<InterventionState, Totals>;
	/** Committed scope: planificada + en_ejecucion + ejecutada (proposals are not yet planned). */
	planned: Totals;
	/** ejecutada only. */
	executed: Totals;
}

/**
 * Planned vs executed per project, community or type. "Planned" = everything that reached planning
 * (planificada, en ejecución or ejecutada); "executed" = ejecutada. Proposals are in `byState` only.
 */
export function plannedVsExecuted(
	items: readonly SummaryItem[],
	by: Exclude<GroupBy, 'state'>
): PlannedVsExecutedRow[] {
	const rows = new Map<string, PlannedVsExecutedRow>();
	for (const it of items) {
		const key = groupKey(it, by);
		let r = rows.get(key);
		if (!r) {
			r = {
				key,
				byState: {
					propuesta: emptyTotals(),
					planificada: emptyTotals(),
					en_ejecucion: emptyTotals(),
					ejecutada: emptyTotals()
				},
				planned: emptyTotals(),
				executed: emptyTotals()
			};
			rows.set(key, r);
		}
		add(r.byState[it.state], it.measurement);
		if (it.state !== 'propuesta') add(r.planned, it.measurement);
		if (it.state === 'ejecutada') add(r.executed, it.measurement);
	}
	return [...rows.values()].sort((a, b) =>
		a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key, 'es')
	);
}

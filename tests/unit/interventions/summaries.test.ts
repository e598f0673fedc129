import { describe, expect, it } from 'vitest';
import {
	plannedVsExecuted,
	summarizeAll,
	summarizeBy,
	summarizeByZone,
	type SummaryItem
} from '../../../src/lib/geo/interventions/summaries';
import type { OverlayResult } from '../../../src/lib/geo/interventions/overlay';

const items: SummaryItem[] = [
	{
		id: 'a',
		type: 'forestacion',
		state: 'ejecutada',
		project: 'Can Can',
		community: 'Taucca',
		measurement: { areaHa: 2, plants: 2222, costSoles: 6666 } as SummaryItem['measurement']
	},
	{
		id: 'b',
		type: 'forestacion',
		state: 'planificada',
		project: 'Can Can',
		community: 'Umasbamba',
		measurement: { areaHa: 3, plants: 3333, costSoles: 9999 } as SummaryItem['measurement']
	},
	{
		id: 'c',
		type: 'zanja_infiltracion',
		state: 'propuesta',
		project: '',
		community: 'Taucca',
		measurement: { lengthM: 500, volumeM3: 80, costSoles: 3000 } as SummaryItem['measurement']
	},
	{
		id: 'd',
		type: 'zanja_infiltracion',
		state: 'en_ejecucion',
		project: 'Can Can',
		measurement: { lengthM: 100, volumeM3: 16, costSoles: 600 } as SummaryItem['measurement']
	}
];

describe('summaries', () => {
	it('totals by type and grand total', () => {
		const rows = summarizeBy(items, 'type');
		expect(rows.map((r) => [r.key, r.count, r.areaHa, r.lengthM])).toEqual([
			['forestacion', 2, 5, 0],
			['zanja_infiltracion', 2, 0, 600]
		]);
		expect(summarizeAll(items)).toMatchObject({ count: 4, costSoles: 20265, plants: 5555 });
	});
	it('empty attribute groups last as ""', () => {
		expect(summarizeBy(items, 'project').map((r) => r.key)).toEqual(['Can Can', '']);
		expect(summarizeBy(items, 'community').map((r) => r.key)).toEqual(['Taucca', 'Umasbamba', '']);
	});
	it('planned vs executed: planned = planificada + en ejecución + ejecutada; executed = ejecutada', () => {
		const [canCan, none] = plannedVsExecuted(items, 'project');
		expect(canCan?.planned).toMatchObject({ count: 3, areaHa: 5, lengthM: 100 });
		expect(canCan?.executed).toMatchObject({ count: 1, areaHa: 2 });
		expect(none?.planned.count).toBe(0);
		expect(none?.byState.propuesta.lengthM).toBe(500);
	});
	it('by zone, from overlay pairs', () => {
		const overlay = {
			pairs: [
				{ itemId: 'a', zoneId: 'Z1', areaHa: 1.5, lengthM: 0, count: 0 },
				{ itemId: 'a', zoneId: 'Z2', areaHa: 0.5, lengthM: 0, count: 0 },
				{ itemId: 'c', zoneId: 'Z1', areaHa: 0, lengthM: 500, count: 0 }
			]
		} as unknown as OverlayResult;
		const rows = summarizeByZone(items, overlay);
		expect(rows.find((r) => r.zoneId === 'Z1' && r.type === '')).toMatchObject({
			interventions: 2,
			areaHa: 1.5,
			lengthM: 500
		});
		expect(rows.find((r) => r.zoneId === 'Z2' && r.type === 'forestacion')).toMatchObject({
			interventions: 1,
			areaHa: 0.5
		});
	});
});

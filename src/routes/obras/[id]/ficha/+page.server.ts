import { getRepository } from '$lib/server/repo';
import { workPageData } from '$lib/server/review/pages';
import {
	buildDashboard,
	GOAL_MAIN_QUANTITY,
	haOf,
	measuresOf,
	QUANTITY_UNITS
} from '$lib/server/review/reports';
import { isInterventionType } from '$lib/geo/interventions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const base = await workPageData(locals, params.id);
	const p = base.detail.feature.properties as Record<string, unknown>;
	const repo = getRepository();
	const project = typeof p.projectId === 'string' ? await repo.projects.get(p.projectId) : null;
	let goal: {
		quantity: string;
		unit: string;
		goal: number | null;
		work: number;
		projectExecuted: number;
		projectApproved: number;
	} | null = null;
	if (isInterventionType(p.type)) {
		const q = GOAL_MAIN_QUANTITY[p.type];
		const m = measuresOf(p);
		let projectExecuted = 0;
		let projectApproved = 0;
		let g: number | null = null;
		if (project) {
			const d = await buildDashboard(repo, project.id);
			const row = d.byType.find((r) => r.type === p.type);
			projectExecuted = row?.executed[q] ?? 0;
			projectApproved = row?.approved[q] ?? 0;
			g = row?.goal ?? null;
		}
		goal = {
			quantity: q,
			unit: QUANTITY_UNITS[q] ?? '',
			goal: g,
			work: m[q] ?? 0,
			projectExecuted,
			projectApproved
		};
	}
	return {
		...base,
		ha: haOf(measuresOf(p)),
		project: project
			? {
					id: project.id,
					name: project.name,
					code: project.code,
					year: project.year,
					illustrative: project.illustrative
				}
			: null,
		goal,
		printedAt: new Date().toISOString()
	};
};

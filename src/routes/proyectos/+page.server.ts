import { can } from '$lib/server/auth/handle';
import { getRepository } from '$lib/server/repo';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const projects = (await getRepository().projects.list()).map((p) => ({
		id: p.id,
		code: p.code,
		name: p.name,
		year: p.year,
		sector: p.sector,
		executor: p.executor,
		budgetSoles: p.budgetSoles,
		disbursedSoles: p.disbursements.reduce((s, d) => s + d.amountSoles, 0),
		fundingSource: p.fundingSource,
		status: p.status,
		illustrative: p.illustrative
	}));
	return { projects, canEdit: can(locals, 'project:write') };
};

import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/handle';
import { INTERVENTION_TYPE_DEFS, INTERVENTION_TYPES } from '$lib/geo/interventions';
import { getRepository } from '$lib/server/repo';
import { GOAL_MAIN_QUANTITY, QUANTITY_UNITS } from '$lib/server/review/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const repo = getRepository();
	const project = await repo.projects.get(params.id);
	if (!project) error(404, 'No existe ese proyecto.');
	const staff = can(locals, 'feature:read_all');
	return {
		project,
		documents: staff ? await repo.review.listDocuments(project.id) : null,
		canEdit: can(locals, 'project:write'),
		types: INTERVENTION_TYPES.map((t) => ({
			type: t,
			label: INTERVENTION_TYPE_DEFS[t].nombre,
			quantity: GOAL_MAIN_QUANTITY[t],
			unit: QUANTITY_UNITS[GOAL_MAIN_QUANTITY[t]] ?? ''
		}))
	};
};

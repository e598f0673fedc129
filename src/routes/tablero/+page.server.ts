import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/handle';
import { getRepository } from '$lib/server/repo';
import { buildDashboard } from '$lib/server/review/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!can(locals, 'feature:read_all')) error(403, 'Su rol no permite ver el tablero.');
	const repo = getRepository();
	const p = url.searchParams.get('proyecto');
	const projectId = p === null || p === 'todos' ? undefined : p.slice(0, 64);
	const d = await buildDashboard(repo, projectId);
	const { items, ...rest } = d;
	return {
		dashboard: { ...rest, itemCount: items.length },
		projects: (await repo.projects.list()).map((x) => ({ id: x.id, name: x.name })),
		projectId: projectId ?? null
	};
};

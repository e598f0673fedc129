import { requirePage } from '$lib/server/http/forms';
import { getRepository } from '$lib/server/repo';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requirePage(locals, 'user:manage');
	const repo = getRepository();
	const [users, auditRows, chain, schemaVersion] = await Promise.all([
		repo.users.list(),
		repo.audit.count(),
		repo.audit.verifyChain(),
		repo.schemaVersion()
	]);
	return {
		userCount: users.length,
		activeUsers: users.filter((u) => !u.disabled).length,
		auditRows,
		chain,
		schemaVersion,
		db: repo.kind
	};
};

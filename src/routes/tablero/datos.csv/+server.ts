import { requireCapability } from '$lib/server/auth/handle';
import { ApiError, api } from '$lib/server/http/errors';
import { getRepository } from '$lib/server/repo';
import { buildDashboard, dashboardCsv, DASHBOARD_CSV } from '$lib/server/review/reports';
import type { RequestHandler } from './$types';

/** `?by=type|year|community|project|works&projectId=` → UTF-8 CSV with BOM, `;` separator. */
export const GET: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'feature:read_all');
	const by = (event.url.searchParams.get('by') ?? 'type') as (typeof DASHBOARD_CSV)[number];
	if (!DASHBOARD_CSV.includes(by)) throw new ApiError(400, 'INVALID_QUERY', 'Parámetro «by» inválido.');
	const p = event.url.searchParams.get('projectId');
	const d = await buildDashboard(getRepository(), p === null ? undefined : p.slice(0, 64));
	return new Response(dashboardCsv(d, by), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="tablero-${by}.csv"`,
			'cache-control': 'no-store'
		}
	});
});

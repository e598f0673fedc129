/** GET /api/interventions/summary and /summary.csv. */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '../auth/handle';
import { ApiError } from '../http/errors';
import { getRepository } from '../repo';
import type { FeatureStatus } from '../repo/types';
import { parseOr400 } from '../schemas/common';
import { buildSummary, CSV_BY, summaryCsv, summaryQuerySchema } from './summary';

function visibleStatuses(event: RequestEvent, status?: FeatureStatus): FeatureStatus[] {
	const all: FeatureStatus[] = can(event.locals, 'feature:read_all')
		? ['borrador', 'publicado']
		: ['publicado'];
	if (!status) return all;
	if (!all.includes(status)) throw new ApiError(403, 'FORBIDDEN', 'Su rol no permite ver borradores.');
	return [status];
}

export async function summaryJson(event: RequestEvent): Promise<Response> {
	const q = parseOr400(summaryQuerySchema, Object.fromEntries(event.url.searchParams), 'INVALID_QUERY');
	const s = await buildSummary(getRepository(), visibleStatuses(event, q.status), q);
	return json(s, { headers: { 'cache-control': 'no-store' } });
}

const csvQuerySchema = summaryQuerySchema.extend({
	by: z.enum(CSV_BY).default('type'),
	sep: z.enum([';', ',']).default(';')
});

export async function summaryCsvResponse(event: RequestEvent): Promise<Response> {
	const { by, sep, ...q } = parseOr400(
		csvQuerySchema,
		Object.fromEntries(event.url.searchParams),
		'INVALID_QUERY'
	);
	const s = await buildSummary(getRepository(), visibleStatuses(event, q.status), q);
	return new Response(summaryCsv(s, by, sep), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="resumen-intervenciones-${by}.csv"`,
			'cache-control': 'no-store'
		}
	});
}

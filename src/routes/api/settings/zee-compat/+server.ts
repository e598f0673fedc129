import { api } from '$lib/server/http/errors';
import { getZeeCompat, putZeeCompat } from '$lib/server/interventions/settingsHttp';
import type { RequestHandler } from './$types';

/** ZEE category × intervention type compatibility table (editable; docs/decisions/070-zee-compat.md). */
export const GET: RequestHandler = api(() => getZeeCompat());
/** comite, admin: `{ value: { matrix, note? }, version }`. */
export const PUT: RequestHandler = api(putZeeCompat);

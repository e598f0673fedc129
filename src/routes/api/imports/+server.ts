import { api } from '$lib/server/http/errors';
import { listImports } from '$lib/server/imports/http';

/** GET /api/imports — every import record (staff). */
export const GET = api(listImports);

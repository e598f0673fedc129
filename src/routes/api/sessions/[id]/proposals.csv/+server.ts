import { api } from '$lib/server/http/errors';
import { exportProposals } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api((e) => exportProposals(e, 'csv'));

import { api } from '$lib/server/http/errors';
import { getEvidenceThumb } from '$lib/server/evidence/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(getEvidenceThumb);

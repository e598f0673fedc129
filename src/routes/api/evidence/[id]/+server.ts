import { api } from '$lib/server/http/errors';
import { deleteEvidence, getEvidenceFile } from '$lib/server/evidence/http';
import type { RequestHandler } from './$types';

/** Staff: the original (`?public=1`: the stripped copy). Others: stripped copy, approved works only. */
export const GET: RequestHandler = api(getEvidenceFile);
export const DELETE: RequestHandler = api(deleteEvidence);

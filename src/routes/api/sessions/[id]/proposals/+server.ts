import { api } from '$lib/server/http/errors';
import { createProposal, listProposals } from '$lib/server/sessions/http';
import type { RequestHandler } from './$types';

/** `{ session, proposals, photos }`. */
export const GET: RequestHandler = api(listProposals);
/** `{ kind, geometry, name?, community?, group?, comment?, photoId? }` → 201 `{ proposal }`. */
export const POST: RequestHandler = api(createProposal);

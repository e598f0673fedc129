import { api } from '$lib/server/http/errors';
import { getReview, postReview } from '$lib/server/review/http';
import type { RequestHandler } from './$types';

/** Review of an executed work: state, planned vs executed, thread, evidence, allowed actions (staff). */
export const GET: RequestHandler = api(getReview);
/** `{action: submit|observe|fix|approve|reject|reopen, reason, version}`; stale → 409 VERSION_CONFLICT. */
export const POST: RequestHandler = api(postReview);

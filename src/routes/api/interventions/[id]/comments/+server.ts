import { api } from '$lib/server/http/errors';
import { getComments, postComment } from '$lib/server/review/http';
import type { RequestHandler } from './$types';

/** The review thread (comments and transitions, oldest first). Staff only. */
export const GET: RequestHandler = api(getComments);
/** `{text, point?: [lon, lat] | {lon, lat}}` → 201 ThreadEntry. */
export const POST: RequestHandler = api(postComment);

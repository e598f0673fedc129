import { api } from '$lib/server/http/errors';
import { deleteStory, getStory, updateStory } from '$lib/server/stories/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(getStory);
/** Full content + `version` (or If-Match); stale → 409 VERSION_CONFLICT + `current`. */
export const PUT: RequestHandler = api(updateStory);
export const DELETE: RequestHandler = api(deleteStory);

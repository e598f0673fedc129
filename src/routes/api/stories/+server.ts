import { api } from '$lib/server/http/errors';
import { createStory, listStories } from '$lib/server/stories/http';
import type { RequestHandler } from './$types';

/** All stories (summaries; public). */
export const GET: RequestHandler = api(() => listStories());
/** comite, admin: `{ title: {es, qu?}, description?, steps: [] }` → 201. */
export const POST: RequestHandler = api(createStory);

import { api } from '$lib/server/http/errors';
import { exportStory } from '$lib/server/stories/http';
import type { RequestHandler } from './$types';

/** The story as a `yaku-story` JSON file (attachment). */
export const GET: RequestHandler = api(exportStory);

import { api } from '$lib/server/http/errors';
import { importStory } from '$lib/server/stories/http';
import type { RequestHandler } from './$types';

/** comite, admin: the body is an exported `yaku-story` file → 201; invalid → 422 STORY_FILE_INVALID. */
export const POST: RequestHandler = api(importStory);

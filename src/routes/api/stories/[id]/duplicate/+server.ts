import { api } from '$lib/server/http/errors';
import { duplicateStory } from '$lib/server/stories/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(duplicateStory);

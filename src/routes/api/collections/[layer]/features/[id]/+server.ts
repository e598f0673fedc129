import { api } from '$lib/server/http/errors';
import {
	deleteFeature,
	featureResponse,
	params,
	readableFeature,
	updateFeature
} from '$lib/server/http/features';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async (event) => {
	const { layer, id } = params(event);
	return featureResponse(await readableFeature(event, layer, id!));
});

/** Full replacement; send the `version` you read (or If-Match). Stale → 409 VERSION_CONFLICT + `current`. */
export const PUT: RequestHandler = api((event) => updateFeature(event, 'put'));
/** Partial: any of geometry, properties, status (+ version). Reviewers use it to publish. */
export const PATCH: RequestHandler = api((event) => updateFeature(event, 'patch'));
export const DELETE: RequestHandler = api(deleteFeature);

import { conformance, ogc } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ogc(async ({ url }) => conformance(url));

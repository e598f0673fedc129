import { landing, ogc } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

/** OGC API – Features landing page (docs/ogc.md). */
export const GET: RequestHandler = ogc(async ({ url }) => landing(url));

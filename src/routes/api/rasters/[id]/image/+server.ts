import { api } from '$lib/server/http/errors';
import { getRasterImage } from '$lib/server/rasters/http';

/** The stored image (PNG/WebP), ETag + immutable cache (ids are never reused). */
export const GET = api(getRasterImage);

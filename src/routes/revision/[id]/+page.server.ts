import { workPageData } from '$lib/server/review/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => workPageData(locals, params.id);

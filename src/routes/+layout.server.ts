import type { LayoutServerLoad } from './$types';

/** Who is signed in, for the header (null = público). Authorization is decided on the server per request. */
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? { username: locals.user.username, displayName: locals.user.displayName, role: locals.user.role }
		: null
});

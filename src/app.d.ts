// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface Locals {
			/** Signed-in user, or null for anonymous (role `publico`). Set by hooks (sessionHandle). */
			user: SessionUser | null;
			/** The current session (hash of its token, idle expiry), or null. */
			session: { idHash: string; expiresAt: string } | null;
			/** Per-request id, also sent as `x-request-id` and stored on audit rows. */
			requestId: string;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};

import type { Capability, Role } from './roles';
import { roleCan } from './roles';

/** What a route needs, decided in hooks before any handler runs (handlers check again, finer). */
export type Requirement =
	{ kind: 'public' } | { kind: 'signed_in' } | { kind: 'any'; caps: readonly Capability[] };

interface Rule {
	path: RegExp;
	methods?: readonly string[];
	need: Requirement;
}

const PUBLIC: Requirement = { kind: 'public' };
const need = (...caps: Capability[]): Requirement => ({ kind: 'any', caps });
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** First match wins. Unlisted safe requests are public; unlisted mutating requests need a signed-in user. */
const RULES: readonly Rule[] = [
	{ path: /^\/admin\/setup\/?$/, need: PUBLIC },
	{ path: /^\/admin\/auditoria(\/|$)/, need: need('audit:read') },
	{ path: /^\/admin(\/|$)/, need: need('user:manage') },
	{ path: /^\/cuenta(\/|$)/, need: need('account:self') },
	{ path: /^\/(login|logout)\/?$/, need: PUBLIC },
	{ path: /^\/api\/session\/?$/, need: PUBLIC },
	{ path: /^\/api\/health\/?$/, need: PUBLIC },
	{ path: /^\/api\/account(\/|$)/, need: need('account:self') },
	{ path: /^\/api\/users(\/|$)/, need: need('user:manage') },
	{ path: /^\/api\/audit(\/|$)/, need: need('audit:read') },
	{ path: /^\/api\/collections\/[^/]+\/features\/[^/]+\/history\/?$/, need: need('feature:read_all') },
	{ path: /^\/api\/collections\/[^/]+\/features\/?$/, methods: ['POST'], need: need('feature:write') },
	{
		path: /^\/api\/collections\/[^/]+\/features\/[^/]+\/?$/,
		methods: ['PUT', 'PATCH'],
		need: need('feature:write', 'feature:publish')
	},
	{
		path: /^\/api\/collections\/[^/]+\/features\/[^/]+\/?$/,
		methods: ['DELETE'],
		need: need('feature:write')
	},
	{ path: /^\/api\/collections(\/|$)/, methods: ['GET', 'HEAD'], need: PUBLIC },
	// Issue 5: MRSE projects, parameters, settings, intervention summaries (public reads; handlers filter drafts).
	// Issue 7: project documents are for staff (they may name people); uploads need project:write.
	{
		path: /^\/api\/projects\/[^/]+\/documents(\/|$)/,
		methods: ['GET', 'HEAD'],
		need: need('feature:read_all')
	},
	{
		path: /^\/api\/projects\/[^/]+\/documents(\/[^/]+)?\/?$/,
		methods: ['POST', 'DELETE'],
		need: need('project:write')
	},
	{ path: /^\/api\/projects(\/|$)/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/projects\/?$/, methods: ['POST'], need: need('project:write') },
	{
		path: /^\/api\/projects\/[^/]+\/?$/,
		methods: ['PUT', 'PATCH', 'DELETE'],
		need: need('project:write')
	},
	{ path: /^\/api\/params(\/|$)/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/settings\/[^/]+\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/settings\/[^/]+\/?$/, methods: ['PUT'], need: need('settings:write') },
	// Issue 9: stories are public to read; assembly sessions (and their draft proposals, photos) are staff-only.
	{ path: /^\/api\/stories(\/|$)/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/stories(\/|$)/, need: need('assembly:write') },
	{ path: /^\/api\/sessions(\/|$)/, methods: ['GET', 'HEAD'], need: need('feature:read_all') },
	{ path: /^\/api\/sessions(\/|$)/, need: need('assembly:write') },
	{ path: /^\/api\/interventions\/summary(\.csv)?\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	// Issue 10: OGC API – Features and vector tiles, read-only (handlers show drafts only to staff).
	{ path: /^\/ogc(\/|$)/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/tiles(\/|$)/, methods: ['GET', 'HEAD'], need: PUBLIC },
	// Issue 7: review of executed works (staff), evidence photos, public transparency (handlers check again).
	{
		path: /^\/api\/interventions\/[^/]+\/(review|comments|evidence)\/?$/,
		methods: ['GET', 'HEAD'],
		need: need('feature:read_all')
	},
	{
		path: /^\/api\/interventions\/[^/]+\/(review|evidence)\/?$/,
		methods: ['POST'],
		need: need('feature:write', 'feature:publish')
	},
	{ path: /^\/api\/interventions\/[^/]+\/comments\/?$/, methods: ['POST'], need: need('feature:read_all') },
	{ path: /^\/api\/evidence\/[^/]+(\/thumb)?\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{
		path: /^\/api\/evidence\/[^/]+\/?$/,
		methods: ['DELETE'],
		need: need('feature:write', 'feature:publish')
	},
	{ path: /^\/api\/transparency\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/(revision|obras|tablero)(\/|$)/, need: need('feature:read_all') },
	// Issue 8: the installation's DEM (public read, admin replace)
	{ path: /^\/api\/dem(\/info)?\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/dem\/?$/, methods: ['PUT', 'DELETE'], need: need('terrain:manage') },
	{ path: /^\/api\/layers\/derived\/[^/]+\/?$/, methods: ['PUT'], need: need('terrain:manage') },
	// Issue 6: import wizard targets (handlers check roles again).
	{ path: /^\/api\/imports\/layers(\/[^/]+)?\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/imports\/layers\/?$/, methods: ['POST'], need: need('feature:write') },
	{ path: /^\/api\/imports\/layers\/[^/]+\/?$/, methods: ['DELETE'], need: need('feature:write') },
	{ path: /^\/api\/imports\/layers\/[^/]+\/status\/?$/, methods: ['POST'], need: need('feature:publish') },
	{ path: /^\/api\/imports(\/|$)/, methods: ['GET', 'HEAD'], need: need('feature:read_all') },
	{ path: /^\/api\/interventions\/bulk\/?$/, methods: ['POST'], need: need('feature:write') },
	// Issue 6: stored reference rasters (public reads; uploads, saves and deletes for comite/admin).
	{ path: /^\/api\/rasters(\/[^/]+(\/image)?)?\/?$/, methods: ['GET', 'HEAD'], need: PUBLIC },
	{ path: /^\/api\/rasters(\/|$)/, need: need('feature:write') }
];

export function requirementFor(method: string, pathname: string): Requirement {
	for (const r of RULES) {
		if (!r.path.test(pathname)) continue;
		if (r.methods && !r.methods.includes(method)) continue;
		return r.need;
	}
	return MUTATING.includes(method) ? { kind: 'signed_in' } : PUBLIC;
}

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

export function decide(req: Requirement, role: Role): Decision {
	if (req.kind === 'public') return 'allow';
	if (role === 'publico') return 'unauthenticated';
	if (req.kind === 'signed_in') return 'allow';
	return req.caps.some((c) => roleCan(role, c)) ? 'allow' : 'forbidden';
}

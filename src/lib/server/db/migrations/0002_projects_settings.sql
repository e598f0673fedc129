-- yaku schema 2: MRSE projects (minimal, issue 5; issue 7 extends) and versioned settings.
-- Never edit once applied: add 0003_*.sql.

CREATE TABLE projects (
	id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
	code TEXT CHECK (code IS NULL OR length(code) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	year INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2200),
	sector TEXT,
	executor TEXT,
	-- NULL = unknown; never invent a budget.
	budget_soles REAL CHECK (budget_soles IS NULL OR budget_soles >= 0),
	funding_source TEXT,
	status TEXT,
	-- 1 = demo record whose figures are not official.
	illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
	-- Per intervention type parameter overrides: {"forestacion": {"densityPlantsPerHa": 1600}}.
	params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params) AND json_type(params) = 'object'),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_by INTEGER REFERENCES users (id),
	updated_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_code ON projects (code) WHERE code IS NOT NULL;

CREATE TABLE settings (
	key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
	value TEXT NOT NULL CHECK (json_valid(value)),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	updated_by INTEGER REFERENCES users (id),
	updated_at TEXT NOT NULL
);

-- Interventions reference a project by properties.projectId.
CREATE INDEX features_project ON features (layer, json_extract(properties, '$.projectId'));

-- Demo project: only its name, year and sector are public facts; no budget or other figures are invented.
INSERT INTO projects (id, code, name, year, sector, executor, budget_soles, funding_source, status, illustrative,
	params, version, created_by, updated_by, created_at, updated_at)
VALUES ('can-can-2017', NULL,
	'Recuperación de los servicios ecosistémicos del sector Can Can para la regulación hídrica, Distrito de Chinchero, 2017',
	2017, 'Can Can', NULL, NULL, NULL, NULL, 1, '{}', 1, NULL, NULL,
	strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- ZEE category × intervention type compatibility (editable defaults, docs/decisions/070-zee-compat.md).
INSERT INTO settings (key, value, version, updated_by, updated_at)
VALUES ('zee_compat', '{"matrix":{"productiva":{"zanja_infiltracion":"compatible","forestacion":"compatible","pastos_naturales":"compatible","proteccion_manante":"compatible","microreservorio":"compatible","anden":"compatible"},"proteccion_conservacion":{"zanja_infiltracion":"restringido","forestacion":"compatible","pastos_naturales":"compatible","proteccion_manante":"compatible","microreservorio":"restringido","anden":"restringido"},"tratamiento_especial":{"zanja_infiltracion":"incompatible","forestacion":"restringido","pastos_naturales":"compatible","proteccion_manante":"restringido","microreservorio":"incompatible","anden":"restringido"},"recuperacion":{"zanja_infiltracion":"compatible","forestacion":"compatible","pastos_naturales":"compatible","proteccion_manante":"compatible","microreservorio":"compatible","anden":"compatible"},"urbano_industrial":{"zanja_infiltracion":"restringido","forestacion":"compatible","pastos_naturales":"restringido","proteccion_manante":"compatible","microreservorio":"incompatible","anden":"restringido"}},"note":"Tabla editable de referencia del equipo yaku, no oficial: cada Comité la ajusta a su ZEE aprobada."}', 1, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

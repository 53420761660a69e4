// GET /staff, /staff/*: the staff console (API.md "The staff console"), served by the stack itself.
import { presentConsoleFile } from '../shared/adapters/http/presenters/staff-console.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { staffConsoleRoute } from '../shared/adapters/http/routes/staff-console.ts';

export const handler = httpRoute(staffConsoleRoute, async (request) => presentConsoleFile(request));

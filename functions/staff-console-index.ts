// GET /staff: the staff console's page without the trailing slash (the same answers as /staff/*).
import { presentConsoleFile } from '../shared/adapters/http/presenters/staff-console.ts';
import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { staffConsoleIndexRoute } from '../shared/adapters/http/routes/staff-console.ts';

export const handler = httpRoute(staffConsoleIndexRoute, async (request) => presentConsoleFile(request));

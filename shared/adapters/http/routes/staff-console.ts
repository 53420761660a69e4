// GET /staff and GET /staff/{proxy+}: the staff console's page, scripts, styles and config.json.
// Public (the page itself signs in against Cognito); not API operations, so not in the OpenAPI document.
import * as z from 'zod/mini';
import { defineRoute } from '../route-record.ts';

const consoleRoute = {
  method: 'GET',
  table: 'none',
  auth: 'public',
  staffPoolIds: true,
  request: () => ({}),
  responses: { 200: { description: 'A file of the console', schema: z.string(), contentType: 'text/html' } },
} as const;

const docs = {
  summary: 'The staff console',
  description: 'The front desk’s web app (API.md "The staff console"); its files and config.json.',
  tags: ['Staff'],
  problems: [],
  hidden: true,
} as const;

export const staffConsoleIndexRoute = defineRoute({
  ...consoleRoute,
  id: 'StaffConsoleIndex',
  path: '/staff',
  entry: 'functions/staff-console-index.ts',
  docs: { ...docs, operationId: 'getStaffConsole' },
});

export const staffConsoleRoute = defineRoute({
  ...consoleRoute,
  id: 'StaffConsole',
  path: '/staff/{proxy+}',
  entry: 'functions/staff-console.ts',
  docs: { ...docs, operationId: 'getStaffConsoleFile' },
});

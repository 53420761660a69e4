// GET /v1/staff/me: who the console is signed in as.
import * as z from '../../../core/zod.ts';
import { defineRoute } from '../route-record.ts';

export const staffMeSchema = z.object({
  sub: z.string().check(z.describe('The member’s id in the user pool')),
  email: z.string().check(z.describe('The member’s email, from the user pool')),
  groups: z.array(z.string()).check(z.describe('`frontdesk`, `admin`, or both')),
});

export const staffMeRoute = defineRoute({
  id: 'StaffMe',
  method: 'GET',
  path: '/v1/staff/me',
  entry: 'functions/staff-me.ts',
  table: 'none',
  auth: 'staff',
  request: () => ({}),
  responses: { 200: { description: 'The signed-in staff member', schema: staffMeSchema } },
  docs: {
    operationId: 'getStaffMe',
    summary: 'The signed-in staff member',
    description:
      'A user of the pool in neither `frontdesk` nor `admin` gets `403 forbidden` here as on every staff route.',
    tags: ['Staff'],
    problems: [],
  },
});

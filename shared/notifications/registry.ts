// Which planner handles which kind of item (the item's `kind` attribute). Each feature adds its own.
import { clinicConfig } from '../config/runtime.ts';
import { inquiryEmailPlanner } from '../inquiries/notifications.ts';
import type { PlannerRegistration } from './planner.ts';

export const PLANNERS: Readonly<Record<string, PlannerRegistration>> = {
  inquiry: { plan: inquiryEmailPlanner(clinicConfig) },
};

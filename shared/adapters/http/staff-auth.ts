// Who is calling a staff route: the identity API Gateway's JWT authorizer verified (its claims ride
// on the event; the local gateway puts them there the same way), checked against the route's
// group rule (API.md "Staff"), with the staff member's email looked up once for the audit trail.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../../core/errors.ts';
import { identityFromAuthorizerClaims } from '../cognito/claims.ts';
import type { StaffDirectory } from '../cognito/directory.ts';
import type { RouteAuth } from './route-record.ts';

/** A signed-in staff member, as the use cases and the audit trail see them. */
export interface StaffActor {
  readonly sub: string;
  readonly groups: readonly string[];
  readonly isAdmin: boolean;
  /** The member's email, from the pool (access tokens carry none). */
  email(): Promise<string>;
}

const STAFF_GROUPS = new Set(['frontdesk', 'admin']);

/** The claims of a verified token, where API Gateway's JWT authorizer leaves them. */
function claimsOf(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  return context.authorizer?.jwt?.claims;
}

/**
 * @throws UnauthorizedError without verified claims (never reached behind the authorizer)
 * @throws ForbiddenError when the member's groups do not open the route: `frontdesk` or `admin`
 *   for `staff` routes, `admin` for `admin` routes
 */
export function staffActorOf(
  event: APIGatewayProxyEventV2,
  auth: Exclude<RouteAuth, 'public'>,
  directory: () => StaffDirectory,
): StaffActor {
  const claims = claimsOf(event);
  const identity = claims ? identityFromAuthorizerClaims(claims) : undefined;
  if (!identity) throw new UnauthorizedError();
  const isAdmin = identity.groups.includes('admin');
  const allowed = auth === 'admin' ? isAdmin : identity.groups.some((group) => STAFF_GROUPS.has(group));
  if (!allowed) throw new ForbiddenError();
  let email: Promise<string> | undefined;
  return {
    sub: identity.sub,
    groups: identity.groups,
    isAdmin,
    email: () => {
      email ??= directory()
        .emailOf(identity.sub)
        .then((found) => {
          // Deleted from the pool since signing in: the token outlived the account.
          if (found === undefined) throw new UnauthorizedError('This staff account no longer exists');
          return found;
        });
      return email;
    },
  };
}

// The HTTP API: CORS from the clinic config, stage throttling with per-route overrides, access logs
// that record the route template and outcome of each request but nothing a patient sent, one route
// per function, and optionally the clinic's own domain with the execute-api endpoint turned off.
import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SIGN_IN_SCOPE } from '../../shared/adapters/cognito/pool.ts';
import { corsPolicy } from '../../shared/adapters/http/cors.ts';
import type { RouteDefinition } from '../../shared/adapters/http/route-record.ts';
import { acknowledgeEach } from '../support/nag.ts';

/**
 * One JSON line per request. `routeKey` is the route template (`POST /v1/bookings/{id}`), so ids
 * in paths are not logged; there is no query string, body, user agent or client IP: an IP beside
 * "booked an appointment at a clinic" is personal health information, and the functions keep
 * their own per-client rate-limit state without logs. The API request id ties a line to the
 * function's log.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
} as const;

export interface ApiProps {
  readonly stage: string;
  readonly allowedOrigins: readonly string[];
  /** Steady-state requests per second across the stage. */
  readonly rateLimit: number;
  /** Requests the stage absorbs in a burst above the rate. */
  readonly burstLimit: number;
  readonly logRetention: logs.RetentionDays;
  readonly logKey: kms.IKey;
  /** The staff user pool: every `staff` and `admin` route gets a JWT authorizer for it. */
  readonly staffIdentity?: { readonly issuerUrl: string; readonly clientId: string };
  /**
   * The API on the clinic's own domain (a regional API Gateway custom domain with a certificate
   * from the stack's region, mapped to the stage). The execute-api endpoint is then disabled, so
   * the domain is the only way in. @default the execute-api endpoint only
   */
  readonly domain?: ApiDomain;
  /** Route id → its own throttle instead of the stage's; every id must be routed. @default none */
  readonly routeThrottles?: Readonly<Record<string, RouteThrottle>>;
}

export interface ApiDomain {
  /** Host name, such as api.clinic.example. */
  readonly name: string;
  /** ACM certificate for the host name, in the stack's region. */
  readonly certificateArn: string;
}

export interface RouteThrottle {
  /** Steady-state requests per second. */
  readonly rate: number;
  /** Requests absorbed in a burst above the rate. */
  readonly burst: number;
}

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The custom domain, when the API has one. */
  readonly domainName: apigw.DomainName | undefined;
  /** Its host name as configured (a plain string, where `domainName.name` is a reference). */
  readonly host: string | undefined;
  private readonly staffAuthorizer: HttpJwtAuthorizer | undefined;
  private readonly routeThrottles: Readonly<Record<string, RouteThrottle>>;
  /** Route key (`POST /v1/bookings`) → its throttle, for the routes added so far. */
  private readonly throttledRoutes = new Map<string, RouteThrottle>();
  private readonly routedIds = new Set<string>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.staffAuthorizer = props.staffIdentity
      ? new HttpJwtAuthorizer('StaffAuthorizer', props.staffIdentity.issuerUrl, {
          jwtAudience: [props.staffIdentity.clientId],
        })
      : undefined;
    if (props.allowedOrigins.length === 0) throw new Error(`${this.node.path}: allowedOrigins is empty`);
    if (!(props.rateLimit > 0) || !(props.burstLimit > 0)) {
      throw new Error(`${this.node.path}: rateLimit and burstLimit must be positive`);
    }
    this.routeThrottles = props.routeThrottles ?? {};
    for (const [routeId, throttle] of Object.entries(this.routeThrottles)) {
      if (!(throttle.rate > 0) || !(throttle.burst > 0)) {
        throw new Error(`${this.node.path}: the throttle of ${routeId} must have a positive rate and burst`);
      }
    }
    const cors = corsPolicy(props.allowedOrigins);
    this.host = props.domain?.name;
    this.domainName = props.domain
      ? new apigw.DomainName(this, 'Domain', {
          domainName: props.domain.name,
          certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
          endpointType: apigw.EndpointType.REGIONAL,
          securityPolicy: apigw.SecurityPolicy.TLS_1_2,
        })
      : undefined;
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `Clinic front door API (${props.stage})`,
      createDefaultStage: false,
      // With a domain of its own, the execute-api address would be a way around it (and around
      // CloudFront and its firewall, when they are in front).
      disableExecuteApiEndpoint: this.domainName !== undefined,
      corsPreflight: {
        allowOrigins: [...cors.allowOrigins],
        allowMethods: cors.allowMethods.map((method) => apigw.CorsHttpMethod[method]),
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        allowCredentials: cors.allowCredentials,
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    if (this.domainName) {
      // The whole stage at the root of the domain (https://api.clinic.example/v1/…).
      new apigw.ApiMapping(this, 'DomainMapping', {
        api: this.httpApi,
        domainName: this.domainName,
        stage: this.stage,
      });
    }
    // Per-route throttles, keyed by route key; known once the routes are added.
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = Lazy.any({
      produce: () =>
        this.throttledRoutes.size === 0
          ? undefined
          : Object.fromEntries(
              [...this.throttledRoutes].map(([routeKey, throttle]) => [
                routeKey,
                { ThrottlingRateLimit: throttle.rate, ThrottlingBurstLimit: throttle.burst },
              ]),
            ),
    });
    this.node.addValidation({
      validate: () =>
        Object.keys(this.routeThrottles)
          .filter((routeId) => !this.routedIds.has(routeId))
          .map((routeId) => `a throttle is set for ${routeId}, which is not a route of this API`),
    });
  }

  /** The base URL the website's forms post to (ends with `/`). */
  get url(): string {
    return this.host ? `https://${this.host}/` : this.stage.url;
  }

  /** The API's endpoint without a trailing slash, as the functions' `API_BASE_URL`. */
  get endpoint(): string {
    return this.host ? `https://${this.host}` : this.httpApi.apiEndpoint;
  }

  /**
   * Routes `route` to `fn` with the payload format 2.0 that the handlers are written for. A staff
   * route gets the pool's JWT authorizer, requiring the sign-in scope that only access tokens carry.
   */
  addRoute(route: RouteDefinition, fn: lambda.IFunction): void {
    const staff = route.auth !== 'public';
    if (staff && !this.staffAuthorizer) {
      // Refused rather than deployed open: a staff route needs the pool's JWT authorizer.
      throw new Error(`${this.node.path}: ${route.id} is a ${route.auth} route; this API has no authorizer`);
    }
    const [created] = this.httpApi.addRoutes({
      path: route.path,
      methods: [apigw.HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${route.id}Integration`, fn, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
      ...(staff ? { authorizer: this.staffAuthorizer, authorizationScopes: [SIGN_IN_SCOPE] } : {}),
    });
    if (created === undefined) throw new Error(`${this.node.path}: no route created for ${route.id}`);
    this.routedIds.add(route.id);
    const throttle = this.routeThrottles[route.id];
    if (throttle) {
      this.throttledRoutes.set(`${route.method} ${route.path}`, throttle);
      // The stage's route settings name the route by its key: it must exist first.
      this.stage.node.addDependency(created);
    }
    if (staff) return;
    acknowledgeEach(created, [
      [
        'AwsSolutions-APIG4',
        "A public endpoint of the clinic's website: anonymous visitors post inquiries and book without an account, so there is no identity to authorize. Abuse is bounded by the CORS allowlist, the stage throttle, a honeypot and per-client rate limits in the functions; booking changes require the booking's secret token.",
      ],
    ]);
  }
}

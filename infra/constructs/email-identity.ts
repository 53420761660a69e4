// The SES side of email: the sending domain (from the clinic's `email.from`) with Easy DKIM and a
// custom MAIL FROM subdomain (so that SPF, not only DKIM, aligns with the From domain for DMARC),
// and a configuration set that requires TLS, tracks reputation and reports every delivery event
// to CloudWatch, where the dashboard and the bounce and complaint alarms read them.
import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { senderDomain } from '../support/config.ts';

/** SES publishes configuration-set events under this dimension (a tag SES sets on every message). */
export const SES_CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/** The events sent to CloudWatch, with the metric name SES publishes each under. */
export const SES_EVENT_METRICS = {
  send: 'Send',
  delivery: 'Delivery',
  bounce: 'Bounce',
  complaint: 'Complaint',
  reject: 'Reject',
  renderingFailure: 'RenderingFailure',
  deliveryDelay: 'DeliveryDelay',
} as const;

export interface EmailIdentityProps {
  /** `email.from` of the clinic config. */
  readonly from: string;
  /**
   * The MAIL FROM domain is this subdomain of the sending domain (`bounce` → `bounce.clinic.example`).
   * @default SES's own MAIL FROM domain (amazonses.com), which DMARC's SPF check cannot align
   */
  readonly mailFromSubdomain?: string;
}

/** A DNS record to publish, as the stack outputs print it. */
export interface DnsRecord {
  readonly name: string;
  readonly type: 'MX' | 'TXT';
  readonly value: string;
}

export class EmailIdentity extends Construct {
  readonly domain: string;
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** The custom MAIL FROM domain, when there is one. */
  readonly mailFromDomain: string | undefined;

  constructor(scope: Construct, id: string, props: EmailIdentityProps) {
    super(scope, id);
    this.domain = senderDomain(props.from);
    this.mailFromDomain = props.mailFromSubdomain ? `${props.mailFromSubdomain}.${this.domain}` : undefined;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Emails carry appointment details: never let SES fall back to plain-text SMTP.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToCloudWatch', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: SES_CONFIGURATION_SET_DIMENSION,
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: 'none',
        },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
        ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });
    this.identity = new ses.EmailIdentity(this, 'Domain', {
      identity: ses.Identity.domain(this.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      dkimSigning: true,
      // Mail sent from this domain uses the configuration set even if a caller forgets to name it.
      configurationSet: this.configurationSet,
      // Until the MX record resolves, SES sends with its own MAIL FROM domain instead of refusing:
      // mail keeps flowing, aligned by DKIM alone, as before.
      ...(this.mailFromDomain
        ? {
            mailFromDomain: this.mailFromDomain,
            mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
          }
        : {}),
    });
  }

  /**
   * The MX and SPF records the MAIL FROM domain needs (SES's documented values: bounces come back
   * through SES's feedback endpoint of this region; SPF allows SES to send for the subdomain).
   */
  get mailFromRecords(): readonly DnsRecord[] {
    if (!this.mailFromDomain) return [];
    const { region } = Stack.of(this);
    return [
      { name: this.mailFromDomain, type: 'MX', value: `10 feedback-smtp.${region}.amazonses.com` },
      { name: this.mailFromDomain, type: 'TXT', value: '"v=spf1 include:amazonses.com ~all"' },
    ];
  }

  /** Built from the domain itself, so a policy shows which domain it may send as. */
  get identityArn(): string {
    const { partition, region, account } = Stack.of(this);
    return `arn:${partition}:ses:${region}:${account}:identity/${this.domain}`;
  }

  get configurationSetArn(): string {
    const { partition, region, account } = Stack.of(this);
    return `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSet.configurationSetName}`;
  }

  /** A configuration-set event count (Send, Delivery, Bounce…) as SES reports it to CloudWatch. */
  eventMetric(metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/SES',
      metricName,
      dimensionsMap: { [SES_CONFIGURATION_SET_DIMENSION]: this.configurationSet.configurationSetName },
      statistic: cloudwatch.Stats.SUM,
      ...options,
    });
  }
}

// Stands in for @aws-sdk/client-ssm (170 KB of a bundle) in the functions that never read a CAPTCHA
// secret: their clinic config has no `captcha` for their route, so shared/adapters/turnstile/secret.ts
// never asks for the client. infra/stateless-stack.ts aliases it; should it ever be asked, it fails
// by name rather than quietly.
export class SSMClient {
  send() {
    return Promise.reject(
      new Error('This function reads no SSM parameter: its route has no CAPTCHA in the clinic config'),
    );
  }
}

export class GetParameterCommand {
  constructor(input) {
    this.input = input;
  }
}

// The direction of the code (docs/architecture.md "Layers"): functions → app → core, adapters
// implement the ports app declares, and nothing points back up. test/unit/architecture.test.ts
// runs these rules over the source, and fails on any violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: the files cannot be understood, or changed, one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'The core holds rules only: no use case, adapter, config loading, platform or entry point.',
      severity: 'error',
      from: { path: '^shared/core/' },
      to: { path: ['^shared/(app|adapters|config|platform)/', '^(functions|infra|local|scripts)/'] },
    },
    {
      name: 'core-has-no-io',
      comment: 'The core touches no AWS SDK, Lambda, middy, Powertools or file system.',
      severity: 'error',
      from: { path: '^shared/core/' },
      to: {
        path: ['node_modules/(@aws-sdk|@middy|@aws-lambda-powertools|aws-lambda)/'],
      },
    },
    {
      name: 'core-has-no-fs',
      severity: 'error',
      from: { path: '^shared/core/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|http|https)$' },
    },
    {
      name: 'app-depends-on-ports',
      comment: 'Use cases reach DynamoDB, SES and HTTP only through the ports they declare.',
      severity: 'error',
      from: { path: '^shared/app/' },
      to: {
        path: [
          '^shared/(adapters|config)/',
          '^(functions|infra|local|scripts)/',
          'node_modules/(@aws-sdk|@middy|aws-lambda)/',
        ],
      },
    },
    {
      name: 'entry-points-are-leaves',
      comment: 'Nothing imports a Lambda entry point; the route records name them by path.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^functions/' },
    },
    {
      name: 'shared-is-not-local-or-infra',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(infra|local|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};

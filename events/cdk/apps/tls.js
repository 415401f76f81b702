// Service Connect TLS (SC012, AWS Private CA's cost): the CA's ARN, a customer managed KMS key and
// the infrastructure role ECS assumes to issue the certificates, with the managed policy AWS names.
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/tls.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const servicediscovery = require('aws-cdk-lib/aws-servicediscovery');

const app = new cdk.App({ outdir: process.argv[2] });

const stack = new cdk.Stack(app, 'LedgerTlsStack');
const namespace = new servicediscovery.HttpNamespace(stack, 'Namespace', { name: 'ledger.internal' });
const task = new ecs.FargateTaskDefinition(stack, 'Task', { family: 'ledger', cpu: 1024, memoryLimitMiB: 2048 });
task.addContainer('ledger', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 512,
  memoryLimitMiB: 1024,
  portMappings: [{ name: 'http', containerPort: 8443, appProtocol: ecs.AppProtocol.http }],
});
new ecs.FargateService(stack, 'Ledger', {
  cluster: new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) }),
  taskDefinition: task,
  serviceConnectConfiguration: {
    namespace: namespace.namespaceArn,
    services: [
      {
        portMappingName: 'http',
        tls: {
          awsPcaAuthorityArn:
            'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/7c1f2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
          kmsKey: new kms.Key(stack, 'TlsKey', { removalPolicy: cdk.RemovalPolicy.DESTROY }),
          role: new iam.Role(stack, 'TlsRole', {
            assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
            managedPolicies: [
              iam.ManagedPolicy.fromAwsManagedPolicyName(
                'service-role/AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity',
              ),
            ],
          }),
        },
      },
    ],
  },
});

app.synth();

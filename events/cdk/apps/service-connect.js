// The CDK app behind events/cdk/ShopStack.template.json and OrdersBlueGreenStack.template.json,
// synthesized by aws-cdk-lib 2.276.0 and constructs 10.8.1 (tests/cdk/package-lock.json, installed
// into .tools/cdk by bin/setup-test-tools; no AWS account needed):
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/service-connect.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const logs = require('aws-cdk-lib/aws-logs');

const app = new cdk.App({ outdir: process.argv[2] });

// A typical L2 service: the cluster's default namespace for Service Connect, the proxy's log
// driver (a Ref to a log group, a Ref to AWS::Region), and a port without appProtocol (SC002).
const shop = new cdk.Stack(app, 'ShopStack'); // environment-agnostic: awslogs-region is a Ref to AWS::Region
const vpc = new ec2.Vpc(shop, 'Vpc', { maxAzs: 2, natGateways: 0 });
const cluster = new ecs.Cluster(shop, 'Cluster', {
  vpc,
  defaultCloudMapNamespace: { name: 'shop.local', useForServiceConnect: true },
});
const payments = new ecs.FargateTaskDefinition(shop, 'PaymentsTask', { cpu: 512, memoryLimitMiB: 1024 });
payments.addContainer('payments', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 256,
  memoryLimitMiB: 512,
  portMappings: [{ name: 'api', containerPort: 8080 }],
});
new ecs.FargateService(shop, 'Payments', {
  cluster,
  taskDefinition: payments,
  serviceConnectConfiguration: {
    services: [{ portMappingName: 'api', dnsName: 'payments', port: 8080 }],
    logDriver: ecs.LogDrivers.awsLogs({
      streamPrefix: 'sc',
      logGroup: new logs.LogGroup(shop, 'ProxyLogs', { removalPolicy: cdk.RemovalPolicy.DESTROY }),
    }),
  },
});

// CODE_DEPLOY with Service Connect (SC001): CDK writes TaskDefinition as the family name.
const orders = new cdk.Stack(app, 'OrdersBlueGreenStack', { env: { region: 'us-east-1', account: '123456789012' } });
const ordersCluster = new ecs.Cluster(orders, 'Cluster', {
  vpc: new ec2.Vpc(orders, 'Vpc', { maxAzs: 2, natGateways: 0 }),
  defaultCloudMapNamespace: { name: 'orders.local', useForServiceConnect: true },
});
const ordersTask = new ecs.FargateTaskDefinition(orders, 'OrdersTask', { family: 'orders', cpu: 1024, memoryLimitMiB: 2048 });
ordersTask.addContainer('orders', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 512,
  memoryLimitMiB: 1024,
  portMappings: [{ name: 'http', containerPort: 8080, appProtocol: ecs.AppProtocol.http }],
});
new ecs.FargateService(orders, 'Orders', {
  cluster: ordersCluster,
  taskDefinition: ordersTask,
  deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
  serviceConnectConfiguration: { services: [{ portMappingName: 'http' }] },
});

app.synth();

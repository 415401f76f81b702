// ApplicationLoadBalancedFargateService with Service Connect: the pattern has no Service Connect
// prop and names no port mapping of its own, so the app passes a task definition with a named port
// and turns Service Connect on through the service the pattern made. Nothing to report.
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/load-balanced.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const ecsPatterns = require('aws-cdk-lib/aws-ecs-patterns');

const app = new cdk.App({ outdir: process.argv[2] });

const stack = new cdk.Stack(app, 'StorefrontAlbStack');
const cluster = new ecs.Cluster(stack, 'Cluster', {
  vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
  defaultCloudMapNamespace: { name: 'storefront.local', useForServiceConnect: true },
});
const task = new ecs.FargateTaskDefinition(stack, 'Task', { family: 'storefront', cpu: 1024, memoryLimitMiB: 2048 });
task.addContainer('web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 512,
  memoryLimitMiB: 1024,
  portMappings: [{ name: 'web', containerPort: 80, appProtocol: ecs.AppProtocol.http }],
});
const storefront = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Storefront', {
  cluster,
  taskDefinition: task,
  taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
});
storefront.service.enableServiceConnect({ services: [{ portMappingName: 'web' }] });

app.synth();

// Service Connect with the EXTERNAL deployment controller (SC001): CDK blanks out the service's
// TaskDefinition and LaunchType (and warns that it does). CODE_DEPLOY is OrdersBlueGreenStack, in
// service-connect.js.
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/deployment-controllers.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');

const app = new cdk.App({ outdir: process.argv[2] });

const stack = new cdk.Stack(app, 'BillingExternalStack');
const cluster = new ecs.Cluster(stack, 'Cluster', {
  vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
  defaultCloudMapNamespace: { name: 'billing.local', useForServiceConnect: true },
});
const task = new ecs.FargateTaskDefinition(stack, 'Task', { family: 'billing', cpu: 1024, memoryLimitMiB: 2048 });
task.addContainer('billing', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 512,
  memoryLimitMiB: 1024,
  portMappings: [{ name: 'http', containerPort: 8080, appProtocol: ecs.AppProtocol.http }],
});
new ecs.FargateService(stack, 'Billing', {
  cluster,
  taskDefinition: task,
  deploymentController: { type: ecs.DeploymentControllerType.EXTERNAL },
  serviceConnectConfiguration: { services: [{ portMappingName: 'http' }] },
});

app.synth();

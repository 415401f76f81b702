// A gRPC service whose container leaves the proxy 64 MiB of the task's memory (SC004: gRPC needs
// 128) on a cluster without Container Insights' enhanced observability (SC005). The task's CPU
// leaves the proxy its 256 units, a quarter of the task (no SC011).
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/grpc.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');

const app = new cdk.App({ outdir: process.argv[2] });

const stack = new cdk.Stack(app, 'QuotesGrpcStack');
const cluster = new ecs.Cluster(stack, 'Cluster', {
  vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
  defaultCloudMapNamespace: { name: 'quotes.local', useForServiceConnect: true },
});
const task = new ecs.FargateTaskDefinition(stack, 'Task', { family: 'quotes', cpu: 1024, memoryLimitMiB: 2048 });
task.addContainer('quotes', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 512,
  memoryLimitMiB: 1984,
  portMappings: [{ name: 'grpc', containerPort: 50051, appProtocol: ecs.AppProtocol.grpc }],
});
new ecs.FargateService(stack, 'Quotes', {
  cluster,
  taskDefinition: task,
  serviceConnectConfiguration: { services: [{ portMappingName: 'grpc' }] },
});

app.synth();

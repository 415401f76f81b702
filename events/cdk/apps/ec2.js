// An Ec2Service with Service Connect: bridge networking (Ec2TaskDefinition's default), no task-level
// CPU or memory (Ec2TaskDefinition has no such props), the cluster's default namespace made HTTP
// and used for Service Connect, and the proxy's log driver.
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/ec2.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const logs = require('aws-cdk-lib/aws-logs');
const servicediscovery = require('aws-cdk-lib/aws-servicediscovery');

const app = new cdk.App({ outdir: process.argv[2] });

const stack = new cdk.Stack(app, 'ReportsEc2Stack');
const cluster = new ecs.Cluster(stack, 'Cluster', {
  vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
  defaultCloudMapNamespace: { name: 'reports.internal', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true },
});
// An Ec2Service needs capacity in its cluster, or CDK refuses to synthesize.
cluster.addCapacity('Capacity', {
  instanceType: new ec2.InstanceType('t3.medium'),
  machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
});
const task = new ecs.Ec2TaskDefinition(stack, 'Task', { family: 'reports' });
task.addContainer('reports', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  cpu: 512,
  memoryLimitMiB: 1024,
  portMappings: [{ name: 'http', containerPort: 8080, appProtocol: ecs.AppProtocol.http }],
});
new ecs.Ec2Service(stack, 'Reports', {
  cluster,
  taskDefinition: task,
  serviceConnectConfiguration: {
    services: [{ portMappingName: 'http' }],
    logDriver: ecs.LogDrivers.awsLogs({
      streamPrefix: 'sc',
      logGroup: new logs.LogGroup(stack, 'ProxyLogs', { removalPolicy: cdk.RemovalPolicy.DESTROY }),
    }),
  },
});

app.synth();

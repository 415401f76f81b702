// A fleet of 500 Fargate services on Service Connect, for bench/peers: 20 domain stacks of 25
// services, each stack with its own cluster (its default Cloud Map namespace for Service Connect,
// enhanced Container Insights), all in the VPC of a network stack. bench/peers synthesizes it in
// each run with the aws-cdk-lib pinned in tests/cdk/package-lock.json; it is never committed:
//   NODE_PATH=.tools/cdk/node_modules node bench/cdk/fleet.js OUTDIR
// Here, beside bench/custodian/, not in events/cdk/apps/: its templates are a benchmark's input,
// not samples (CdkSynthIT wants every template of an app there committed in events/cdk/).
// Each service stack holds 177 resources, well under CloudFormation's 500: 7 a service (task
// definition, task role, execution role and its policy, log group, service, security group), the
// cluster and its namespace. The VPC reaches them as CDK's cross-stack references (Fn::ImportValue),
// which no rule reads; the cluster and namespace are each stack's own, because a cluster from
// another stack would be known only at deploy, and SC005 and SC007 could not run before it.
// Every stack's 25 services follow MIX, so what `check` should report is known: the app writes it
// to OUTDIR/expected.json, by rule id (SC001 20, SC002 60, SC004 40; 380 services clean).
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');

const STACKS = 20;

// The 25 services of each stack, in order: what each is written with, and what `check` reports.
const MIX = [
  { count: 1, protocol: ecs.AppProtocol.http, codeDeploy: true, finding: 'SC001' }, // CODE_DEPLOY with Service Connect
  { count: 3, protocol: undefined, finding: 'SC002' }, // a port without appProtocol
  { count: 2, protocol: ecs.AppProtocol.grpc, proxyMiB: 64, finding: 'SC004' }, // gRPC needs 128 MiB
  { count: 2, protocol: ecs.AppProtocol.grpc }, // clean gRPC
  { count: 17, protocol: ecs.AppProtocol.http }, // clean HTTP
];

const outdir = process.argv[2];
const app = new cdk.App({ outdir });
const network = new cdk.Stack(app, 'FleetNetworkStack');
const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2, natGateways: 0 });

const expected = {};
let n = 0;
for (let s = 1; s <= STACKS; s++) {
  const number = String(s).padStart(2, '0');
  const stack = new cdk.Stack(app, `Fleet${number}Stack`);
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc,
    containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    defaultCloudMapNamespace: { name: `fleet${number}.local`, useForServiceConnect: true },
  });
  for (const kind of MIX) {
    for (let i = 0; i < kind.count; i++) {
      const name = `svc${String(++n).padStart(3, '0')}`;
      // 1 vCPU and 2 GiB: the container leaves the proxy 256 CPU units (a quarter: no SC011) and
      // 1 GiB, or only proxyMiB.
      const task = new ecs.FargateTaskDefinition(stack, `${name}Task`, { family: name, cpu: 1024, memoryLimitMiB: 2048 });
      task.addContainer('app', {
        image: ecs.ContainerImage.fromRegistry(`public.ecr.aws/example/${name}:1.0.0`),
        cpu: 768,
        memoryLimitMiB: 2048 - (kind.proxyMiB ?? 1024),
        logging: ecs.LogDrivers.awsLogs({ streamPrefix: name }),
        portMappings: [{ name: 'api', containerPort: 8080, appProtocol: kind.protocol }],
      });
      new ecs.FargateService(stack, name, {
        cluster,
        taskDefinition: task,
        desiredCount: 2,
        deploymentController: kind.codeDeploy ? { type: ecs.DeploymentControllerType.CODE_DEPLOY } : undefined,
        serviceConnectConfiguration: { services: [{ portMappingName: 'api', dnsName: name, port: 80 }] },
      });
      if (kind.finding) {
        expected[kind.finding] = (expected[kind.finding] ?? 0) + 1;
      }
    }
  }
}

app.synth();
fs.writeFileSync(path.join(outdir, 'expected.json'), JSON.stringify(expected) + '\n');

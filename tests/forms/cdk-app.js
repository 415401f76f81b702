// The scenarios of tests/forms/scenarios.json as a CDK user writes them: one stack per scenario,
// named after its id (no-app-protocol: NoAppProtocolStack), L2 constructs only. CdkSynthIT
// synthesizes this app with the pinned aws-cdk-lib (tests/cdk/package-lock.json) and requires the
// templates committed in tests/forms/cdk/; OneVerdictTest checks each one's verdict against the
// scenario's.
//   NODE_PATH=.tools/cdk/node_modules node tests/forms/cdk-app.js OUTDIR
const assert = require('assert');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const logs = require('aws-cdk-lib/aws-logs');
const servicediscovery = require('aws-cdk-lib/aws-servicediscovery');

const app = new cdk.App({ outdir: process.argv[2] });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');

// The VPC exists already: imported, so that each template holds only the scenario's resources.
function cluster(stack, { containerInsights = ecs.ContainerInsights.ENHANCED, defaultNamespace = true } = {}) {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0a1b2c3d',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0a1b2c3d', 'subnet-0e1f2a3b'],
  });
  return new ecs.Cluster(stack, 'Cluster', {
    vpc,
    clusterName: 'prod',
    containerInsightsV2: containerInsights,
    defaultCloudMapNamespace: defaultNamespace
      ? { name: 'shop.local', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true }
      : undefined,
  });
}

// The orders task: 1 vCPU and 2 GiB, its container reserving half, one named port.
function ordersTask(stack, { cpu = 1024, memoryLimitMiB = 2048, containerCpu = 512, containerMemory = 1024, port = { appProtocol: ecs.AppProtocol.http }, ...props } = {}) {
  const task = new ecs.FargateTaskDefinition(stack, 'TaskDefinition', { family: 'orders', cpu, memoryLimitMiB, ...props });
  task.addContainer('orders', {
    image,
    cpu: containerCpu,
    memoryLimitMiB: containerMemory,
    portMappings: [{ name: 'http', containerPort: 8080, ...port }],
  });
  return task;
}

const ordersPort = { portMappingName: 'http', discoveryName: 'orders', dnsName: 'orders', port: 8080 };

function ordersService(stack, { cluster: c = cluster(stack), taskDefinition = ordersTask(stack), serviceConnect = {}, ...props } = {}) {
  return new ecs.FargateService(stack, 'Service', {
    cluster: c,
    taskDefinition,
    serviceName: 'orders',
    desiredCount: 2,
    serviceConnectConfiguration: { services: [ordersPort], ...serviceConnect },
    ...props,
  });
}

const stackName = (id) => id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('') + 'Stack';

function scenario(id, build) {
  build(new cdk.Stack(app, stackName(id)));
}

// A scenario CDK refuses to synthesize: proven here (in an app of its own, never synthesized),
// and OneVerdictTest lists it as a form that cannot express the rule.
function refused(id, build, message) {
  assert.throws(() => build(new cdk.Stack(new cdk.App(), stackName(id))), message);
}

scenario('clean-http', (stack) => ordersService(stack));

scenario('clean-grpc', (stack) =>
  ordersService(stack, { taskDefinition: ordersTask(stack, { port: { appProtocol: ecs.AppProtocol.grpc } }) }));

scenario('code-deploy', (stack) =>
  ordersService(stack, { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } }));

scenario('no-app-protocol', (stack) =>
  ordersService(stack, { taskDefinition: ordersTask(stack, { port: {} }) }));

refused(
  'port-name-mismatch',
  (stack) => ordersService(stack, { serviceConnect: { services: [{ ...ordersPort, portMappingName: 'api' }] } }),
  /Port Mapping 'api' does not exist on the task definition/,
);

scenario('no-proxy-headroom', (stack) =>
  ordersService(stack, { taskDefinition: ordersTask(stack, { containerCpu: 1024, containerMemory: 2048 }) }));

scenario('grpc-insights-off', (stack) =>
  ordersService(stack, {
    cluster: cluster(stack, { containerInsights: ecs.ContainerInsights.DISABLED }),
    taskDefinition: ordersTask(stack, { port: { appProtocol: ecs.AppProtocol.grpc } }),
  }));

scenario('windows', (stack) =>
  ordersService(stack, {
    taskDefinition: ordersTask(stack, {
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    }),
  }));

scenario('namespace-other-region', (stack) => {
  const shared = servicediscovery.HttpNamespace.fromHttpNamespaceAttributes(stack, 'Shared', {
    namespaceArn: 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-3mxzhdvayuyc2uqk',
    namespaceId: 'ns-3mxzhdvayuyc2uqk',
    namespaceName: 'shop.local',
  });
  ordersService(stack, {
    cluster: cluster(stack, { defaultNamespace: false }),
    serviceConnect: { namespace: shared.namespaceArn },
  });
});

scenario('app-mesh', (stack) => {
  const task = ordersTask(stack, {
    proxyConfiguration: new ecs.AppMeshProxyConfiguration({
      containerName: 'envoy',
      properties: {
        appPorts: [8080],
        egressIgnoredIPs: ['169.254.170.2', '169.254.169.254'],
        ignoredUID: 1337,
        proxyEgressPort: 15001,
        proxyIngressPort: 15000,
      },
    }),
  });
  task.addContainer('envoy', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.12.1-prod'),
    cpu: 128,
    memoryLimitMiB: 256,
    user: '1337',
  });
  ordersService(stack, { taskDefinition: task });
});

// Service Connect needs a named port, which CDK refuses in the host network mode.
refused(
  'host-network',
  (stack) =>
    new ecs.Ec2TaskDefinition(stack, 'TaskDefinition', { family: 'orders', networkMode: ecs.NetworkMode.HOST }).addContainer('orders', {
      image,
      memoryLimitMiB: 1024,
      portMappings: [{ name: 'http', containerPort: 8080, appProtocol: ecs.AppProtocol.http }],
    }),
  /Service connect related port mapping fields 'name' and 'appProtocol' are not supported for network mode host/,
);

// CDK registers service discovery (cloudMapOptions) only in a DNS namespace.
scenario('cloud-map-quota', (stack) => {
  const c = cluster(stack);
  const registry = new servicediscovery.PrivateDnsNamespace(stack, 'Registry', { name: 'orders.internal', vpc: c.vpc });
  ordersService(stack, { cluster: c, desiredCount: 1500, cloudMapOptions: { name: 'orders', cloudMapNamespace: registry } });
});

scenario('proxy-cpu-share', (stack) =>
  ordersService(stack, {
    taskDefinition: ordersTask(stack, { cpu: 512, memoryLimitMiB: 1024, containerCpu: 256, containerMemory: 512 }),
  }));

scenario('tls', (stack) =>
  ordersService(stack, {
    serviceConnect: {
      services: [{
        ...ordersPort,
        tls: {
          awsPcaAuthorityArn: 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          role: iam.Role.fromRoleArn(stack, 'TlsRole', 'arn:aws:iam::123456789012:role/ecsServiceConnectTls'),
        },
      }],
    },
  }));

refused(
  'access-log-without-log',
  (stack) =>
    ordersService(stack, {
      serviceConnect: { accessLogConfiguration: { format: ecs.ServiceConnectAccessLogFormat.TEXT, includeQueryParameters: false } },
    }),
  /accessLogConfiguration requires logDriver to be set/,
);

scenario('access-log-query-parameters', (stack) =>
  ordersService(stack, {
    serviceConnect: {
      logDriver: ecs.LogDrivers.awsLogs({
        streamPrefix: 'orders',
        logGroup: new logs.LogGroup(stack, 'ProxyLogs', { removalPolicy: cdk.RemovalPolicy.DESTROY }),
      }),
      accessLogConfiguration: { format: ecs.ServiceConnectAccessLogFormat.JSON, includeQueryParameters: true },
    },
  }));

// replaced: the stack as deployed, then renamed: the rename replaces the service.
scenario('replaced-previous', (stack) => ordersService(stack, { serviceName: 'orders-v1' }));
scenario('replaced', (stack) => ordersService(stack));

app.synth();

// Service Connect namespaces as CDK users pass them: an HttpNamespace of the same stack (its ARN,
// a GetAtt), and one imported by its attributes from another Region (SC007).
//   NODE_PATH=.tools/cdk/node_modules node events/cdk/apps/namespaces.js OUTDIR
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const servicediscovery = require('aws-cdk-lib/aws-servicediscovery');

const app = new cdk.App({ outdir: process.argv[2] });

/** A Fargate task of 1 vCPU and 2 GiB whose container leaves the proxy room, HTTP on 8080. */
function httpTask(stack, family) {
  const task = new ecs.FargateTaskDefinition(stack, 'Task', { family, cpu: 1024, memoryLimitMiB: 2048 });
  task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
    cpu: 512,
    memoryLimitMiB: 1024,
    portMappings: [{ name: 'http', containerPort: 8080, appProtocol: ecs.AppProtocol.http }],
  });
  return task;
}

// The clean stack: nothing to report, every rule run, exit 0 (no log driver: optional).
const catalog = new cdk.Stack(app, 'CatalogStack');
const catalogNamespace = new servicediscovery.HttpNamespace(catalog, 'Namespace', { name: 'catalog.internal' });
new ecs.FargateService(catalog, 'Catalog', {
  cluster: new ecs.Cluster(catalog, 'Cluster', { vpc: new ec2.Vpc(catalog, 'Vpc', { maxAzs: 2, natGateways: 0 }) }),
  taskDefinition: httpTask(catalog, 'catalog'),
  serviceConnectConfiguration: {
    namespace: catalogNamespace.namespaceArn,
    services: [{ portMappingName: 'http', dnsName: 'catalog', port: 80 }],
  },
});

// A namespace of eu-west-1 imported by its attributes (SC007). The stack stays environment-agnostic:
// an env would write nothing more the check reads, and its Vpc would get CDK's placeholder zones
// ("dummy1a") without the CLI's context lookup.
const inventory = new cdk.Stack(app, 'InventoryStack');
const europe = servicediscovery.HttpNamespace.fromHttpNamespaceAttributes(inventory, 'Namespace', {
  namespaceName: 'inventory.internal',
  namespaceId: 'ns-eu7kq3xw2vtrz5ab',
  namespaceArn: 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-eu7kq3xw2vtrz5ab',
});
new ecs.FargateService(inventory, 'Inventory', {
  cluster: new ecs.Cluster(inventory, 'Cluster', { vpc: new ec2.Vpc(inventory, 'Vpc', { maxAzs: 2, natGateways: 0 }) }),
  taskDefinition: httpTask(inventory, 'inventory'),
  serviceConnectConfiguration: { namespace: europe.namespaceArn, services: [{ portMappingName: 'http' }] },
});

app.synth();

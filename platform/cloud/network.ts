import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { CloudEnvironmentConfig } from '@workbench/stack-config';

export interface NetworkArgs {
  env: string;
  clusterName: string;
  zones: string[];
  network: CloudEnvironmentConfig['network'];
}

/**
 * A VPC over three zones: public subnets for load balancers and NAT, private subnets for nodes
 * and pods. Nodes reach the internet only through NAT; the subnet tags tell load balancers and
 * Karpenter which subnets are theirs.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly privateSubnets: aws.ec2.Subnet[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:Network', name, {}, opts);
    const child = { parent: this };
    const { env, zones, network } = args;
    const tags = (name: string, extra: Record<string, string> = {}) => ({ Name: name, ...extra });

    this.vpc = new aws.ec2.Vpc(`${env}-vpc`, { cidrBlock: network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags(`${env}-vpc`) }, child);
    const vpcId = this.vpc.id;
    const gateway = new aws.ec2.InternetGateway(`${env}-igw`, { vpcId, tags: tags(`${env}-igw`) }, child);

    const publicRoutes = new aws.ec2.RouteTable(`${env}-public`, { vpcId, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }], tags: tags(`${env}-public`) }, child);
    const publicSubnets = zones.map((zone, i) => {
      const subnet = new aws.ec2.Subnet(
        `${env}-public-${zone}`,
        { vpcId, availabilityZone: zone, cidrBlock: network.publicSubnets[i]!, mapPublicIpOnLaunch: false, tags: tags(`${env}-public-${zone}`, { 'kubernetes.io/role/elb': '1' }) },
        child,
      );
      new aws.ec2.RouteTableAssociation(`${env}-public-${zone}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, child);
      return subnet;
    });

    // One NAT gateway per zone survives a zone outage; `one` shares the first zone's.
    const natZones = network.natGateways === 'per-zone' ? zones : zones.slice(0, 1);
    const nats = natZones.map((zone, i) => {
      const address = new aws.ec2.Eip(`${env}-nat-${zone}`, { domain: 'vpc', tags: tags(`${env}-nat-${zone}`) }, child);
      return new aws.ec2.NatGateway(`${env}-nat-${zone}`, { allocationId: address.id, subnetId: publicSubnets[i]!.id, tags: tags(`${env}-nat-${zone}`) }, { parent: this, dependsOn: [gateway] });
    });

    this.privateSubnets = zones.map((zone, i) => {
      const subnet = new aws.ec2.Subnet(
        `${env}-private-${zone}`,
        {
          vpcId,
          availabilityZone: zone,
          cidrBlock: network.privateSubnets[i]!,
          tags: tags(`${env}-private-${zone}`, { 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': args.clusterName }),
        },
        child,
      );
      const nat = nats[Math.min(i, nats.length - 1)]!;
      const routes = new aws.ec2.RouteTable(`${env}-private-${zone}`, { vpcId, routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }], tags: tags(`${env}-private-${zone}`) }, child);
      new aws.ec2.RouteTableAssociation(`${env}-private-${zone}`, { subnetId: subnet.id, routeTableId: routes.id }, child);
      return subnet;
    });
  }
}
